/**
 * An account's authenticator app: its row (totp_factors) and checking a code from it, in one
 * place for every caller: the 2FA routes (turn on, pass, turn off) and a recovery that uses the
 * app as its identity check.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import type { DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { openTotpSecret, totpStepOf } from './totp';

export type TotpFactor = Selectable<DatabaseSchema['totp_factors']>;

export function totpFactorOf(context: ServerContext, accountId: string, state: TotpFactor['state']): Promise<TotpFactor | undefined> {
  return context.db.selectFrom('totp_factors').selectAll().where('account_id', '=', accountId).where('state', '=', state).executeTakeFirst();
}

/** The account's app, set up afresh (pending until a code from it activates it), replacing any other. */
export async function replaceTotpFactor(trx: Kysely<DatabaseSchema>, factor: Insertable<DatabaseSchema['totp_factors']>): Promise<void> {
  await trx.deleteFrom('totp_factors').where('account_id', '=', factor.account_id).execute();
  await trx.insertInto('totp_factors').values(factor).execute();
}

export async function activateTotpFactor(trx: Kysely<DatabaseSchema>, accountId: string, at: number): Promise<void> {
  await trx.updateTable('totp_factors').set({ state: 'active', activated_at: at }).where('account_id', '=', accountId).execute();
}

export async function deleteTotpFactor(trx: Kysely<DatabaseSchema>, accountId: string): Promise<void> {
  await trx.deleteFrom('totp_factors').where('account_id', '=', accountId).execute();
}

/**
 * Accepts `code` for `factor` once: counted against the account's limit (shared by sign-in
 * and recovery), then matched within a step of now, later than the last code used. The step
 * is recorded with a compare-and-set, so two server instances cannot both accept the same code.
 * Without a factor the code is counted and refused like a wrong one.
 */
export async function acceptTotpCode(
  context: ServerContext,
  factor: TotpFactor | undefined,
  who: { accountId: string; sessionId: string | null; ip: string },
  code: string,
): Promise<void> {
  const { db, now, secrets } = context;
  const at = now();
  await consumeRateLimit(db, at, rateLimits.totpPerAccount, who.accountId);
  const usedStep = factor?.last_used_step === null || factor?.last_used_step === undefined ? null : Number(factor.last_used_step);
  const step = factor ? await totpStepOf(openTotpSecret(secrets.totpKey, who.accountId, factor.sealed_secret), code, at, usedStep) : null;
  const recorded =
    factor && step !== null
      ? await db
          .updateTable('totp_factors')
          .set({ last_used_step: step })
          .where('account_id', '=', who.accountId)
          .where('state', '=', factor.state)
          .where((where) => (usedStep === null ? where('last_used_step', 'is', null) : where('last_used_step', '=', usedStep)))
          .executeTakeFirst()
      : null;
  if (!recorded || Number(recorded.numUpdatedRows) !== 1) {
    await audit(db, at, 'two_factor.failed', { accountId: who.accountId, sessionId: who.sessionId, ip: who.ip });
    throw new ApiError(400, 'invalid_code', 'That code is not right, or was already used: enter the code your authenticator app shows now');
  }
}
