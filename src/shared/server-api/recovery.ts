/**
 * Recovery codes (docs/security-design.md §11, §13), the owner's audit log, and the local
 * mailbox of the embedded server.
 *
 * Setup (signed in): upload a *pending* credential (an OPAQUE registration of the code's
 * authentication secret, identifier "recovery:<accountId>", plus the account key wrapped by
 * the code's wrapping key), then *activate* it once the user has typed the code back. The
 * active credential changes only at activation.
 *
 * Use (signed out), strictly in this order, each step bound to a server-side attempt:
 *   1. start + prove: an OPAQUE login against the recovery record (same answers for an
 *      unknown email, an account without a code and a wrong code);
 *   2. the server answers with the identity checks the owner allows (`recoveryChecks`,
 *      chosen in Sign-In & Recovery; email by default) and emails a verification code only
 *      if email is one of them;
 *   3. verify: one allowed check (the emailed code or an authenticator code) → the
 *      recovery-wrapped account key, the encrypted keyset and public keys (no vault data) and
 *      a short-lived recovery token;
 *   4. reset: with the token, a new account OPAQUE registration and the account key
 *      re-wrapped under the new Account Unlock Key. Every session ends; the code stays valid.
 *   5. (only if step 3 used the authenticator) the new session shows the token once to
 *      count as having passed the second factor: the app proved it seconds earlier.
 * The recovery token travels in the body, never as a bearer token: it is not a session.
 */
import { z } from 'zod';
import { deviceTokenSchema, kdfSchema } from './account';
import { base64url, defineRoute, emailSchema, opaqueRecordSchema, recoveryWrappedAccountKeySchema, wrappedAccountKeySchema } from './http';
import { authenticationOptionsSchema, authenticationResponseSchema } from './security-keys';

/**
 * The ways an owner may prove who they are after the recovery code: the
 * emailed code (the default), the authenticator app, a registered security key.
 */
export const recoveryCheckKinds = ['email', 'authenticator', 'securityKey'] as const;
export type RecoveryCheckKind = (typeof recoveryCheckKinds)[number];
const recoveryCheck = z.enum(recoveryCheckKinds);

/** The owner's choice: at least one check, each at most once (duplicates are refused by the server). */
export const recoveryChecksChoiceSchema = z.array(recoveryCheck).min(1).max(recoveryCheckKinds.length);

export const recoveryChecksStatusSchema = z.strictObject({
  /** The checks a recovery asks for now (one of them). */
  checks: recoveryChecksChoiceSchema,
  /** Which checks can be chosen: the factor is set up (email always). */
  available: z.strictObject({ email: z.literal(true), authenticator: z.boolean(), securityKey: z.boolean() }),
});
export type RecoveryChecksStatus = z.infer<typeof recoveryChecksStatusSchema>;

const opaqueMessage = base64url(2048);
/** A random 256-bit handle or token, unpadded base64url. */
const handle = base64url(64, 43);
const isoTime = z.string();

export const recoveryCredentialStatusSchema = z.strictObject({
  /** Whether the account has an active recovery code. */
  status: z.enum(['none', 'active']),
  /** When the active code was confirmed (activated); null without one. */
  createdAt: isoTime.nullable(),
  /** When the active code was last used to recover the account; null if never. */
  lastUsedAt: isoTime.nullable(),
  /** A code uploaded but not yet confirmed, and when it stops being activatable. */
  pending: z.boolean(),
  pendingExpiresAt: isoTime.nullable(),
});
export type RecoveryCredentialStatus = z.infer<typeof recoveryCredentialStatusSchema>;

/** What a recovered client needs to re-wrap its account key: encrypted or public, and no vault data. */
export const recoveredAccountSchema = z.strictObject({
  accountId: z.string(),
  email: z.string(),
  kdf: kdfSchema,
  /** Envelope 0x02: the account key wrapped by the recovery code's wrapping key. */
  recoveryWrappedAccountKey: z.string(),
  publicKeys: z.strictObject({ x25519: z.string(), ed25519: z.string() }),
  encryptedKeyset: z.string(),
});

export const auditEventSchema = z.strictObject({
  id: z.string(),
  at: isoTime,
  event: z.string(),
  sessionId: z.string().nullable(),
  ip: z.string().nullable(),
});

export const localMailMessageSchema = z.strictObject({
  /** The message's file name in the mailbox folder. */
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  date: isoTime.nullable(),
  text: z.string(),
});

export const AUDIT_PAGE_MAX = 100;

/**
 * The header that carries the local mailbox's secret: made by the embedded server at start
 * (32 random bytes, base64url), handed only to the host that started it, never logged.
 */
export const LOCAL_MAILBOX_SECRET_HEADER = 'latchkey-mailbox-secret';

/** What the embedded server hands the host that started it, to read the local mailbox. */
export interface LocalMailboxAccess {
  secret: string;
}

export const recoveryRoutes = {
  credentialStatus: defineRoute({
    method: 'GET',
    path: '/v1/recovery/credential',
    summary: 'Whether the account has a recovery code, since when, when it was last used, and whether one awaits confirmation',
    tag: 'recovery',
    access: 'read',
    response: recoveryCredentialStatusSchema,
  }),
  credentialStart: defineRoute({
    method: 'POST',
    path: '/v1/recovery/credential/start',
    summary: 'Recovery code setup: OPAQUE registration of the code’s authentication secret, server step',
    tag: 'recovery',
    access: 'security',
    body: z.strictObject({ registrationRequest: opaqueMessage }),
    response: z.strictObject({ registrationResponse: z.string() }),
  }),
  credentialFinish: defineRoute({
    method: 'POST',
    path: '/v1/recovery/credential/finish',
    summary: 'Recovery code setup: store the pending credential (replaces an earlier pending one; the active code is unchanged)',
    tag: 'recovery',
    access: 'security',
    stepUp: true,
    status: 201,
    body: z.strictObject({ registrationRecord: opaqueRecordSchema, wrappedAccountKey: recoveryWrappedAccountKeySchema }),
    response: z.strictObject({ pending: z.literal(true), expiresAt: isoTime }),
  }),
  credentialActivate: defineRoute({
    method: 'POST',
    path: '/v1/recovery/credential/activate',
    summary: 'The user confirmed the code: the pending credential replaces the active one, in one transaction',
    tag: 'recovery',
    access: 'security',
    body: z.strictObject({}),
    response: recoveryCredentialStatusSchema,
  }),
  credentialDelete: defineRoute({
    method: 'DELETE',
    path: '/v1/recovery/credential',
    summary: 'Turn recovery by code off: delete the active credential (and any pending one)',
    tag: 'recovery',
    access: 'security',
    stepUp: true,
    response: z.strictObject({ deleted: z.literal(true) }),
  }),
  start: defineRoute({
    method: 'POST',
    path: '/v1/recovery/start',
    summary: 'Recovery step 1a: OPAQUE login against the recovery credential, server step (same answer for an unknown email or no code)',
    tag: 'recovery',
    access: 'public',
    body: z.strictObject({ email: emailSchema, startLoginRequest: opaqueMessage, deviceToken: deviceTokenSchema.optional() }),
    response: z.strictObject({ attemptId: z.string(), loginResponse: z.string() }),
  }),
  prove: defineRoute({
    method: 'POST',
    path: '/v1/recovery/prove',
    summary: 'Recovery step 1b: finish the OPAQUE login; on success, the identity checks allowed, and (only if email is one) an emailed code and where it went',
    tag: 'recovery',
    access: 'public',
    status: 202,
    body: z.strictObject({ attemptId: handle, finishLoginRequest: opaqueMessage }),
    response: z.strictObject({
      checks: recoveryChecksChoiceSchema,
      /** The masked address the code went to; null when email is not an allowed check (nothing was sent). */
      sentTo: z.string().nullable(),
      codeDigits: z.int(),
      /** How long the attempt waits for a check. */
      expiresInSeconds: z.int(),
      /** When a security key is an allowed check: the WebAuthn options its assertion must answer (single use). Absent otherwise. */
      securityKey: authenticationOptionsSchema.optional(),
    }),
  }),
  verify: defineRoute({
    method: 'POST',
    path: '/v1/recovery/verify',
    summary: 'Recovery step 2: one of the allowed identity checks; returns the recovery-wrapped account key, the keyset and a recovery token',
    tag: 'recovery',
    access: 'public',
    // One object for every check (route bodies are plain objects): `code` is the emailed code
    // (6–8 digits) or the authenticator's (6), `response` a security key's assertion over the
    // challenge the proof answered; the server asks for what the check needs.
    body: z.strictObject({
      attemptId: handle,
      check: recoveryCheck,
      code: z.string().regex(/^\d{6,8}$/, 'must be the digits of the code').optional(),
      response: authenticationResponseSchema.optional(),
    }),
    response: z.strictObject({ recoveryToken: z.string(), expiresInSeconds: z.int(), account: recoveredAccountSchema }),
  }),
  resetStart: defineRoute({
    method: 'POST',
    path: '/v1/recovery/reset/start',
    summary: 'Recovery step 3a: OPAQUE registration of the new account password, server step (needs the recovery token)',
    tag: 'recovery',
    access: 'public',
    body: z.strictObject({ recoveryToken: handle, registrationRequest: opaqueMessage }),
    response: z.strictObject({ registrationResponse: z.string() }),
  }),
  resetFinish: defineRoute({
    method: 'POST',
    path: '/v1/recovery/reset/finish',
    summary: 'Recovery step 3b: replace the account credential and wrapped key, end every session, keep the recovery code',
    tag: 'recovery',
    access: 'public',
    body: z.strictObject({ recoveryToken: handle, registrationRecord: opaqueRecordSchema, wrappedAccountKey: wrappedAccountKeySchema }),
    /** `cancelledFamilyRecovery`: the organizer recovery this reset ended (the organizer is emailed), if one waited for the member. */
    response: z.strictObject({ recovered: z.literal(true), accountId: z.string(), signedOut: z.int(), cancelledFamilyRecovery: z.strictObject({ familyName: z.string(), organizer: z.string() }).nullable() }),
  }),
  secondFactor: defineRoute({
    method: 'POST',
    path: '/v1/recovery/second-factor',
    summary: 'Recovery step 5: a session of the recovered account presents the used recovery token; if the recovery checked a second factor (the authenticator app or a security key), the session counts as having passed it (once)',
    tag: 'recovery',
    access: 'sign-in',
    body: z.strictObject({ recoveryToken: handle }),
    response: z.strictObject({ passed: z.literal(true) }),
  }),
  checksStatus: defineRoute({
    method: 'GET',
    path: '/v1/recovery/checks',
    summary: 'Which identity checks a recovery with the code asks for, and which could be chosen',
    tag: 'recovery',
    access: 'read',
    response: recoveryChecksStatusSchema,
  }),
  checksChange: defineRoute({
    method: 'PUT',
    path: '/v1/recovery/checks',
    summary: 'Choose the identity checks a recovery asks for (each must be set up); recoveries under way end; the owner is emailed',
    tag: 'recovery',
    access: 'security',
    stepUp: true,
    body: z.strictObject({ checks: recoveryChecksChoiceSchema }),
    response: recoveryChecksStatusSchema,
  }),
  auditLog: defineRoute({
    method: 'GET',
    path: '/v1/audit',
    summary: 'The account’s own security events, newest first; pass `before` (the previous page’s `next`) for older ones',
    tag: 'account',
    access: 'read',
    query: z.strictObject({
      limit: z.string().regex(/^\d{1,3}$/, 'must be a number from 1 to 100').optional(),
      before: z.string().regex(/^\d{1,16}\.[A-Za-z0-9_-]{1,64}$/, 'must be the `next` value of a previous page').optional(),
    }),
    response: z.strictObject({ events: z.array(auditEventSchema), next: z.string().nullable() }),
  }),
  localMailbox: defineRoute({
    method: 'GET',
    path: '/v1/local-mailbox',
    summary: 'Embedded mode only: the messages in the local mailbox folder, to a loopback client that sends the Latchkey-Mailbox-Secret its server gave the host (else 404, as an unknown route)',
    tag: 'server',
    access: 'public',
    response: z.strictObject({ messages: z.array(localMailMessageSchema) }),
  }),
} as const;
