/**
 * Families: membership, the recovery group's sealed keys, and the family's vault grants
 * (src/shared/server-api/family.ts). The server checks who may do what and that the grants a
 * client sends cover exactly the vaults they must; what is sealed inside them it cannot read.
 */
import type { FamilyView, GroupKeyRotation, SignedGroupKey } from '../../shared/server-api/family';
import type { ServerContext } from '../context';
import { toMillis, type DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { cancelledNoticesFor, liveRecoveries, liveRecoveryRequests } from './family-recovery-store';
import { familyGrants, insertGrants, liveInvites, lockGroupKey, memberOf, membersOf, membershipOf, organizersOf, sealedGroupKeyOf, signerOf, vaultIdsOf, writeRotation, type Db, type GroupKeyColumns, type Membership } from './family-store';

export { membershipOf, type Membership };

const iso = (value: DatabaseSchema['families']['created_at']) => new Date(toMillis(value)).toISOString();

const notAnOrganizer = () => new ApiError(403, 'not_an_organizer', 'Only a Family Organizer can do this');
export const notInFamily = () => new ApiError(404, 'not_found', 'This account is not in a family');
export const staleGroupKey = () => new ApiError(409, 'stale_group_key', "The family's recovery group key changed: load the family again and retry");

/** A family's current group key with its signature and the signer's public keys, as devices check it. */
export async function signedGroupKey(db: Db, family: GroupKeyColumns): Promise<SignedGroupKey> {
  const signer = family.group_key_signed_by ? await signerOf(db, family.group_key_signed_by) : undefined;
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
export async function requireFellowMember(db: Db, familyId: string, accountId: string) {
  const row = await memberOf(db, familyId, accountId);
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
  requireExactly(
    await vaultIdsOf(db, accountId),
    grants.map((grant) => grant.vaultId),
    'The vault grants',
  );
}

export async function familyView(context: Pick<ServerContext, 'db' | 'now'>, membership: Membership): Promise<FamilyView> {
  const { db, now } = context;
  const familyId = membership.family_id;
  const organizer = membership.role === 'organizer';
  const [members, sealedPrivateKey, invites, recoveries, signed, requests, notices] = await Promise.all([
    membersOf(db, familyId),
    sealedGroupKeyOf(db, familyId, membership.account_id),
    organizer ? liveInvites(db, familyId, now()) : Promise.resolve([]),
    liveRecoveries(db, familyId, now(), organizer ? undefined : membership.account_id),
    signedGroupKey(db, membership.family),
    organizer ? liveRecoveryRequests(db, familyId, now()) : Promise.resolve([]),
    cancelledNoticesFor(db, familyId, membership.account_id),
  ]);
  return {
    familyId,
    name: membership.family.name,
    role: membership.role,
    recoveryGroup: { ...signed, sealedPrivateKey: organizer ? sealedPrivateKey : null },
    members: members.map((member) => ({ accountId: member.account_id, email: member.email, role: member.role, publicKey: member.public_key_x25519, signPublicKey: member.public_key_ed25519, joinedAt: iso(member.joined_at) })),
    invites: invites.map((invite) => ({ email: invite.email, expiresAt: iso(invite.expires_at) })),
    recoveryRequests: requests.filter((row) => row.account_id !== membership.account_id).map((row) => ({ accountId: row.account_id, email: row.email, askedAt: iso(row.created_at) })),
    cancelledRecoveries: notices.map((row) => ({ accountId: row.member_id, email: row.email, cancelledAt: iso(row.cancelled_at) })),
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
  await insertGrants(trx, membership.family_id, [{ vaultId, sealedVaultKey: grant.sealedVaultKey }]);
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
  if (!(await lockGroupKey(trx, familyId, keyId))) throw staleGroupKey();
}

/**
 * The last step of demoting or removing an organizer, in its transaction, after the change
 * itself: the new group key must be sealed to exactly the organizers who remain, and exactly
 * the family's remaining grants must be resealed to it. Then it replaces the group's public
 * key, key id, sealed keys and grants, so nothing sealed to the old key is left to open.
 */
export async function replaceGroupKey(trx: Db, familyId: string, rotation: GroupKeyRotation, signedBy: string): Promise<void> {
  await requireGroupKey(trx, familyId, rotation.keyId);
  const [organizers, grants] = await Promise.all([organizersOf(trx, familyId), familyGrants(trx, familyId)]);
  requireExactly(organizers, rotation.sealedPrivateKeys.map((sealed) => sealed.accountId), 'The new group key sealed to the remaining organizers');
  requireExactly(
    grants.map((grant) => grant.vaultId),
    rotation.vaultGrants.map((grant) => grant.vaultId),
    "The family's vault grants resealed to the new group key",
  );
  await writeRotation(trx, familyId, rotation, signedBy);
}
