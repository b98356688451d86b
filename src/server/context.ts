import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database/schema';
import type { Mailer } from './mail/mailer';
import type { ServerSecrets } from './security/server-secrets';

/** Lifetimes and limits. Defaults in index.ts; tests may shorten none of them: they move the clock. */
export interface ServerPolicy {
  emailCodeTtlMs: number;
  emailCodeMaxAttempts: number;
  signupTokenTtlMs: number;
  loginAttemptTtlMs: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Recovery codes: how long an uploaded code can be confirmed, and how long a recovery token lives. */
  recoveryPendingTtlMs: number;
  recoveryTokenTtlMs: number;
  /** Families: how long an invitation, and an organizer recovery the member has not finished, stay open. */
  familyInviteTtlMs: number;
  familyRecoveryTtlMs: number;
  /** How long a security-key ceremony's challenge can be answered. */
  webauthnChallengeTtlMs: number;
}

/** Security keys: the relying-party ID the keys are bound to, and the app origins allowed to ask them (src/server/two-factor/security-keys.ts). */
export interface WebAuthnConfig {
  rpId: string;
  rpName: string;
  origins: readonly string[];
}

/** What every route module is given: the database, the clock, the server's secrets and mailer, its policy and WebAuthn settings. */
export interface ServerContext {
  db: Kysely<DatabaseSchema>;
  version: string;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now: () => number;
  secrets: ServerSecrets;
  mailer: Mailer;
  policy: ServerPolicy;
  webauthn: WebAuthnConfig;
}
