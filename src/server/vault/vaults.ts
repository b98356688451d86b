/**
 * Vaults, their members' sealed vault keys, and items as opaque ciphertext with versions.
 * The server never sees a vault key or an item's contents: it checks membership, versions
 * and sizes, and orders every write on one change sequence for incremental sync.
 *
 * Ordering and concurrency: every item write runs in one transaction that first takes the
 * next value of the `change_seq` counter (`UPDATE counters SET value = value + 1 … RETURNING`).
 * That row lock serialises item writers on PostgreSQL (SQLite has one writer anyway) until
 * commit, so (1) the version check and the write are atomic, and (2) writes commit in
 * change_seq order: a reader that sees change n has seen every change before n, so a cursor
 * never skips a change committed late.
 */
import { sql, type Kysely } from 'kysely';
import type { ItemView, VaultView } from '../../shared/server-api/vault';
import type { ServerContext } from '../context';
import { toMillis, type DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { recordVaultRecoveryGrant } from '../family/families';

type Db = Kysely<DatabaseSchema>;
export const itemColumns = ['vault_id', 'id', 'version', 'deleted', 'overview', 'details', 'deletion_marker', 'updated_at'] as const;
type ItemRow = Pick<DatabaseSchema['vault_items'], (typeof itemColumns)[number]>;

export const noSuchVault = () => new ApiError(404, 'not_found', 'No such vault on this account');
const noSuchItem = () => new ApiError(404, 'not_found', 'No such item in this vault');

function iso(value: DatabaseSchema['vaults']['created_at']): string {
  return new Date(toMillis(value)).toISOString();
}

export function itemView(row: ItemRow): ItemView {
  return {
    vaultId: row.vault_id,
    itemId: row.id,
    version: Number(row.version),
    deleted: Number(row.deleted) !== 0,
    overview: row.overview,
    details: row.details,
    deletionMarker: row.deletion_marker,
    updatedAt: iso(row.updated_at),
  };
}

/** The caller's membership of the vault; 404 (never 403) when it has none, so vault ids do not leak. */
export async function requireMember(db: Db, vaultId: string, accountId: string): Promise<{ role: string }> {
  const member = await db.selectFrom('vault_members').select('role').where('vault_id', '=', vaultId).where('account_id', '=', accountId).executeTakeFirst();
  if (!member) throw noSuchVault();
  return member;
}

/**
 * The vault's cursor after a write whose last change is `lastSeq`, for a writer whose cursor `since` (SINCE_HEADER) is at or
 * past every change of the vault before it; undefined otherwise, or without `since`. Read under the counter lock and before
 * the write's rows, so no other change can lie between (docs/security-design.md §13.1, "A device's own writes").
 */
export async function cursorAfterWrite(trx: Db, vaultId: string, since: number | undefined, lastSeq: number): Promise<string | undefined> {
  if (since === undefined) return undefined;
  const latest = await trx.selectFrom('vault_items').select((eb) => eb.fn.max('change_seq').as('seq')).where('vault_id', '=', vaultId).executeTakeFirst();
  return Number(latest?.seq ?? 0) <= since ? String(lastSeq) : undefined;
}

/** The next change sequence value (the last of `count` taken); holds the counter's row lock until the transaction ends. */
export async function nextChangeSeq(trx: Db, count = 1): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set({ value: sql`value + ${count}` })
    .where('name', '=', 'change_seq')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export interface NewVault {
  vaultId: string;
  sealedVaultKey: string;
  recoveryGrant?: { keyId: string; sealedVaultKey: string } | undefined;
  /** A shared vault's encrypted name; absent: the account's private vault. */
  shared?: { attributes: string } | undefined;
}

export async function createVault({ db, now }: Pick<ServerContext, 'db' | 'now'>, accountId: string, vault: NewVault): Promise<VaultView> {
  const at = now();
  const kind = vault.shared ? 'shared' : 'private';
  const attributes = vault.shared?.attributes ?? null;
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('vaults')
      .values({ id: vault.vaultId, created_by: accountId, created_at: at, kind, attributes })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new ApiError(409, 'vault_exists', 'A vault with this id already exists: generate a new random id');
    await trx.insertInto('vault_members').values({ vault_id: vault.vaultId, account_id: accountId, sealed_vault_key: vault.sealedVaultKey, role: 'owner', created_at: at }).execute();
    const inFamily = await recordVaultRecoveryGrant(trx, accountId, vault.vaultId, vault.recoveryGrant);
    if (vault.shared && !inFamily) throw new ApiError(400, 'invalid_request', 'Only a member of a family can make a shared vault');
  });
  return { vaultId: vault.vaultId, kind, role: 'owner', sealedVaultKey: vault.sealedVaultKey, attributes, createdAt: iso(at) };
}

export async function listVaults({ db }: Pick<ServerContext, 'db'>, accountId: string): Promise<VaultView[]> {
  const rows = await db
    .selectFrom('vault_members')
    .innerJoin('vaults', 'vaults.id', 'vault_members.vault_id')
    .select(['vault_members.vault_id', 'vault_members.role', 'vault_members.sealed_vault_key', 'vaults.kind', 'vaults.attributes', 'vaults.created_at'])
    .where('vault_members.account_id', '=', accountId)
    .orderBy('vaults.created_at', 'asc')
    .orderBy('vaults.id', 'asc')
    .execute();
  return rows.map((row) => ({
    vaultId: row.vault_id,
    kind: row.kind,
    role: row.role as VaultView['role'],
    sealedVaultKey: row.sealed_vault_key,
    attributes: row.attributes,
    createdAt: iso(row.created_at),
  }));
}

export async function getItem({ db }: Pick<ServerContext, 'db'>, accountId: string, vaultId: string, itemId: string): Promise<ItemView> {
  await requireMember(db, vaultId, accountId);
  const row = await db.selectFrom('vault_items').select(itemColumns).where('vault_id', '=', vaultId).where('id', '=', itemId).executeTakeFirst();
  if (!row) throw noSuchItem();
  return itemView(row);
}

/**
 * `purge`: the item goes to Recently Deleted with this write; the marker is for the version after it, for the purge job
 * (trash-purge.ts). Any write without it takes the item out of reach of an earlier purge marker.
 */
export type ItemWrite = { kind: 'put'; overview: string; details: string; purge?: { marker: string; trashedAt: number } | undefined } | { kind: 'delete'; marker: string };

/**
 * Creates (expectedVersion 0), updates or tombstones (with the deleting device's marker) an item at `expectedVersion + 1`. On a
 * stale `expectedVersion`: 409 `version_conflict` carrying the current item, nothing written. `since`: as cursorAfterWrite's.
 */
export async function writeItem(
  { db, now }: Pick<ServerContext, 'db' | 'now'>,
  accountId: string,
  vaultId: string,
  itemId: string,
  expectedVersion: number,
  write: ItemWrite,
  since?: number,
): Promise<{ item: ItemView; cursor?: string }> {
  return db.transaction().execute(async (trx) => {
    await requireMember(trx, vaultId, accountId);
    const changeSeq = await nextChangeSeq(trx);
    const cursor = await cursorAfterWrite(trx, vaultId, since, changeSeq);
    // Read under the counter lock: no other item write can commit between this and ours.
    const current = await trx.selectFrom('vault_items').select(itemColumns).where('vault_id', '=', vaultId).where('id', '=', itemId).executeTakeFirst();
    if (!current && write.kind === 'delete') throw noSuchItem();
    const currentVersion = current ? Number(current.version) : 0;
    if (currentVersion !== expectedVersion) {
      throw versionConflict(current, expectedVersion);
    }
    const row = {
      vault_id: vaultId,
      id: itemId,
      version: expectedVersion + 1,
      deleted: write.kind === 'delete' ? 1 : 0,
      overview: write.kind === 'put' ? write.overview : null,
      details: write.kind === 'put' ? write.details : null,
      deletion_marker: write.kind === 'delete' ? write.marker : null,
      ...purgeColumns(write, expectedVersion + 2),
      change_seq: changeSeq,
      updated_at: now(),
    };
    if (current) {
      const { vault_id: _vault, id: _id, ...changes } = row;
      const updated = await trx.updateTable('vault_items').set(changes).where('vault_id', '=', vaultId).where('id', '=', itemId).where('version', '=', expectedVersion).executeTakeFirst();
      // Cannot happen under the counter lock; refuse rather than overwrite if it ever does.
      if (Number(updated.numUpdatedRows) !== 1) throw new Error('item write lost its version check');
    } else {
      await trx.insertInto('vault_items').values(row).execute();
    }
    return { item: itemView(row), ...(cursor !== undefined && { cursor }) };
  });
}

function purgeColumns(write: ItemWrite, purgeVersion: number) {
  const purge = write.kind === 'put' ? write.purge : undefined;
  return { purge_marker: purge?.marker ?? null, purge_version: purge ? purgeVersion : null, trashed_at: purge?.trashedAt ?? null };
}

/** 409 `version_conflict` carrying the item as stored (null: there is none). */
export function versionConflict(current: ItemRow | undefined, expectedVersion: number): ApiError {
  const currentVersion = current ? Number(current.version) : 0;
  return new ApiError(409, 'version_conflict', `The item has changed: it is at version ${currentVersion}, not ${expectedVersion}. Merge onto the current item and write again.`, {
    current: current ? itemView(current) : null,
  });
}
