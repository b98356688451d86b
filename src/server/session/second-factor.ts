/**
 * The 2FA gate. An account with `two_factor_required` set gets no vault key and no item
 * until the session has passed the second factor (`second_factor_verified_at`); the methods
 * that set both are in src/server/two-factor. The gate is enforced in one place:
 * `addRoute` calls `requireSecondFactor` for every route whose shared definition says
 * `secondFactor: true`, right after authentication and before the body is read.
 * `authenticate` reads both columns in its one session lookup, so the gate costs no query.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';

/** The gate's rule: the account does not require 2FA, or this session has passed it. */
export function hasPassedSecondFactor(twoFactorRequired: number, verifiedAt: DatabaseSchema['sessions']['second_factor_verified_at']): boolean {
  return Number(twoFactorRequired) === 0 || verifiedAt !== null;
}

/** `session` is an AuthenticatedSession (sessions.ts imports this file, so it is named structurally). */
export function requireSecondFactor(session: { secondFactorPassed: boolean }): void {
  if (!session.secondFactorPassed) {
    throw new ApiError(403, 'second_factor_required', 'This account uses two-factor authentication: verify the second factor on this device first');
  }
}

/** Records that the session passed the second factor (in the caller's transaction, if any). */
export async function markSecondFactorPassed(db: Kysely<DatabaseSchema>, sessionId: string, at: number): Promise<void> {
  await db.updateTable('sessions').set({ second_factor_verified_at: at }).where('id', '=', sessionId).execute();
}
