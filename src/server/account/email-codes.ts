/**
 * Email verification codes: 8 random digits, kept only as an HMAC under a server key and
 * the code's own id (so equal codes hash differently and a database copy alone cannot test
 * guesses), short-lived, a few attempts, single use, compared in constant time.
 */
import { EMAIL_CODE_DIGITS } from '../../shared/server-api/account';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { hexDigestsEqual, keyedHash, randomDigits, randomToken } from '../security/tokens';

export type CodePurpose = 'signup' | 'recovery' | 'family-recovery';

function codeHash(context: ServerContext, id: string, code: string): string {
  return keyedHash(context.secrets.hashKey, 'email-code', id, code).toString('hex');
}

/** Issues a new code for the address; earlier unused codes for the same purpose stop working. */
export async function issueEmailCode(context: ServerContext, email: string, purpose: CodePurpose): Promise<string> {
  const { db, now, policy } = context;
  const code = randomDigits(EMAIL_CODE_DIGITS);
  const id = randomToken(16);
  const at = now();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('email_codes').set({ consumed_at: at }).where('email', '=', email).where('purpose', '=', purpose).where('consumed_at', 'is', null).execute();
    await trx
      .insertInto('email_codes')
      .values({ id, email, purpose, code_hash: codeHash(context, id, code), created_at: at, expires_at: at + policy.emailCodeTtlMs, consumed_at: null })
      .execute();
  });
  return code;
}

/** Checks and consumes the address's current code, or throws a 4xx saying why not. */
export async function verifyEmailCode(context: ServerContext, email: string, purpose: CodePurpose, code: string): Promise<void> {
  const { db, now, policy } = context;
  const at = now();
  const row = await db
    .selectFrom('email_codes')
    .select(['id', 'code_hash', 'expires_at', 'attempts'])
    .where('email', '=', email)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new ApiError(400, 'invalid_code', 'No code is waiting for this email (it was used or replaced): request a new code');
  if (toMillis(row.expires_at) <= at) throw new ApiError(400, 'code_expired', 'The code has expired: request a new code');
  // Count the attempt before comparing, atomically, so parallel guesses cannot exceed the limit.
  const counted = await db
    .updateTable('email_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id)
    .where('attempts', '<', policy.emailCodeMaxAttempts)
    .where('consumed_at', 'is', null)
    .returning('attempts')
    .executeTakeFirst();
  if (!counted) throw new ApiError(429, 'too_many_attempts', 'Too many wrong codes: request a new code');
  if (!hexDigestsEqual(codeHash(context, row.id, code), row.code_hash)) {
    const left = policy.emailCodeMaxAttempts - counted.attempts;
    throw new ApiError(400, 'invalid_code', left > 0 ? `The code is wrong: ${left} attempt(s) left` : 'The code is wrong, and that was the last attempt: request a new code', undefined, undefined, { attemptsLeft: left });
  }
  const consumed = await db.updateTable('email_codes').set({ consumed_at: at }).where('id', '=', row.id).where('consumed_at', 'is', null).executeTakeFirst();
  if (Number(consumed.numUpdatedRows) !== 1) throw new ApiError(400, 'invalid_code', 'The code was already used: request a new code');
}
