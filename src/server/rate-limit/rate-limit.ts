/**
 * Rate limits kept in the database, so every server instance on the same database counts
 * together (docs/security-design.md §13.5). Sliding windows: each (action, subject) row keeps
 * the times of the attempts let through in the last `windowMs`, and an attempt passes only if
 * fewer than `limit` of them are younger than `windowMs`. So no span of `windowMs` ever holds
 * more than `limit` attempts, wherever it starts (a fixed window allows twice the limit around
 * its boundary).
 *
 * An attempt is checked against several buckets at once, in one transaction: each row is
 * locked first (the upsert takes the row lock in PostgreSQL and the write lock in SQLite), in a
 * fixed order, so instances cannot interleave and cannot deadlock. It counts in every bucket or,
 * if any bucket is full, in none: a refused attempt never costs anyone else a place.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';

export interface RateLimit {
  action: string;
  limit: number;
  windowMs: number;
}

const minutes = (count: number) => count * 60_000;

export const rateLimits = {
  signupStartPerEmail: { action: 'signup-start:email', limit: 3, windowMs: minutes(60) },
  signupVerifyPerEmail: { action: 'signup-verify:email', limit: 10, windowMs: minutes(60) },
  // Login starts (with OPAQUE a start is where a password guess can be tested): start-limits.ts chooses the buckets.
  loginPerEmail: { action: 'login:email', limit: 10, windowMs: minutes(15) },
  loginPerEmailAddress: { action: 'login:email-address', limit: 5, windowMs: minutes(15) },
  loginPerAddress: { action: 'login:address', limit: 100, windowMs: minutes(15) },
  loginPerDevice: { action: 'login:device', limit: 10, windowMs: minutes(15) },
  // Recovery codes: proofs (OPAQUE starts, which is where a guess can be tested) and email-code checks.
  recoveryStartPerEmail: { action: 'recovery-start:email', limit: 5, windowMs: minutes(60) },
  recoveryStartPerEmailAddress: { action: 'recovery-start:email-address', limit: 3, windowMs: minutes(60) },
  recoveryStartPerAddress: { action: 'recovery-start:address', limit: 30, windowMs: minutes(60) },
  recoveryStartPerDevice: { action: 'recovery-start:device', limit: 5, windowMs: minutes(60) },
  recoveryVerifyPerEmail: { action: 'recovery-verify:email', limit: 10, windowMs: minutes(60) },
  // A 6-digit code: 5 guesses per 15 minutes leaves a guesser 1 in 200,000 per window.
  totpPerAccount: { action: 'totp:account', limit: 5, windowMs: minutes(15) },
  // Organizer recovery: the member's email-code requests and checks.
  familyRecoveryStartPerEmail: { action: 'family-recovery-start:email', limit: 5, windowMs: minutes(60) },
  familyRecoveryVerifyPerEmail: { action: 'family-recovery-verify:email', limit: 10, windowMs: minutes(60) },
  // The step-up before an account-security change: a session holder guessing the password (account/step-up-routes.ts).
  stepUpPerAccount: { action: 'step-up:account', limit: 10, windowMs: minutes(15) },
  // Recovery code checks by a signed-in owner (recovery/check-routes.ts): their own limit, never the recovery limits.
  recoveryCheckPerAccount: { action: 'recovery-check:account', limit: 10, windowMs: minutes(60) },
  // Security-key answers (a signature cannot be guessed; this bounds the work and the noise).
  securityKeyPerAccount: { action: 'security-key:account', limit: 10, windowMs: minutes(15) },
} as const satisfies Record<string, RateLimit>;

/** One bucket: a limit and whom it counts (an email, an address, a device token's hash…). */
export interface Bucket {
  rate: RateLimit;
  subject: string;
}

/** Counts one attempt; throws 429 once `limit` attempts of the last window were let through. */
export async function consumeRateLimit(db: Kysely<DatabaseSchema>, now: number, rate: RateLimit, subject: string): Promise<void> {
  await consumeRateLimits(db, now, [{ rate, subject }]);
}

/** Counts one attempt in every bucket, or, with a 429 that says when to retry, in none if any is full. */
export async function consumeRateLimits(db: Kysely<DatabaseSchema>, now: number, buckets: readonly Bucket[]): Promise<void> {
  const ordered = [...buckets].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const waitMs = await db.transaction().execute(async (trx) => {
    const counted = [];
    for (const bucket of ordered) {
      const { action, windowMs, limit } = bucket.rate;
      // A no-op update when the row exists: it only takes the lock and reads the latest hits.
      const row = await trx
        .insertInto('rate_limits')
        .values({ action, subject: bucket.subject, hits: '' })
        .onConflict((conflict) => conflict.columns(['action', 'subject']).doUpdateSet({ hits: sql<string>`${sql.ref('rate_limits.hits')}` }))
        .returning('hits')
        .executeTakeFirstOrThrow();
      const live = parseHits(row.hits).filter((at) => at > now - windowMs);
      // Full: the attempt may pass once enough of the oldest ones leave the window.
      const oldestToLeave = live[live.length - limit];
      counted.push({ bucket, live, waitMs: oldestToLeave === undefined ? 0 : oldestToLeave + windowMs - now });
    }
    const waitMs = Math.max(0, ...counted.map((entry) => entry.waitMs));
    if (waitMs > 0) return waitMs;
    for (const { bucket, live } of counted) {
      await trx
        .updateTable('rate_limits')
        .set({ hits: [...live, now].join(',') })
        .where('action', '=', bucket.rate.action)
        .where('subject', '=', bucket.subject)
        .execute();
    }
    return 0;
  });
  if (waitMs > 0) throw rateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
}

/** The uniform refusal: 429 `rate_limited`, and the wait in seconds in `Retry-After`. */
function rateLimited(retryAfterSeconds: number): ApiError {
  const minutesToWait = Math.ceil(retryAfterSeconds / 60);
  return new ApiError(429, 'rate_limited', `Too many attempts: try again in ${minutesToWait} minute(s)`, undefined, { 'retry-after': String(retryAfterSeconds) }, { retryAfterSeconds });
}

const keyOf = (bucket: Bucket) => `${bucket.rate.action}\n${bucket.subject}`;

function parseHits(hits: string): number[] {
  return hits === '' ? [] : hits.split(',').map(Number);
}
