/**
 * The data access of an organizer recovery (family_recoveries and the vault memberships set
 * aside for it): queries only; routes.ts (the organizer's side) and member-recovery-routes.ts
 * (the member's) decide who may do what.
 */
import type { Selectable } from 'kysely';
import type { DatabaseSchema } from '../database/schema';
import { forgetKeptKit } from '../recovery/recovery-store';
import type { Db } from './family-store';

type Recovery = Selectable<DatabaseSchema['family_recoveries']>;
type Stage = Recovery['stage'];

/** The recoveries of a family not yet expired (only `accountId`'s if given), oldest first, with the member's email. */
export const liveRecoveries = (db: Db, familyId: string, at: number, accountId?: string) =>
  db
    .selectFrom('family_recoveries')
    .innerJoin('accounts', 'accounts.id', 'family_recoveries.account_id')
    .select(['family_recoveries.id', 'family_recoveries.account_id', 'family_recoveries.stage', 'family_recoveries.started_by', 'family_recoveries.created_at', 'family_recoveries.expires_at', 'accounts.email'])
    .where('family_recoveries.family_id', '=', familyId)
    .where('family_recoveries.expires_at', '>', at)
    .$if(accountId !== undefined, (query) => query.where('family_recoveries.account_id', '=', accountId!))
    .orderBy('family_recoveries.created_at', 'asc')
    .execute();

/** The organizer recovery waiting for the member to go on with it, if any, with the family's name and the starting organizer's email. */
export const recoveryAwaitingMember = (db: Db, accountId: string, at: number) =>
  db
    .selectFrom('family_recoveries')
    .innerJoin('families', 'families.id', 'family_recoveries.family_id')
    .innerJoin('accounts', 'accounts.id', 'family_recoveries.started_by')
    .select(['family_recoveries.id', 'family_recoveries.family_id', 'family_recoveries.started_by', 'families.name as familyName', 'accounts.email as organizer'])
    .where('family_recoveries.account_id', '=', accountId)
    .where('family_recoveries.stage', '=', 'awaiting-member')
    .where('family_recoveries.expires_at', '>', at)
    .executeTakeFirst();

export const recoveryInFamily = (db: Db, recoveryId: string, familyId: string) =>
  db.selectFrom('family_recoveries').selectAll().where('id', '=', recoveryId).where('family_id', '=', familyId).executeTakeFirst();

export const recoveryByToken = (db: Db, tokenHash: string) => db.selectFrom('family_recoveries').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** True if the member has a recovery at any stage (the expired ones deleted first). */
export async function recoveryUnderWay(trx: Db, accountId: string, at: number): Promise<boolean> {
  await trx.deleteFrom('family_recoveries').where('account_id', '=', accountId).where('expires_at', '<=', at).execute();
  return (await trx.selectFrom('family_recoveries').select('id').where('account_id', '=', accountId).executeTakeFirst()) !== undefined;
}

/** True if the member reset their password and waits for an organizer (their vaults are set aside). */
export const awaitingOrganizer = async (db: Db, accountId: string): Promise<boolean> =>
  (await db.selectFrom('family_recoveries').select('id').where('account_id', '=', accountId).where('stage', '=', 'awaiting-organizer').executeTakeFirst()) !== undefined;

export async function insertRecovery(trx: Db, recovery: Pick<Recovery, 'id' | 'family_id' | 'account_id' | 'started_by'> & { at: number; expiresAt: number }): Promise<void> {
  const { at, expiresAt, ...row } = recovery;
  await trx.insertInto('family_recoveries').values({ ...row, stage: 'awaiting-member', token_hash: null, token_expires_at: null, created_at: at, expires_at: expiresAt }).execute();
}

/** Ends a recovery if it is still at `stage`; true if it was. */
export async function deleteRecovery(trx: Db, recoveryId: string, stage: Stage): Promise<boolean> {
  const deleted = await trx.deleteFrom('family_recoveries').where('id', '=', recoveryId).where('stage', '=', stage).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/** The open recovery of the account with `email` that waits for the member, if any. */
export const openRecoveryByEmail = (db: Db, email: string, at: number) =>
  db
    .selectFrom('family_recoveries')
    .innerJoin('accounts', 'accounts.id', 'family_recoveries.account_id')
    .innerJoin('families', 'families.id', 'family_recoveries.family_id')
    .select(['family_recoveries.id', 'family_recoveries.account_id', 'family_recoveries.expires_at', 'families.name as familyName'])
    .where('accounts.email', '=', email)
    .where('family_recoveries.stage', '=', 'awaiting-member')
    .where('family_recoveries.expires_at', '>', at)
    .executeTakeFirst();

export async function setRecoveryToken(db: Db, recoveryId: string, tokenHash: string, expiresAt: number): Promise<void> {
  await db.updateTable('family_recoveries').set({ token_hash: tokenHash, token_expires_at: expiresAt }).where('id', '=', recoveryId).where('stage', '=', 'awaiting-member').execute();
}

/** Moves the recovery on to the organizer, using up its token; true if this call did (of two resets with one token, one wins). */
export async function claimForReset(trx: Db, recoveryId: string, tokenHash: string): Promise<boolean> {
  const claimed = await trx
    .updateTable('family_recoveries')
    .set({ stage: 'awaiting-organizer', token_hash: null, token_expires_at: null })
    .where('id', '=', recoveryId)
    .where('token_hash', '=', tokenHash)
    .where('stage', '=', 'awaiting-member')
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Sets the member's vault memberships aside for the recovery (sealed to a keyset they no longer have). */
async function setVaultsAside(trx: Db, recoveryId: string, accountId: string): Promise<void> {
  const memberships = await trx.selectFrom('vault_members').select(['vault_id', 'role']).where('account_id', '=', accountId).execute();
  for (const membership of memberships) await trx.insertInto('family_recovery_vaults').values({ recovery_id: recoveryId, vault_id: membership.vault_id, role: membership.role }).execute();
  await trx.deleteFrom('vault_members').where('account_id', '=', accountId).execute();
}

/** The vaults set aside, each with its key sealed to the family's group key. */
export const setAsideVaults = (db: Db, recoveryId: string) =>
  db
    .selectFrom('family_recovery_vaults')
    .innerJoin('family_vault_grants', 'family_vault_grants.vault_id', 'family_recovery_vaults.vault_id')
    .select(['family_recovery_vaults.vault_id', 'family_recovery_vaults.role', 'family_vault_grants.sealed_vault_key'])
    .where('family_recovery_vaults.recovery_id', '=', recoveryId)
    .orderBy('family_recovery_vaults.vault_id', 'asc')
    .execute();

/** The roles of the vaults set aside, by vault id. */
export const setAsideRoles = async (db: Db, recoveryId: string): Promise<Map<string, string>> =>
  new Map((await db.selectFrom('family_recovery_vaults').select(['vault_id', 'role']).where('recovery_id', '=', recoveryId).execute()).map((vault) => [vault.vault_id, vault.role]));

/** Gives the member their vaults back, sealed to their new key. */
export async function restoreVaults(trx: Db, accountId: string, vaults: readonly { vaultId: string; sealedVaultKey: string; role: string }[], at: number): Promise<void> {
  for (const vault of vaults) await trx.insertInto('vault_members').values({ vault_id: vault.vaultId, account_id: accountId, sealed_vault_key: vault.sealedVaultKey, role: vault.role, created_at: at }).execute();
}

/**
 * The member's reset, in its transaction: the new credential, account key and keyset replace the
 * old; what the old ones opened or signed goes (the recovery code, which wraps the old account
 * key; sessions and sign-ins under way; the signed vault list and the trust record, which the
 * member's device makes again); their vault memberships, sealed to the old keyset, are set
 * aside for an organizer to reseal. Returns the member's email.
 */
export async function resetMemberAccount(
  trx: Db,
  recoveryId: string,
  accountId: string,
  keys: { registrationRecord: string; wrappedAccountKey: string; publicKeys: { x25519: string; ed25519: string }; encryptedKeyset: string },
  at: number,
): Promise<{ email: string }> {
  const account = await trx
    .updateTable('accounts')
    .set({
      opaque_record: keys.registrationRecord,
      wrapped_account_key: keys.wrappedAccountKey,
      public_key_x25519: keys.publicKeys.x25519,
      public_key_ed25519: keys.publicKeys.ed25519,
      encrypted_keyset: keys.encryptedKeyset,
      updated_at: at,
    })
    .where('id', '=', accountId)
    .returning('email')
    .executeTakeFirstOrThrow();
  for (const table of ['recovery_credentials', 'recovery_attempts', 'sessions', 'login_attempts', 'signed_vault_lists', 'trust_records', 'account_profiles'] as const) {
    await trx.deleteFrom(table).where('account_id', '=', accountId).execute();
  }
  await forgetKeptKit(trx, accountId);
  await setVaultsAside(trx, recoveryId, accountId);
  return account;
}

/** The account with `email` if it is in a family, with the family's id and name. */
export const familyMemberByEmail = (db: Db, email: string) =>
  db
    .selectFrom('accounts')
    .innerJoin('family_members', 'family_members.account_id', 'accounts.id')
    .innerJoin('families', 'families.id', 'family_members.family_id')
    .select(['accounts.id as accountId', 'families.id as familyId', 'families.name as familyName'])
    .where('accounts.email', '=', email)
    .executeTakeFirst();

/** A member's request that an organizer recover them; a new one replaces theirs. */
export async function saveRecoveryRequest(trx: Db, request: { accountId: string; familyId: string; at: number; expiresAt: number }): Promise<void> {
  await trx.deleteFrom('family_recovery_requests').where('account_id', '=', request.accountId).execute();
  await trx.insertInto('family_recovery_requests').values({ account_id: request.accountId, family_id: request.familyId, created_at: request.at, expires_at: request.expiresAt }).execute();
}

export async function deleteRecoveryRequest(trx: Db, accountId: string): Promise<void> {
  await trx.deleteFrom('family_recovery_requests').where('account_id', '=', accountId).execute();
}

/** The live requests of members still in the family with no recovery under way, oldest first. */
export const liveRecoveryRequests = (db: Db, familyId: string, at: number) =>
  db
    .selectFrom('family_recovery_requests')
    .innerJoin('family_members', (join) => join.onRef('family_members.account_id', '=', 'family_recovery_requests.account_id').onRef('family_members.family_id', '=', 'family_recovery_requests.family_id'))
    .innerJoin('accounts', 'accounts.id', 'family_recovery_requests.account_id')
    .select(['family_recovery_requests.account_id', 'family_recovery_requests.created_at', 'accounts.email'])
    .where('family_recovery_requests.family_id', '=', familyId)
    .where('family_recovery_requests.expires_at', '>', at)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('family_recoveries').select('family_recoveries.id').whereRef('family_recoveries.account_id', '=', 'family_recovery_requests.account_id').where('family_recoveries.expires_at', '>', at))))
    .orderBy('family_recovery_requests.created_at', 'asc')
    .execute();

/** Inside the member's reset: the organizer who started the recovery it cancelled is told in the app too (a new notice replaces theirs). */
export async function saveCancelledNotice(trx: Db, notice: { organizerId: string; memberId: string; familyId: string; at: number }): Promise<void> {
  await trx.deleteFrom('family_recovery_notices').where('organizer_id', '=', notice.organizerId).where('member_id', '=', notice.memberId).execute();
  await trx.insertInto('family_recovery_notices').values({ organizer_id: notice.organizerId, member_id: notice.memberId, family_id: notice.familyId, cancelled_at: notice.at }).execute();
}

/** True if the organizer had a notice about the member (now dismissed). */
export async function dismissCancelledNotice(db: Db, organizerId: string, memberId: string): Promise<boolean> {
  const result = await db.deleteFrom('family_recovery_notices').where('organizer_id', '=', organizerId).where('member_id', '=', memberId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The organizer's notices about members still in the family, oldest first, with the member's email. */
export const cancelledNoticesFor = (db: Db, familyId: string, organizerId: string) =>
  db
    .selectFrom('family_recovery_notices')
    .innerJoin('family_members', (join) => join.onRef('family_members.account_id', '=', 'family_recovery_notices.member_id').onRef('family_members.family_id', '=', 'family_recovery_notices.family_id'))
    .innerJoin('accounts', 'accounts.id', 'family_recovery_notices.member_id')
    .select(['family_recovery_notices.member_id', 'family_recovery_notices.cancelled_at', 'accounts.email'])
    .where('family_recovery_notices.family_id', '=', familyId)
    .where('family_recovery_notices.organizer_id', '=', organizerId)
    .orderBy('family_recovery_notices.cancelled_at', 'asc')
    .execute();
