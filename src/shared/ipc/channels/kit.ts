/** Channels for the Emergency Kit of an unlocked account: preview, save, print, copy the Secret Key. */
import { z } from 'zod';
import { accountRef } from './common';

export const saveOutcome = z.discriminatedUnion('status', [z.object({ status: z.literal('saved'), path: z.string() }).strict(), z.object({ status: z.literal('cancelled') }).strict()]);
export const printOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('printed') }).strict(),
  z.object({ status: z.literal('cancelled') }).strict(),
  z.object({ status: z.literal('dialog-closed') }).strict(),
  z.object({ status: z.literal('failed'), reason: z.string() }).strict(),
]);

export const kitChannels = {
  'emergencyKit.preview': { request: accountRef, response: z.object({ image: z.string().startsWith('data:image/png;base64,') }).strict() },
  'emergencyKit.save': { request: accountRef, response: saveOutcome },
  'emergencyKit.print': { request: accountRef, response: printOutcome },
  'secretKey.copy': { request: accountRef, response: z.object({ clearsAt: z.string() }).strict() },
} as const;
