/**
 * The family aggregate's data access: families, members, the recovery group's sealed keys,
 * the vault grants and the invitations. Only queries: who may do what is decided by
 * families.ts and the routes. Each function takes the database or a transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import type { GroupKeyRotation } from '../../shared/server-api/family';
import type { DatabaseSchema } from '../database/schema';
import { randomToken } from '../security/tokens';

export type Db = Kysely<DatabaseSchema>;
type Family = Selectable<DatabaseSchema['families']>;
type Member = Selectable<DatabaseSchema['family_members']>;
export type Membership = Member & { family: Family };
export type GroupKeyColumns = Pick<Family, 'group_key_id' | 'group_public_key' | 'group_key_generation' | 'group_key_signature' | 'group_key_signed_by'>;
export interface VaultGrant {
  vaultId: string;
  sealedVaultKey: string;
}

export async function membershipOf(db: Db, accountId: string): Promise<Membership | null> {
  const row = await db
    .selectFrom('family_members')
    .innerJoin('families', 'families.id', 'family_members.family_id')
    .select(['family_members.account_id', 'family_members.family_id', 'family_members.role', 'family_members.joined_at', 'families.id', 'families.name', 'families.group_key_id', 'families.group_public_key', 'families.created_at', 'families.group_key_generation', 'families.group_key_signature', 'families.group_key_signed_by'])
    .where('family_members.account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return null;
  const { id, name, group_key_id, group_public_key, created_at, group_key_generation, group_key_signature, group_key_signed_by, ...member } = row;
  return { ...member, family: { id, name, group_key_id, group_public_key, created_at, group_key_generation, group_key_signature, group_key_signed_by } };
}

/** The public keys of the account that signed a group key. */
export const signerOf = (db: Db, accountId: string) =>
  db.selectFrom('accounts').select(['id', 'public_key_x25519', 'public_key_ed25519']).where('id', '=', accountId).executeTakeFirst();

/** A member of `familyId`, with their email. */
export const memberOf = (db: Db, familyId: string, accountId: string) =>
  db
    .selectFrom('family_members')
    .innerJoin('accounts', 'accounts.id', 'family_members.account_id')
    .select(['family_members.account_id', 'family_members.family_id', 'family_members.role', 'family_members.joined_at', 'accounts.email'])
    .where('family_members.family_id', '=', familyId)
    .where('family_members.account_id', '=', accountId)
    .executeTakeFirst();

/** Every member with their keys: organizers first ('organizer' > 'member'), then by email. */
export const membersOf = (db: Db, familyId: string) =>
  db
    .selectFrom('family_members')
    .innerJoin('accounts', 'accounts.id', 'family_members.account_id')
    .select(['family_members.account_id', 'family_members.role', 'family_members.joined_at', 'accounts.email', 'accounts.public_key_x25519', 'accounts.public_key_ed25519'])
    .where('family_members.family_id', '=', familyId)
    .orderBy('family_members.role', 'desc')
    .orderBy('accounts.email', 'asc')
    .execute();

export const organizersOf = async (db: Db, familyId: string): Promise<string[]> =>
  (await db.selectFrom('family_members').select('account_id').where('family_id', '=', familyId).where('role', '=', 'organizer').execute()).map((row) => row.account_id);

/** The vaults an account belongs to. */
export const vaultIdsOf = async (db: Db, accountId: string): Promise<string[]> =>
  (await db.selectFrom('vault_members').select('vault_id').where('account_id', '=', accountId).execute()).map((row) => row.vault_id);

export const sealedGroupKeyOf = async (db: Db, familyId: string, accountId: string): Promise<string | null> =>
  (await db.selectFrom('family_group_keys').select('sealed_private_key').where('family_id', '=', familyId).where('account_id', '=', accountId).executeTakeFirst())?.sealed_private_key ?? null;

/** The family's vault grants, by vault id, with who created each vault. */
export const familyGrants = (db: Db, familyId: string) =>
  db
    .selectFrom('family_vault_grants')
    .innerJoin('vaults', 'vaults.id', 'family_vault_grants.vault_id')
    .select(['family_vault_grants.vault_id as vaultId', 'family_vault_grants.sealed_vault_key as sealedVaultKey', 'vaults.created_by as createdBy'])
    .where('family_vault_grants.family_id', '=', familyId)
    .orderBy('family_vault_grants.vault_id', 'asc')
    .execute();

export async function insertGrants(trx: Db, familyId: string, grants: readonly VaultGrant[]): Promise<void> {
  for (const grant of grants) await trx.insertInto('family_vault_grants').values({ vault_id: grant.vaultId, family_id: familyId, sealed_vault_key: grant.sealedVaultKey }).execute();
}

export const familyExists = async (db: Db, familyId: string): Promise<boolean> =>
  (await db.selectFrom('families').select('id').where('id', '=', familyId).executeTakeFirst()) !== undefined;

export async function insertFamily(trx: Db, family: { id: string; name: string; publicKey: string; signature: string; organizerId: string; sealedPrivateKey: string; at: number }): Promise<void> {
  await trx
    .insertInto('families')
    .values({ id: family.id, name: family.name, group_key_id: randomToken(16), group_public_key: family.publicKey, created_at: family.at, group_key_generation: 1, group_key_signature: family.signature, group_key_signed_by: family.organizerId })
    .execute();
  // The primary key on account_id refuses a second family made at the same moment.
  await insertMember(trx, family.id, family.organizerId, 'organizer', family.at);
  await insertSealedGroupKey(trx, family.id, family.organizerId, family.sealedPrivateKey);
}

export async function insertMember(trx: Db, familyId: string, accountId: string, role: Member['role'], at: number): Promise<void> {
  await trx.insertInto('family_members').values({ account_id: accountId, family_id: familyId, role, joined_at: at }).execute();
}

export async function setRole(trx: Db, familyId: string, accountId: string, role: Member['role']): Promise<void> {
  await trx.updateTable('family_members').set({ role }).where('account_id', '=', accountId).where('family_id', '=', familyId).execute();
}

export async function insertSealedGroupKey(trx: Db, familyId: string, accountId: string, sealedPrivateKey: string): Promise<void> {
  await trx.insertInto('family_group_keys').values({ family_id: familyId, account_id: accountId, sealed_private_key: sealedPrivateKey }).execute();
}

/**
 * Inside a transaction: true if `keyId` is the family's current group key id. The check is a
 * no-op UPDATE so that it also locks the family's row until commit.
 */
export async function lockGroupKey(trx: Db, familyId: string, keyId: string): Promise<boolean> {
  const current = await trx
    .updateTable('families')
    .set((eb) => ({ group_key_id: eb.ref('group_key_id') }))
    .where('id', '=', familyId)
    .where('group_key_id', '=', keyId)
    .executeTakeFirst();
  return Number(current.numUpdatedRows) === 1;
}

/** Replaces the group's public key, key id, sealed keys and grants with a rotation's (checked by the caller). */
export async function writeRotation(trx: Db, familyId: string, rotation: GroupKeyRotation, signedBy: string): Promise<void> {
  await trx
    .updateTable('families')
    .set((eb) => ({ group_key_id: randomToken(16), group_public_key: rotation.publicKey, group_key_generation: eb('group_key_generation', '+', 1), group_key_signature: rotation.signature, group_key_signed_by: signedBy }))
    .where('id', '=', familyId)
    .execute();
  await trx.deleteFrom('family_group_keys').where('family_id', '=', familyId).execute();
  for (const sealed of rotation.sealedPrivateKeys) await insertSealedGroupKey(trx, familyId, sealed.accountId, sealed.sealedPrivateKey);
  for (const grant of rotation.vaultGrants) {
    await trx.updateTable('family_vault_grants').set({ sealed_vault_key: grant.sealedVaultKey }).where('family_id', '=', familyId).where('vault_id', '=', grant.vaultId).execute();
  }
}

/**
 * Takes a member out of the family: their sealed group key, recoveries and membership go; they
 * keep the vaults they created (no longer recoverable by the family, nor shared with it) and
 * lose the family's others.
 */
export async function deleteMember(trx: Db, familyId: string, accountId: string): Promise<void> {
  await trx.deleteFrom('family_group_keys').where('family_id', '=', familyId).where('account_id', '=', accountId).execute();
  await trx.deleteFrom('family_recoveries').where('account_id', '=', accountId).execute();
  const own = trx.selectFrom('vaults').select('id').where('created_by', '=', accountId);
  await trx.deleteFrom('family_vault_grants').where('vault_id', 'in', own).execute();
  await trx.deleteFrom('vault_members').where('account_id', '=', accountId).where('vault_id', 'not in', own).execute();
  await trx.deleteFrom('vault_members').where('account_id', '!=', accountId).where('vault_id', 'in', own).execute();
  await trx.deleteFrom('family_recovery_vaults').where('vault_id', 'in', own).execute();
  await trx.deleteFrom('family_members').where('account_id', '=', accountId).execute();
}

/** A new invitation to the same address replaces the old one. */
export async function replaceInvite(trx: Db, invite: Selectable<DatabaseSchema['family_invites']>): Promise<void> {
  await trx.deleteFrom('family_invites').where('family_id', '=', invite.family_id).where('email', '=', invite.email).execute();
  await trx.insertInto('family_invites').values(invite).execute();
}

/** Deletes an invitation; true if it was there (so of two joins with one invitation, one wins). */
export async function deleteInvite(db: Db, tokenHash: string): Promise<boolean> {
  const deleted = await db.deleteFrom('family_invites').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/** An invitation with its family's group key and the inviter's email. */
export const inviteByToken = (db: Db, tokenHash: string) =>
  db
    .selectFrom('family_invites')
    .innerJoin('families', 'families.id', 'family_invites.family_id')
    .innerJoin('accounts', 'accounts.id', 'family_invites.invited_by')
    .select(['family_invites.token_hash', 'family_invites.family_id', 'family_invites.email', 'family_invites.expires_at', 'families.name', 'families.group_key_id', 'families.group_public_key', 'families.group_key_generation', 'families.group_key_signature', 'families.group_key_signed_by', 'accounts.email as invitedBy'])
    .where('family_invites.token_hash', '=', tokenHash)
    .executeTakeFirst();

/** The invitations not yet expired, oldest first. */
export const liveInvites = (db: Db, familyId: string, at: number) =>
  db.selectFrom('family_invites').select(['email', 'expires_at']).where('family_id', '=', familyId).where('expires_at', '>', at).orderBy('created_at', 'asc').execute();

/** Cancels the family's live invitation to `email`; true if there was one. */
export async function cancelInvite(trx: Db, familyId: string, email: string, at: number): Promise<boolean> {
  const deleted = await trx.deleteFrom('family_invites').where('family_id', '=', familyId).where('email', '=', email).where('expires_at', '>', at).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}
