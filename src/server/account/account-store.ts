/**
 * The account aggregate's data access: accounts, sign-up tokens and sign-in attempts (the
 * routes in this folder). Only queries; the routes decide who may do what. Each function takes
 * the database or a transaction; the ones that use something up say whether they did, so of two
 * racing requests one wins.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DatabaseSchema } from '../database/schema';

type Db = Kysely<DatabaseSchema>;

export const accountByEmail = (db: Db, email: string) => db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();

/** True if an account or a sign-up under way already has this id. */
export async function accountIdTaken(db: Db, id: string): Promise<boolean> {
  const [account, pending] = await Promise.all([
    db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst(),
    db.selectFrom('signup_tokens').select('account_id').where('account_id', '=', id).executeTakeFirst(),
  ]);
  return account !== undefined || pending !== undefined;
}

/** True if an account has this email or this id. */
export const accountExists = async (db: Db, email: string, id: string): Promise<boolean> =>
  (await db.selectFrom('accounts').select('id').where((eb) => eb.or([eb('email', '=', email), eb('id', '=', id)])).executeTakeFirst()) !== undefined;

export async function insertAccount(trx: Db, account: Insertable<DatabaseSchema['accounts']>): Promise<void> {
  await trx.insertInto('accounts').values(account).execute();
}

/** A new password credential and the account key wrapped under it; false if the account is gone. */
export async function replacePassword(trx: Db, accountId: string, keys: { registrationRecord: string; wrappedAccountKey: string }, at: number): Promise<boolean> {
  const updated = await trx.updateTable('accounts').set({ opaque_record: keys.registrationRecord, wrapped_account_key: keys.wrappedAccountKey, updated_at: at }).where('id', '=', accountId).executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

// --- Sign-up tokens ---

export async function insertSignupToken(db: Db, token: Insertable<DatabaseSchema['signup_tokens']>): Promise<void> {
  await db.insertInto('signup_tokens').values(token).execute();
}

export const signupTokenByHash = (db: Db, tokenHash: string) => db.selectFrom('signup_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** Uses the token up; false if it was already used. */
export async function useSignupToken(trx: Db, tokenHash: string, at: number): Promise<boolean> {
  const used = await trx.updateTable('signup_tokens').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

// --- Sign-in attempts ---

/** Records a sign-in under way (the expired ones deleted first). */
export async function insertLoginAttempt(db: Db, attempt: Insertable<DatabaseSchema['login_attempts']>, at: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('expires_at', '<', at).execute();
  await db.insertInto('login_attempts').values(attempt).execute();
}

/** Uses up a sign-in attempt, returning it; undefined if there was none or another request took it. */
export async function takeLoginAttempt(db: Db, id: string) {
  const attempt = await db.selectFrom('login_attempts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!attempt) return undefined;
  const claimed = await db.deleteFrom('login_attempts').where('id', '=', attempt.id).executeTakeFirst();
  return Number(claimed.numDeletedRows) === 1 ? attempt : undefined;
}

/** Ends the account's sign-ins under way (their OPAQUE state is for a credential that changed). */
export async function deleteLoginAttempts(trx: Db, accountId: string): Promise<void> {
  await trx.deleteFrom('login_attempts').where('account_id', '=', accountId).execute();
}
