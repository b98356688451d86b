/**
 * The identity checks a recovery asks for after the recovery code: the
 * emailed code (the default), the authenticator app, a security key. The owner chooses one or
 * more in Sign-In & Recovery, so that an email account whose password (and 2FA) lives inside
 * Latchkey does not lock them out. Stored comma-separated in `accounts.recovery_checks`.
 *
 * Invariant: the choice is never empty and names only factors that are set up. Choosing a
 * factor that is not set up is refused; when a factor is removed, `keepRecoveryChecksSetUp`
 * drops it from the choice, and if nothing is left email comes back (the default): a recovery
 * code must never become unusable because a factor went away.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { recoveryCheckKinds, recoveryRoutes, type RecoveryCheckKind, type RecoveryChecksStatus } from '../../shared/server-api/recovery';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import type { DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { recoveryChecksChangedMessage } from '../mail/messages';

type Db = Kysely<DatabaseSchema>;

/** The stored form back to kinds, in the canonical order; unknown words are ignored. */
export function parseRecoveryChecks(stored: string | null): RecoveryCheckKind[] {
  const words = (stored ?? '').split(',');
  return recoveryCheckKinds.filter((kind) => words.includes(kind));
}

const storedForm = (checks: readonly RecoveryCheckKind[]) => parseRecoveryChecks(checks.join(',')).join(',');

/** Whether the account has a registered security key (src/server/two-factor/security-keys.ts). */
async function securityKeyRegistered(db: Db, accountId: string): Promise<boolean> {
  return (await db.selectFrom('security_keys').select('id').where('account_id', '=', accountId).executeTakeFirst()) !== undefined;
}

/** Which checks could be used: email always, a factor only while it is set up. */
export async function availableRecoveryChecks(db: Db, accountId: string): Promise<RecoveryChecksStatus['available']> {
  const [totp, securityKey] = await Promise.all([
    db.selectFrom('totp_factors').select('account_id').where('account_id', '=', accountId).where('state', '=', 'active').executeTakeFirst(),
    securityKeyRegistered(db, accountId),
  ]);
  return { email: true, authenticator: totp !== undefined, securityKey };
}

/** The checks a recovery asks for now: the owner's choice less any factor no longer set up, or email if none is left. */
export async function recoveryChecksOf(db: Db, accountId: string): Promise<RecoveryCheckKind[]> {
  const [account, available] = await Promise.all([
    db.selectFrom('accounts').select('recovery_checks').where('id', '=', accountId).executeTakeFirstOrThrow(),
    availableRecoveryChecks(db, accountId),
  ]);
  const usable = parseRecoveryChecks(account.recovery_checks).filter((kind) => available[kind]);
  return usable.length > 0 ? usable : ['email'];
}

/** Stores a new choice; recoveries under way end (they were offered the old one). */
async function storeRecoveryChecks(trx: Db, accountId: string, checks: readonly RecoveryCheckKind[]): Promise<void> {
  await trx.updateTable('accounts').set({ recovery_checks: storedForm(checks) }).where('id', '=', accountId).execute();
  await trx.deleteFrom('recovery_attempts').where('account_id', '=', accountId).execute();
}

/**
 * The removal rule, for every route that removes a factor (turning the authenticator off,
 * removing the last security key): call it inside the removal's transaction, after the
 * removal. Returns the new choice if it changed (the caller tells the owner), else null.
 */
export async function keepRecoveryChecksSetUp(trx: Db, at: number, who: { accountId: string; sessionId: string; ip: string }): Promise<RecoveryCheckKind[] | null> {
  const stored = await trx.selectFrom('accounts').select('recovery_checks').where('id', '=', who.accountId).executeTakeFirstOrThrow();
  const checks = await recoveryChecksOf(trx, who.accountId);
  if (storedForm(checks) === stored.recovery_checks) return null;
  await storeRecoveryChecks(trx, who.accountId, checks);
  await audit(trx, at, 'recovery.checks_changed', who);
  return checks;
}

const notSetUp: Record<Exclude<RecoveryCheckKind, 'email'>, string> = {
  authenticator: 'The authenticator app is not set up for this account: turn it on first',
  securityKey: 'This account has no security key: register a security key first',
};

export function registerRecoveryCheckRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, mailer } = context;

  const statusOf = async (accountId: string): Promise<RecoveryChecksStatus> => {
    const [checks, available] = await Promise.all([recoveryChecksOf(db, accountId), availableRecoveryChecks(db, accountId)]);
    return { checks, available };
  };

  addRoute(app, context, recoveryRoutes.checksStatus, async ({ session }) => statusOf(session.accountId));

  addRoute(app, context, recoveryRoutes.checksChange, async ({ body, session, request }) => {
    const checks = parseRecoveryChecks(body.checks.join(','));
    if (checks.length !== body.checks.length) throw new ApiError(400, 'invalid_request', 'checks: name each check at most once');
    const at = now();
    const account = await db.transaction().execute(async (trx) => {
      const available = await availableRecoveryChecks(trx, session.accountId);
      const missing = checks.find((kind): kind is Exclude<RecoveryCheckKind, 'email'> => !available[kind]);
      if (missing) throw new ApiError(400, 'check_unavailable', notSetUp[missing]);
      const current = await trx.selectFrom('accounts').select(['email', 'recovery_checks']).where('id', '=', session.accountId).executeTakeFirstOrThrow();
      if (current.recovery_checks === storedForm(checks)) return null;
      await storeRecoveryChecks(trx, session.accountId, checks);
      await audit(trx, at, 'recovery.checks_changed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
      return current;
    });
    if (account) notifyInBackground(mailer, request.log, recoveryChecksChangedMessage(account.email, checks, 'chosen'));
    return statusOf(session.accountId);
  });
}
