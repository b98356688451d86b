/** Channels for using a recovery code when locked out (sign-in screen → "Use recovery code"). */
import { z } from 'zod';
import { deviceAccount } from './account';
import { email, emptyRequest, emptyResponse, password } from './common';

export const recoveryUseChannels = {
  /** Checks the code's form on the device, proves it to the server without sending it, and has the server email a code. */
  'recoveryUse.start': {
    request: z.object({ email, code: z.string().min(1, 'Enter your recovery code.').max(300, 'That is too long for a recovery code.') }).strict(),
    response: z.object({ sentTo: z.string(), codeDigits: z.number().int(), expiresInSeconds: z.number().int(), localMailbox: z.boolean() }).strict(),
  },
  /** The emailed code; on success the account key is opened on the device (nothing is changed yet). */
  'recoveryUse.verify': {
    request: z.object({ code: z.string().trim().regex(/^\d{6,8}$/, 'Enter the digits from the email.') }).strict(),
    response: emptyResponse,
  },
  /** New password and Secret Key, the same account key re-wrapped; every session ends; this device signs in. */
  'recoveryUse.complete': {
    request: z.object({ password }).strict(),
    response: z.object({ account: deviceAccount, secretKey: z.string(), signedOut: z.number().int() }).strict(),
  },
  'recoveryUse.cancel': { request: emptyRequest, response: emptyResponse },
} as const;
