/**
 * Families: membership, the recovery group's sealed keys, and the family's vault grants
 * (src/shared/server-api/family.ts). The server checks who may do what and that the grants a
 * client sends cover exactly the vaults they must; what is sealed inside them it cannot read.
 */
import type { Kysely, Selectable } from 'kysely';
import type { FamilyView, GroupKeyRotation, SignedGroupKey } from '../../shared/server-api/family';
import type { ServerContext } from '../context';
import { toMillis, type DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { randomToken } from '../security/tokens';

type Db = Kysely<DatabaseSchema>;
export type Membership = Selectable<DatabaseSchema['family_members']> & { family: Selectable<DatabaseSchema['families']> };

const iso = (value: DatabaseSchema['families']['created_at']) => new Date(toMillis(value)).toISOString();

const notAnOrganizer = () => new ApiError(403, 'not_an_organizer', 'Only a Family Organizer can do this');
export const notInFamily = () => new ApiError(404, 'not_found', 'This account is not in a family');
export const staleGroupKey = () => new ApiError(409, 'stale_group_key', "The family's recovery group key changed: load the family again and retry");

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

/** A family's current group key with its signature and the signer's public keys, as devices check it. */
export async function signedGroupKey(db: Db, family: Pick<Selectable<DatabaseSchema['families']>, 'group_key_id' | 'group_public_key' | 'group_key_generation' | 'group_key_signature' | 'group_key_signed_by'>): Promise<SignedGroupKey> {
  const signer = family.group_key_signed_by
    ? await db.selectFrom('accounts').select(['id', 'public_key_x25519', 'public_key_ed25519']).where('id', '=', family.group_key_signed_by).executeTakeFirst()
    : undefined;
  return {
    keyId: family.group_key_id,
    publicKey: family.group_public_key,
    generation: family.group_key_generation,
    signature: signer ? family.group_key_signature : null,
    signedBy: signer ? { accountId: signer.id, boxPublicKey: signer.public_key_x25519, signPublicKey: signer.public_key_ed25519 } : null,
  };
}

export async function requireOrganizer(db: Db, accountId: string): Promise<Membership> {
  const membership = await membershipOf(db, accountId);
  if (!membership) throw notInFamily();
  if (membership.role !== 'organizer') throw notAnOrganizer();
  return membership;
}

/** A member of `familyId` other than the caller; 404 for anyone else, so other families' members do not show. */
export async function requireFellowMember(db: Db, familyId: string, accountId: string): Promise<Selectable<DatabaseSchema['family_members']> & { email: string }> {
  const row = await db
    .selectFrom('family_members')
    .innerJoin('accounts', 'accounts.id', 'family_members.account_id')
    .select(['family_members.account_id', 'family_members.family_id', 'family_members.role', 'family_members.joined_at', 'accounts.email'])
    .where('family_members.family_id', '=', familyId)
    .where('family_members.account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new ApiError(404, 'not_found', 'No such member in your family');
  return row;
}

/**
 * `given` must name each of `expected` exactly once, and nothing else: a vault left out of a
 * grant could never be recovered, and one that is not the caller's is not theirs to add.
 */
export function requireExactly(expected: Iterable<string>, given: readonly string[], what: string): void {
  const wanted = new Set(expected);
  const named = new Set(given);
  if (named.size !== given.length || named.size !== wanted.size || [...named].some((id) => !wanted.has(id))) {
    throw new ApiError(400, 'grants_mismatch', `${what} must cover exactly the ${wanted.size} concerned, each once`);
  }
}

/** The grants must cover exactly the vaults `accountId` belongs to. */
export async function requireGrantsCover(db: Db, accountId: string, grants: readonly { vaultId: string }[]): Promise<void> {
  const vaults = await db.selectFrom('vault_members').select('vault_id').where('account_id', '=', accountId).execute();
  requireExactly(
    vaults.map((row) => row.vault_id),
    grants.map((grant) => grant.vaultId),
    'The vault grants',
  );
}

export async function familyView(context: Pick<ServerContext, 'db' | 'now'>, membership: Membership): Promise<FamilyView> {
  const { db, now } = context;
  const familyId = membership.family_id;
  const organizer = membership.role === 'organizer';
  const [members, groupKey, invites, recoveries, signed] = await Promise.all([
    db
      .selectFrom('family_members')
      .innerJoin('accounts', 'accounts.id', 'family_members.account_id')
      .select(['family_members.account_id', 'family_members.role', 'family_members.joined_at', 'accounts.email', 'accounts.public_key_x25519', 'accounts.public_key_ed25519'])
      .where('family_members.family_id', '=', familyId)
      // Organizers first ('organizer' > 'member'), then by email.
      .orderBy('family_members.role', 'desc')
      .orderBy('accounts.email', 'asc')
      .execute(),
    db.selectFrom('family_group_keys').select('sealed_private_key').where('family_id', '=', familyId).where('account_id', '=', membership.account_id).executeTakeFirst(),
    organizer
      ? db.selectFrom('family_invites').select(['email', 'expires_at']).where('family_id', '=', familyId).where('expires_at', '>', now()).orderBy('created_at', 'asc').execute()
      : Promise.resolve([]),
    db
      .selectFrom('family_recoveries')
      .innerJoin('accounts', 'accounts.id', 'family_recoveries.account_id')
      .select(['family_recoveries.id', 'family_recoveries.account_id', 'family_recoveries.stage', 'family_recoveries.started_by', 'family_recoveries.created_at', 'family_recoveries.expires_at', 'accounts.email'])
      .where('family_recoveries.family_id', '=', familyId)
      .where('family_recoveries.expires_at', '>', now())
      .$if(!organizer, (query) => query.where('family_recoveries.account_id', '=', membership.account_id))
      .orderBy('family_recoveries.created_at', 'asc')
      .execute(),
    signedGroupKey(db, membership.family),
  ]);
  return {
    familyId,
    name: membership.family.name,
    role: membership.role,
    recoveryGroup: { ...signed, sealedPrivateKey: organizer ? (groupKey?.sealed_private_key ?? null) : null },
    members: members.map((member) => ({ accountId: member.account_id, email: member.email, role: member.role, publicKey: member.public_key_x25519, signPublicKey: member.public_key_ed25519, joinedAt: iso(member.joined_at) })),
    invites: invites.map((invite) => ({ email: invite.email, expiresAt: iso(invite.expires_at) })),
    recoveries: recoveries.map((recovery) => ({ recoveryId: recovery.id, accountId: recovery.account_id, email: recovery.email, stage: recovery.stage, startedBy: recovery.started_by, startedAt: iso(recovery.created_at), expiresAt: iso(recovery.expires_at) })),
  };
}

/**
 * Called inside a new vault's transaction: a family member's vault must come with its key
 * sealed to the current recovery group, or it could not be recovered. True if the account is in a family.
 */
export async function recordVaultRecoveryGrant(trx: Db, accountId: string, vaultId: string, grant: { keyId: string; sealedVaultKey: string } | undefined): Promise<boolean> {
  const membership = await membershipOf(trx, accountId);
  if (!membership) {
    if (grant) throw new ApiError(400, 'invalid_request', 'This account is not in a family: send no recovery grant');
    return false;
  }
  if (!grant) throw new ApiError(400, 'recovery_grant_required', "This account is in a family: seal the vault key to the family's recovery group too");
  await requireGroupKey(trx, membership.family_id, grant.keyId);
  await trx.insertInto('family_vault_grants').values({ vault_id: vaultId, family_id: membership.family_id, sealed_vault_key: grant.sealedVaultKey }).execute();
  return true;
}

/**
 * Inside a transaction: `keyId` must be the family's current group key id (409
 * `stale_group_key` otherwise). The check is a no-op UPDATE so that it also locks the family's
 * row until commit: a rotation and anything sealed to the key it replaces (a join, a new
 * vault's grant, a promotion) then run one after the other, and the later one sees the other's
 * writes, on PostgreSQL's READ COMMITTED as on SQLite.
 */
export async function requireGroupKey(trx: Db, familyId: string, keyId: string): Promise<void> {
  const current = await trx
    .updateTable('families')
    .set((eb) => ({ group_key_id: eb.ref('group_key_id') }))
    .where('id', '=', familyId)
    .where('group_key_id', '=', keyId)
    .executeTakeFirst();
  if (Number(current.numUpdatedRows) !== 1) throw staleGroupKey();
}

/**
 * The last step of demoting or removing an organizer, in its transaction, after the change
 * itself: the new group key must be sealed to exactly the organizers who remain, and exactly
 * the family's remaining grants must be resealed to it. Then it replaces the group's public
 * key, key id, sealed keys and grants, so nothing sealed to the old key is left to open.
 */
export async function replaceGroupKey(trx: Db, familyId: string, rotation: GroupKeyRotation, signedBy: string): Promise<void> {
  await requireGroupKey(trx, familyId, rotation.keyId);
  const [organizers, grants] = await Promise.all([
    trx.selectFrom('family_members').select('account_id').where('family_id', '=', familyId).where('role', '=', 'organizer').execute(),
    trx.selectFrom('family_vault_grants').select('vault_id').where('family_id', '=', familyId).execute(),
  ]);
  requireExactly(
    organizers.map((row) => row.account_id),
    rotation.sealedPrivateKeys.map((sealed) => sealed.accountId),
    'The new group key sealed to the remaining organizers',
  );
  requireExactly(
    grants.map((row) => row.vault_id),
    rotation.vaultGrants.map((grant) => grant.vaultId),
    "The family's vault grants resealed to the new group key",
  );
  await trx
    .updateTable('families')
    .set((eb) => ({ group_key_id: randomToken(16), group_public_key: rotation.publicKey, group_key_generation: eb('group_key_generation', '+', 1), group_key_signature: rotation.signature, group_key_signed_by: signedBy }))
    .where('id', '=', familyId)
    .execute();
  await trx.deleteFrom('family_group_keys').where('family_id', '=', familyId).execute();
  for (const sealed of rotation.sealedPrivateKeys) await trx.insertInto('family_group_keys').values({ family_id: familyId, account_id: sealed.accountId, sealed_private_key: sealed.sealedPrivateKey }).execute();
  for (const grant of rotation.vaultGrants) {
    await trx.updateTable('family_vault_grants').set({ sealed_vault_key: grant.sealedVaultKey }).where('family_id', '=', familyId).where('vault_id', '=', grant.vaultId).execute();
  }
}
