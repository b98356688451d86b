/**
 * Shared vaults: the owner of a family's shared vault gives other members of the family
 * access, each with the vault key sealed to that member's own public key, and takes it away
 * again. The server checks who may share with whom; what is sealed it cannot read. A private
 * vault is never shared.
 */
import type { Kysely } from 'kysely';
import type { VaultMember } from '../../shared/server-api/vault';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import type { DatabaseSchema } from '../database/schema';
import { membershipOf, notInFamily, requireFellowMember } from '../family/families';
import { ApiError } from '../http/errors';
import { requireMember } from './vaults';

type Db = Kysely<DatabaseSchema>;
interface Caller {
  accountId: string;
  sessionId: string;
  ip: string;
}

const notOwner = () => new ApiError(403, 'not_vault_owner', 'Only the owner of this vault can change who has access');
const noSuchMember = () => new ApiError(404, 'not_found', 'That person has no access to this vault');

export async function vaultMembers(db: Db, vaultId: string, accountId: string): Promise<VaultMember[]> {
  await requireMember(db, vaultId, accountId);
  const rows = await db
    .selectFrom('vault_members')
    .innerJoin('accounts', 'accounts.id', 'vault_members.account_id')
    .select(['vault_members.account_id', 'vault_members.role', 'accounts.email'])
    .where('vault_members.vault_id', '=', vaultId)
    // The owner first ('owner' > 'member'), then by email.
    .orderBy('vault_members.role', 'desc')
    .orderBy('accounts.email', 'asc')
    .execute();
  return rows.map((row) => ({ accountId: row.account_id, email: row.email, role: row.role as VaultMember['role'] }));
}

/** The caller must own the vault, and it must be a shared one. */
async function requireSharedOwner(db: Db, vaultId: string, accountId: string): Promise<void> {
  const { role } = await requireMember(db, vaultId, accountId);
  if (role !== 'owner') throw notOwner();
  const vault = await db.selectFrom('vaults').select('kind').where('id', '=', vaultId).executeTakeFirstOrThrow();
  if (vault.kind !== 'shared') throw new ApiError(400, 'not_shared', 'A private vault cannot be shared: make a shared vault for what you want to share');
}

/** A vault membership set aside by the member's organizer recovery (family_recovery_vaults), restored when it completes. */
function setAside(db: Db, vaultId: string, accountId: string) {
  return db
    .selectFrom('family_recovery_vaults')
    .innerJoin('family_recoveries', 'family_recoveries.id', 'family_recovery_vaults.recovery_id')
    .select('family_recovery_vaults.recovery_id')
    .where('family_recovery_vaults.vault_id', '=', vaultId)
    .where('family_recoveries.account_id', '=', accountId);
}

export async function addVaultMember(
  { db, now }: Pick<ServerContext, 'db' | 'now'>,
  caller: Caller,
  vaultId: string,
  grant: { accountId: string; publicKey: string; sealedVaultKey: string },
): Promise<VaultMember[]> {
  await db.transaction().execute(async (trx) => {
    await requireSharedOwner(trx, vaultId, caller.accountId);
    const family = await membershipOf(trx, caller.accountId);
    if (!family) throw notInFamily();
    await requireFellowMember(trx, family.family_id, grant.accountId);
    const [member, waiting, account] = await Promise.all([
      trx.selectFrom('vault_members').select('role').where('vault_id', '=', vaultId).where('account_id', '=', grant.accountId).executeTakeFirst(),
      setAside(trx, vaultId, grant.accountId).executeTakeFirst(),
      trx.selectFrom('accounts').select('public_key_x25519').where('id', '=', grant.accountId).executeTakeFirstOrThrow(),
    ]);
    if (member || waiting) throw new ApiError(409, 'already_member', 'That person already has access to this vault');
    // Sealed to the key they have now, not one from before a recovery gave them new keys.
    if (account.public_key_x25519 !== grant.publicKey) throw new ApiError(409, 'stale_public_key', "That person's keys changed: load the family again and retry");
    const at = now();
    await trx.insertInto('vault_members').values({ vault_id: vaultId, account_id: grant.accountId, sealed_vault_key: grant.sealedVaultKey, role: 'member', created_at: at }).execute();
    await audit(trx, at, 'vault.member_added', { accountId: grant.accountId, sessionId: caller.sessionId, ip: caller.ip });
  });
  return vaultMembers(db, vaultId, caller.accountId);
}

export async function removeVaultMember({ db, now }: Pick<ServerContext, 'db' | 'now'>, caller: Caller, vaultId: string, accountId: string): Promise<VaultMember[]> {
  await db.transaction().execute(async (trx) => {
    await requireSharedOwner(trx, vaultId, caller.accountId);
    if (accountId === caller.accountId) throw new ApiError(400, 'invalid_request', 'The owner keeps access to their own vault');
    const removed = await trx.deleteFrom('vault_members').where('vault_id', '=', vaultId).where('account_id', '=', accountId).executeTakeFirst();
    // A member whose organizer recovery is under way has the membership set aside instead.
    const removedWaiting = await trx
      .deleteFrom('family_recovery_vaults')
      .where('vault_id', '=', vaultId)
      .where('recovery_id', 'in', setAside(trx, vaultId, accountId))
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) + Number(removedWaiting.numDeletedRows) === 0) throw noSuchMember();
    await audit(trx, now(), 'vault.member_removed', { accountId, sessionId: caller.sessionId, ip: caller.ip });
  });
  return vaultMembers(db, vaultId, caller.accountId);
}
