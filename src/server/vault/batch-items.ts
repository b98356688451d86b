/**
 * Many item writes in one transaction (an import): each item is checked as a single PUT checks
 * it (padding, ids, its version), and either all are written or none. The change sequence is
 * taken once for the whole batch, under the same counter lock as a single write, so the batch's
 * changes commit in order and a cursor never skips one.
 */
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { requirePaddedItem } from './padded-items';
import { cursorAfterWrite, itemColumns, itemView, nextChangeSeq, requireMember, versionConflict } from './vaults';

export interface BatchItem {
  itemId: string;
  expectedVersion: number;
  overview: string;
  details: string;
}

/** `since`: as cursorAfterWrite's (vaults.ts). */
export async function writeItems(
  { db, now }: Pick<ServerContext, 'db' | 'now'>,
  accountId: string,
  vaultId: string,
  items: readonly BatchItem[],
  since?: number,
): Promise<{ items: { itemId: string; version: number; updatedAt: string }[]; cursor?: string }> {
  const ids = new Set(items.map((item) => item.itemId));
  if (ids.size !== items.length) throw new ApiError(400, 'invalid_request', 'body.items names an item more than once');
  items.forEach(requirePaddedItem);
  return db.transaction().execute(async (trx) => {
    await requireMember(trx, vaultId, accountId);
    const last = await nextChangeSeq(trx, items.length);
    const cursor = await cursorAfterWrite(trx, vaultId, since, last);
    // Read under the counter lock: no other item write can commit between this and ours.
    const current = new Map((await trx.selectFrom('vault_items').select(itemColumns).where('vault_id', '=', vaultId).where('id', 'in', [...ids]).execute()).map((row) => [row.id, row]));
    const stale = items.find((item) => Number(current.get(item.itemId)?.version ?? 0) !== item.expectedVersion);
    if (stale) throw versionConflict(current.get(stale.itemId), stale.expectedVersion);
    const at = now();
    const rows = items.map((item, index) => ({
      vault_id: vaultId,
      id: item.itemId,
      version: item.expectedVersion + 1,
      deleted: 0,
      overview: item.overview,
      details: item.details,
      deletion_marker: null,
      // A batch write never trashes: it voids a purge marker kept for the version it replaces (trash-purge.ts).
      purge_marker: null,
      purge_version: null,
      trashed_at: null,
      change_seq: last - items.length + 1 + index,
      updated_at: at,
    }));
    const created = rows.filter((row) => !current.has(row.id));
    if (created.length > 0) await trx.insertInto('vault_items').values(created).execute();
    for (const { vault_id: _vault, id, ...changes } of rows.filter((row) => current.has(row.id))) {
      const updated = await trx.updateTable('vault_items').set(changes).where('vault_id', '=', vaultId).where('id', '=', id).where('version', '=', changes.version - 1).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new Error('item write lost its version check');
    }
    // The writer holds both envelopes: the answer is only what the server set.
    return { items: rows.map((row) => ({ itemId: row.id, version: row.version, updatedAt: itemView(row).updatedAt })), ...(cursor !== undefined && { cursor }) };
  });
}
