/** Channels for two-step verification with an authenticator app (Sign-In & Recovery, and the code asked at sign-in). */
import { z } from 'zod';
import { accountRef, password } from './common';

/** Six digits as typed: spaces between the groups are fine. */
export const authenticatorCode = z
  .string()
  .max(20)
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6 digits your authenticator app shows.'));

export const twoFactorStatus = z
  .object({
    /** Signing in on a new device asks for the second factor. */
    required: z.boolean(),
    /** When the authenticator app was turned on, or null. */
    totpEnabledAt: z.string().nullable(),
    /** How many security keys the account has (src/shared/ipc/channels/security-keys.ts). */
    securityKeys: z.number().int().min(0),
  })
  .strict();

export const twoFactorChannels = {
  'twoFactor.status': { request: accountRef, response: twoFactorStatus },
  /** Re-authenticates, then makes a new authenticator secret: shown as text and as a QR code (a PNG data URL). */
  'twoFactor.begin': {
    request: accountRef.extend({ password }).strict(),
    response: z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string().startsWith('data:image/png;base64,') }).strict(),
  },
  /** Turns the authenticator on with a code from it. */
  'twoFactor.activate': { request: accountRef.extend({ code: authenticatorCode }).strict(), response: twoFactorStatus },
  /** Passes the second factor for this device's session (at sign-in, or after 2FA was turned on elsewhere). */
  'twoFactor.verify': { request: accountRef.extend({ code: authenticatorCode }).strict(), response: twoFactorStatus },
  /** Re-authenticates, then turns the authenticator off with a current code. */
  'twoFactor.disable': { request: accountRef.extend({ password, code: authenticatorCode }).strict(), response: twoFactorStatus },
} as const;
