/**
 * What every two-factor route answers with, and the one rule for the account's flag: an
 * account requires the second factor while it has an active authenticator app or at least
 * one security key. Removing the last of them turns two-step verification off.
 */
import type { Kysely } from 'kysely';
import type { TwoFactorStatus } from '../../shared/server-api/two-factor';
import { loadAccount } from '../account/accounts';
import type { ServerContext } from '../context';
import { toMillis, type DatabaseSchema } from '../database/schema';
import type { AuthenticatedSession } from '../session/sessions';

export async function twoFactorStatus(context: ServerContext, session: AuthenticatedSession, passed = session.secondFactorPassed): Promise<TwoFactorStatus> {
  const { db } = context;
  const account = await loadAccount(context, session.accountId);
  const totp = await db.selectFrom('totp_factors').select('activated_at').where('account_id', '=', session.accountId).where('state', '=', 'active').executeTakeFirst();
  const keys = await db.selectFrom('security_keys').select((eb) => eb.fn.countAll<number | string>().as('count')).where('account_id', '=', session.accountId).executeTakeFirstOrThrow();
  return {
    required: Number(account.two_factor_required) === 1,
    passed,
    totp: { enabledAt: totp?.activated_at ? new Date(toMillis(totp.activated_at)).toISOString() : null },
    securityKeys: Number(keys.count),
  };
}

/** Sets the account's flag from the factors it has now (inside the transaction that changed them); returns it. */
export async function updateTwoFactorRequired(trx: Kysely<DatabaseSchema>, accountId: string, at: number): Promise<boolean> {
  const totp = await trx.selectFrom('totp_factors').select('account_id').where('account_id', '=', accountId).where('state', '=', 'active').executeTakeFirst();
  const key = await trx.selectFrom('security_keys').select('id').where('account_id', '=', accountId).limit(1).executeTakeFirst();
  const required = totp !== undefined || key !== undefined;
  await trx.updateTable('accounts').set({ two_factor_required: required ? 1 : 0, updated_at: at }).where('id', '=', accountId).execute();
  return required;
}
