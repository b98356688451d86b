/**
 * Two-factor authentication. Security keys are in ./security-keys.ts. An authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s)
 * is enabled in two steps (the server makes the secret, the user proves their app has it)
 * and then asked for by every new session before the 2FA gate lets vault keys and items out.
 */
import { z } from 'zod';
import { defineRoute } from './http';

/** Six digits, as an authenticator app shows them (the client drops the spaces people type). */
export const totpCode = z.string().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows');

export const twoFactorStatusSchema = z.strictObject({
  /** The account asks for a second factor before vault keys and items. */
  required: z.boolean(),
  /** This session has passed it (always true where it is not required). */
  passed: z.boolean(),
  totp: z.strictObject({ enabledAt: z.string().nullable() }),
  /** How many security keys the account has (their names need a session that passed: see security-keys.ts). */
  securityKeys: z.number().int().min(0),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

export const twoFactorRoutes = {
  status: defineRoute({
    method: 'GET',
    path: '/v1/two-factor',
    summary: 'Which second factors the account has, and whether this session has passed one',
    tag: 'two-factor',
    access: 'read',
    response: twoFactorStatusSchema,
  }),
  totpStart: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/totp/start',
    summary: 'Make a new authenticator secret (pending until a code from it is given); 409 if one is already on',
    tag: 'two-factor',
    access: 'security',
    body: z.strictObject({}),
    response: z.strictObject({ secret: z.string(), otpauthUri: z.string() }),
  }),
  totpActivate: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/totp/activate',
    summary: 'Turn on the pending authenticator with a current code; this session counts as having passed it',
    tag: 'two-factor',
    access: 'security',
    body: z.strictObject({ code: totpCode }),
    response: twoFactorStatusSchema,
  }),
  totpVerify: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/totp/verify',
    summary: 'Pass the second factor for this session with a current code (each code works once)',
    tag: 'two-factor',
    access: 'sign-in',
    body: z.strictObject({ code: totpCode }),
    response: twoFactorStatusSchema,
  }),
  totpDisable: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/totp/disable',
    summary: 'Turn the authenticator off with a current code',
    tag: 'two-factor',
    access: 'security',
    body: z.strictObject({ code: totpCode }),
    response: twoFactorStatusSchema,
  }),
} as const;
