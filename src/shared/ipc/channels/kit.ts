/**
 * Channels for an unlocked account's kits: the Emergency Kit (its Secret Key) and the
 * Recovery Kit (the recovery code being set up): preview, save, print; and copying the Secret Key.
 */
import { z } from 'zod';
import { accountRef } from './common';

export const saveOutcome = z.discriminatedUnion('status', [z.object({ status: z.literal('saved'), path: z.string() }).strict(), z.object({ status: z.literal('cancelled') }).strict()]);
export const printOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('printed') }).strict(),
  z.object({ status: z.literal('cancelled') }).strict(),
  z.object({ status: z.literal('dialog-closed') }).strict(),
  z.object({ status: z.literal('failed'), reason: z.string() }).strict(),
]);

export const kitKinds = ['emergency', 'recovery'] as const;
export type KitKind = (typeof kitKinds)[number];
const kitRef = accountRef.extend({ kind: z.enum(kitKinds) }).strict();

export const kitChannels = {
  'kit.preview': { request: kitRef, response: z.object({ image: z.string().startsWith('data:image/png;base64,') }).strict() },
  'kit.save': { request: kitRef, response: saveOutcome },
  'kit.print': { request: kitRef, response: printOutcome },
  'secretKey.copy': { request: accountRef, response: z.object({ clearsAt: z.string() }).strict() },
} as const;
