/**
 * Accounts: sign-up with email verification, OPAQUE registration, sign-in and password
 * change. The client never sends its password or anything equivalent: only OPAQUE messages
 * (RFC 9807) and blobs it encrypted itself (the wrapped account key, the encrypted keyset).
 */
import { z } from 'zod';
import {
  base64url,
  defineRoute,
  emailSchema,
  encryptedKeysetSchema,
  opaqueRecordSchema,
  wrappedAccountKeySchema,
  x25519PublicKeySchema as publicKey,
} from './http';

/** Length of an email verification code, in decimal digits. */
export const EMAIL_CODE_DIGITS = 8;

const opaqueMessage = base64url(2048);
const signupToken = base64url(64, 43);
/**
 * A device token (docs/security-design.md §13.5): 256 random bits the server gave this device
 * at a sign-in. A start that presents it is counted apart from strangers' starts.
 */
export const deviceTokenSchema = base64url(43, 43);

/** Argon2id parameters and the account's random salt, for the client's key derivation. */
export const kdfSchema = z.strictObject({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.int().min(1),
  iterations: z.int().min(1),
  parallelism: z.int().min(1),
  salt: base64url(128, 16),
});
export type KdfDescription = z.infer<typeof kdfSchema>;

export const platforms = ['macos', 'windows', 'linux', 'other'] as const;
export const deviceSchema = z.strictObject({
  name: z.string().min(1).max(64),
  platform: z.enum(platforms),
});

/** What a signed-in client needs to unlock: all of it encrypted or public. */
export const accountStateSchema = z.strictObject({
  accountId: z.string(),
  email: z.string(),
  kdf: kdfSchema,
  wrappedAccountKey: z.string(),
  publicKeys: z.strictObject({ x25519: z.string(), ed25519: z.string() }),
  encryptedKeyset: z.string(),
  /** Whether the account asks for a second factor after the password (the 2FA gate, session/second-factor.ts). */
  twoFactorRequired: z.boolean(),
});
export type AccountState = z.infer<typeof accountStateSchema>;

export const accountRoutes = {
  signupStart: defineRoute({
    method: 'POST',
    path: '/v1/signup/start',
    summary: 'Start sign-up: email a verification code to the address',
    tag: 'account',
    access: 'public',
    status: 202,
    body: z.strictObject({ email: emailSchema }),
    // The same answer whether or not the address already has an account.
    response: z.strictObject({ sent: z.literal(true), codeDigits: z.int(), expiresInSeconds: z.int() }),
  }),
  signupVerify: defineRoute({
    method: 'POST',
    path: '/v1/signup/verify',
    summary: 'Check the emailed code; returns a short-lived sign-up token, the new account id and the key-derivation parameters',
    tag: 'account',
    access: 'public',
    body: z.strictObject({ email: emailSchema, code: z.string().regex(/^\d{6,8}$/, 'must be the digits of the emailed code') }),
    response: z.strictObject({ signupToken: z.string(), accountId: z.string(), kdf: kdfSchema, expiresInSeconds: z.int() }),
  }),
  registrationStart: defineRoute({
    method: 'POST',
    path: '/v1/signup/registration/start',
    summary: 'OPAQUE registration, server step (bound to the sign-up token)',
    tag: 'account',
    access: 'public',
    body: z.strictObject({ signupToken, registrationRequest: opaqueMessage }),
    response: z.strictObject({ registrationResponse: z.string() }),
  }),
  registrationFinish: defineRoute({
    method: 'POST',
    path: '/v1/signup/registration/finish',
    summary: 'Create the account: OPAQUE registration record, wrapped account key, public keys, encrypted keyset',
    tag: 'account',
    access: 'public',
    status: 201,
    body: z.strictObject({
      signupToken,
      registrationRecord: opaqueRecordSchema,
      wrappedAccountKey: wrappedAccountKeySchema,
      publicKeys: z.strictObject({ x25519: publicKey, ed25519: publicKey }),
      encryptedKeyset: encryptedKeysetSchema,
    }),
    response: z.strictObject({ accountId: z.string() }),
  }),
  loginParameters: defineRoute({
    method: 'POST',
    path: '/v1/login/parameters',
    summary: 'The key-derivation parameters and salt the client needs before OPAQUE login (fake but stable for an unknown email)',
    tag: 'account',
    access: 'public',
    body: z.strictObject({ email: emailSchema }),
    response: z.strictObject({ kdf: kdfSchema }),
  }),
  loginStart: defineRoute({
    method: 'POST',
    path: '/v1/login/start',
    summary: 'OPAQUE login, server step',
    tag: 'account',
    access: 'public',
    body: z.strictObject({ email: emailSchema, startLoginRequest: opaqueMessage, deviceToken: deviceTokenSchema.optional() }),
    response: z.strictObject({ loginId: z.string(), loginResponse: z.string() }),
  }),
  loginFinish: defineRoute({
    method: 'POST',
    path: '/v1/login/finish',
    summary: 'Finish OPAQUE login and open a session for this device',
    tag: 'account',
    access: 'public',
    // A client that asks for a device token gets one; an older client's answer stays as it was.
    body: z.strictObject({ loginId: base64url(64, 43), finishLoginRequest: opaqueMessage, device: deviceSchema, issueDeviceToken: z.literal(true).optional() }),
    response: z.strictObject({ sessionToken: z.string(), sessionId: z.string(), account: accountStateSchema, deviceToken: z.string().optional() }),
  }),
  account: defineRoute({
    method: 'GET',
    path: '/v1/account',
    summary: 'The signed-in account: key-derivation parameters, wrapped account key, public keys, encrypted keyset',
    tag: 'account',
    access: 'read',
    response: accountStateSchema,
  }),
  passwordChangeStart: defineRoute({
    method: 'POST',
    path: '/v1/account/password/start',
    summary: 'Password change: OPAQUE registration, server step',
    tag: 'account',
    access: 'security',
    body: z.strictObject({ registrationRequest: opaqueMessage }),
    response: z.strictObject({ registrationResponse: z.string() }),
  }),
  passwordChangeFinish: defineRoute({
    method: 'POST',
    path: '/v1/account/password/finish',
    summary: 'Password change: replace the OPAQUE record and the wrapped account key together',
    tag: 'account',
    access: 'security',
    stepUp: true,
    body: z.strictObject({ registrationRecord: opaqueRecordSchema, wrappedAccountKey: wrappedAccountKeySchema }),
    response: z.strictObject({ changed: z.literal(true) }),
  }),
} as const;
