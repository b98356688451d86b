/** Channels for using a recovery code when locked out (sign-in screen → "Use recovery code"). */
import { z } from 'zod';
import { deviceAccount } from './account';
import { email, emptyRequest, emptyResponse, password } from './common';
import { recoveryCheckKind } from './recovery-checks';
import { authenticationOptionsSchema, authenticationResponseSchema } from '../../server-api/security-keys';
import { authenticatorCode } from './two-factor';

export const recoveryUseChannels = {
  /**
   * Checks the code's form on the device and proves it to the server without sending it. The
   * answer names the identity checks the owner allows; a code was emailed only if email is one.
   */
  'recoveryUse.start': {
    request: z.object({ email, code: z.string().min(1, 'Enter your recovery code.').max(300, 'That is too long for a recovery code.') }).strict(),
    response: z
      .object({
        checks: z.array(recoveryCheckKind).min(1),
        sentTo: z.string().nullable(),
        codeDigits: z.number().int(),
        expiresInSeconds: z.number().int(),
        localMailbox: z.boolean(),
        /** The challenge a security key answers, when a key is an allowed check (public, single use). */
        securityKey: authenticationOptionsSchema.nullable(),
      })
      .strict(),
  },
  /** One allowed check: the emailed code, an authenticator code, or a security key's answer. On success the account key is opened on the device (nothing is changed yet). */
  'recoveryUse.verify': {
    request: z.discriminatedUnion('check', [
      z.object({ check: z.literal('email'), code: z.string().trim().regex(/^\d{6,8}$/, 'Enter the digits from the email.') }).strict(),
      z.object({ check: z.literal('authenticator'), code: authenticatorCode }).strict(),
      z.object({ check: z.literal('securityKey'), response: authenticationResponseSchema }).strict(),
    ]),
    response: emptyResponse,
  },
  /** New password and Secret Key, the same account key re-wrapped; every session ends; this device signs in. */
  'recoveryUse.complete': {
    request: z.object({ password }).strict(),
    /** `cancelledFamilyRecovery`: an organizer's recovery of this account that this one made unneeded (the organizer is emailed). */
    response: z.object({ account: deviceAccount, secretKey: z.string(), signedOut: z.number().int(), cancelledFamilyRecovery: z.object({ familyName: z.string(), organizer: z.string() }).strict().nullable() }).strict(),
  },
  'recoveryUse.cancel': { request: emptyRequest, response: emptyResponse },
} as const;
