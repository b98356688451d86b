/**
 * Rate limits kept in the database, so every server instance on the same database counts
 * together. Fixed windows: one row per (action, subject), incremented by a single atomic
 * upsert, which both SQLite (3.35+) and PostgreSQL run as one statement.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';

export interface RateLimit {
  action: string;
  limit: number;
  windowMs: number;
}

export const rateLimits = {
  signupStartPerEmail: { action: 'signup-start:email', limit: 3, windowMs: 60 * 60_000 },
  signupVerifyPerEmail: { action: 'signup-verify:email', limit: 10, windowMs: 60 * 60_000 },
  loginPerEmail: { action: 'login:email', limit: 10, windowMs: 15 * 60_000 },
  // Recovery codes: proofs (OPAQUE starts, which is where a guess can be tested) and email-code checks.
  recoveryStartPerEmail: { action: 'recovery-start:email', limit: 5, windowMs: 60 * 60_000 },
  recoveryVerifyPerEmail: { action: 'recovery-verify:email', limit: 10, windowMs: 60 * 60_000 },
  // A 6-digit code: 5 guesses per 15 minutes leaves a guesser 1 in 200,000 per window.
  totpPerAccount: { action: 'totp:account', limit: 5, windowMs: 15 * 60_000 },
  // Organizer recovery: the member's email-code requests and checks.
  familyRecoveryStartPerEmail: { action: 'family-recovery-start:email', limit: 5, windowMs: 60 * 60_000 },
  familyRecoveryVerifyPerEmail: { action: 'family-recovery-verify:email', limit: 10, windowMs: 60 * 60_000 },
  // Security-key answers (a signature cannot be guessed; this bounds the work and the noise).
  securityKeyPerAccount: { action: 'security-key:account', limit: 10, windowMs: 15 * 60_000 },
} as const satisfies Record<string, RateLimit>;

/** Counts one attempt; throws 429 once the window's limit is passed. */
export async function consumeRateLimit(db: Kysely<DatabaseSchema>, now: number, { action, limit, windowMs }: RateLimit, subject: string): Promise<void> {
  const expired = sql<boolean>`${sql.ref('rate_limits.window_start')} <= ${now - windowMs}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ action, subject, window_start: now, attempts: 1 })
    .onConflict((conflict) =>
      conflict.columns(['action', 'subject']).doUpdateSet({
        attempts: sql<number>`case when ${expired} then 1 else ${sql.ref('rate_limits.attempts')} + 1 end`,
        window_start: sql<number>`case when ${expired} then ${now} else ${sql.ref('rate_limits.window_start')} end`,
      }),
    )
    .returning(['attempts', 'window_start'])
    .executeTakeFirstOrThrow();
  if (row.attempts > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((Number(row.window_start) + windowMs - now) / 1000));
    throw new ApiError(429, 'rate_limited', `Too many attempts: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`);
  }
}
