/**
 * The recovery aggregate's data access: recovery attempts (recovery-routes.ts, reset-routes.ts)
 * and the check-up (check-routes.ts). Only queries; the routes decide who may do what. Each
 * function takes the database or a transaction; the ones that move an attempt on are
 * conditional updates and say whether they did, so of two racing requests one wins.
 */
import type { Insertable, Kysely } from 'kysely';
import type { RecoveryCheckKind } from '../../shared/server-api/recovery';
import { deleteLoginAttempts, replacePassword } from '../account/account-store';
import type { DatabaseSchema } from '../database/schema';

type Db = Kysely<DatabaseSchema>;
type Attempts = DatabaseSchema['recovery_attempts'];

const changedOne = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(result.numUpdatedRows ?? result.numDeletedRows) === 1;

// --- Recovery attempts ---

/** The account with `email` and its active recovery credential, each if any. */
export const accountWithActiveCode = (db: Db, email: string) =>
  db
    .selectFrom('accounts')
    .leftJoin('recovery_credentials', (join) => join.onRef('recovery_credentials.account_id', '=', 'accounts.id').on('recovery_credentials.state', '=', 'active'))
    .select(['accounts.id as accountId', 'recovery_credentials.id as credentialId', 'recovery_credentials.opaque_record as record'])
    .where('accounts.email', '=', email)
    .executeTakeFirst();

/** Records a new attempt (the expired ones deleted first). */
export async function insertAttempt(db: Db, attempt: Insertable<Attempts>, at: number): Promise<void> {
  await db.deleteFrom('recovery_attempts').where('expires_at', '<', at).execute();
  await db.insertInto('recovery_attempts').values(attempt).execute();
}

export const attemptById = (db: Db, idHash: string) => db.selectFrom('recovery_attempts').selectAll().where('id_hash', '=', idHash).executeTakeFirst();

export const attemptByToken = (db: Db, tokenHash: string) => db.selectFrom('recovery_attempts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export async function deleteAttempt(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('recovery_attempts').where('id_hash', '=', idHash).execute();
}

/** 'login' → 'proving', dropping the OPAQUE state: only one proof per start. */
export async function claimForProof(db: Db, idHash: string, at: number): Promise<boolean> {
  return changedOne(
    await db.updateTable('recovery_attempts').set({ stage: 'proving', server_login_state: null }).where('id_hash', '=', idHash).where('stage', '=', 'login').where('expires_at', '>', at).executeTakeFirst(),
  );
}

/** 'proving' → 'check'. The newest proof wins: the account's earlier attempts past their start end. */
export async function moveToCheck(trx: Db, idHash: string, accountId: string, checks: readonly RecoveryCheckKind[], expiresAt: number): Promise<void> {
  await trx.deleteFrom('recovery_attempts').where('account_id', '=', accountId).where('id_hash', '<>', idHash).where('stage', '<>', 'login').execute();
  await trx.updateTable('recovery_attempts').set({ stage: 'check', checks: checks.join(','), expires_at: expiresAt }).where('id_hash', '=', idHash).where('stage', '=', 'proving').execute();
}

/** 'check' → 'verified', with the check passed and the recovery token's hash. */
export async function moveToVerified(trx: Db, idHash: string, check: RecoveryCheckKind, tokenHash: string, expiresAt: number): Promise<boolean> {
  return changedOne(
    await trx.updateTable('recovery_attempts').set({ stage: 'verified', passed_check: check, token_hash: tokenHash, expires_at: expiresAt }).where('id_hash', '=', idHash).where('stage', '=', 'check').executeTakeFirst(),
  );
}

/** 'verified' → 'reset': the token is used (the row stays only for the second-factor step). */
export async function consumeToken(trx: Db, tokenHash: string, at: number): Promise<boolean> {
  return changedOne(
    await trx.updateTable('recovery_attempts').set({ stage: 'reset' }).where('token_hash', '=', tokenHash).where('stage', '=', 'verified').where('expires_at', '>', at).executeTakeFirst(),
  );
}

/** Deletes a reset attempt whose check was a second factor, for the session of its own account; true if there was one. */
export async function takeSecondFactorProof(db: Db, tokenHash: string, accountId: string, at: number): Promise<boolean> {
  return changedOne(
    await db
      .deleteFrom('recovery_attempts')
      .where('token_hash', '=', tokenHash)
      .where('stage', '=', 'reset')
      .where('passed_check', 'in', ['authenticator', 'securityKey'])
      .where('account_id', '=', accountId)
      .where('expires_at', '>', at)
      .executeTakeFirst(),
  );
}

// --- Recovery credentials ---

export const activeCredentialOf = (db: Db, accountId: string) =>
  db.selectFrom('recovery_credentials').select(['id', 'opaque_record', 'wrapped_account_key', 'last_checked_at']).where('account_id', '=', accountId).where('state', '=', 'active').executeTakeFirst();

/** The recovery-wrapped account key of credential `id`, if it is still the active one. */
export const activeWrappedKey = async (db: Db, id: string): Promise<string | undefined> =>
  (await db.selectFrom('recovery_credentials').select('wrapped_account_key').where('id', '=', id).where('state', '=', 'active').executeTakeFirst())?.wrapped_account_key;

/** Stamps the active credential `id` of `accountId` (used, or checked); false if it is no longer the active one. */
export async function stampCredential(trx: Db, id: string, accountId: string, stamp: { last_used_at: number } | { last_checked_at: number }): Promise<boolean> {
  return changedOne(await trx.updateTable('recovery_credentials').set(stamp).where('id', '=', id).where('account_id', '=', accountId).where('state', '=', 'active').executeTakeFirst());
}

/**
 * The end of a reset with a code, in its transaction: the new password credential and account
 * key replace the old, every session and sign-in ends, and whatever else was under way for the
 * account (other recoveries, an unconfirmed code, an organizer recovery the member has not gone
 * on with) goes. Returns how many sessions ended, or null if the account is gone.
 */
export async function resetAccountCredential(trx: Db, attempt: { accountId: string; idHash: string }, keys: { registrationRecord: string; wrappedAccountKey: string }, at: number): Promise<number | null> {
  const { accountId } = attempt;
  if (!(await replacePassword(trx, accountId, keys, at))) return null;
  const ended = await trx.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  await deleteLoginAttempts(trx, accountId);
  await trx.deleteFrom('recovery_attempts').where('account_id', '=', accountId).where('id_hash', '<>', attempt.idHash).execute();
  await trx.deleteFrom('recovery_credentials').where('account_id', '=', accountId).where('state', '=', 'pending').execute();
  await trx.deleteFrom('family_recoveries').where('account_id', '=', accountId).where('stage', '=', 'awaiting-member').execute();
  await forgetKeptKit(trx, accountId);
  return Number(ended.numDeletedRows);
}

/** Every credential of the account (at most one active and one pending). */
export const credentialsOf = (db: Db, accountId: string) =>
  db.selectFrom('recovery_credentials').select(['state', 'created_at', 'expires_at', 'last_used_at']).where('account_id', '=', accountId).execute();

/** Uploads a pending credential, replacing an earlier pending one; the active one is not touched. */
export async function replacePendingCredential(trx: Db, credential: Omit<Insertable<DatabaseSchema['recovery_credentials']>, 'state'>): Promise<void> {
  await trx.deleteFrom('recovery_credentials').where('account_id', '=', credential.account_id).where('state', '=', 'pending').execute();
  await trx.insertInto('recovery_credentials').values({ ...credential, state: 'pending' }).execute();
}

/**
 * The pending credential uploaded by `sessionId` becomes the active one, replacing it, and every
 * recovery under way (which proved the old code) ends. False, changing nothing the caller
 * keeps, if there is no such pending credential not yet expired (the caller's transaction rolls back).
 */
export async function activatePendingCredential(trx: Db, accountId: string, sessionId: string, at: number): Promise<boolean> {
  await trx.deleteFrom('recovery_credentials').where('account_id', '=', accountId).where('state', '=', 'active').execute();
  const activated = await trx
    .updateTable('recovery_credentials')
    .set({ state: 'active', created_at: at, expires_at: null, last_used_at: null, last_checked_at: null, session_id: null })
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .where('expires_at', '>', at)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!changedOne(activated)) return false;
  await trx.deleteFrom('recovery_attempts').where('account_id', '=', accountId).execute();
  return true;
}

/** Deletes the account's credentials and stops any recovery under way; false if it had none. */
export async function deleteCredentials(trx: Db, accountId: string): Promise<boolean> {
  const deleted = await trx.deleteFrom('recovery_credentials').where('account_id', '=', accountId).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) return false;
  await trx.deleteFrom('recovery_attempts').where('account_id', '=', accountId).execute();
  return true;
}

// --- The check-up ---

/** A recovery's reset gives the account a new Secret Key, so the Emergency Kit kept before opens nothing: the checklist asks for the new one. Call inside the reset's transaction. */
export async function forgetKeptKit(trx: Db, accountId: string): Promise<void> {
  await trx.updateTable('recovery_check_ups').set({ kit_kept_at: null, kit_kept_how: null }).where('account_id', '=', accountId).execute();
}

export const checkUpOf = (db: Db, accountId: string) => db.selectFrom('recovery_check_ups').selectAll().where('account_id', '=', accountId).executeTakeFirst();

/** Writes the account's check-up fields given, creating its row (with the other fields empty) if needed. */
export async function saveCheckUp(db: Db, accountId: string, fields: Partial<Omit<Insertable<DatabaseSchema['recovery_check_ups']>, 'account_id'>>): Promise<void> {
  await db
    .insertInto('recovery_check_ups')
    .values({ account_id: accountId, reminder_due_at: null, kit_kept_at: null, kit_kept_how: null, ...fields })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet(fields))
    .execute();
}

/** Records a check under way: one per session, so starting again replaces it (the expired ones deleted first). */
export async function insertCheckAttempt(trx: Db, attempt: Insertable<DatabaseSchema['recovery_check_attempts']>, at: number): Promise<void> {
  await trx.deleteFrom('recovery_check_attempts').where('expires_at', '<=', at).execute();
  await trx.deleteFrom('recovery_check_attempts').where('session_id', '=', attempt.session_id).execute();
  await trx.insertInto('recovery_check_attempts').values(attempt).execute();
}

/** Uses up a check of this session and account, returning what it kept; another session's finds nothing. */
export const takeCheckAttempt = (db: Db, idHash: string, session: { sessionId: string; accountId: string }) =>
  db
    .deleteFrom('recovery_check_attempts')
    .where('id_hash', '=', idHash)
    .where('session_id', '=', session.sessionId)
    .where('account_id', '=', session.accountId)
    .returning(['credential_id', 'server_login_state', 'expires_at'])
    .executeTakeFirst();
