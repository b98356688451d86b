/**
 * Recently Deleted, on the server (docs/security-design.md §8.4): a device that moves an item
 * there at version N also sends the deletion marker it sealed for version N + 1 and when it did.
 * The server cannot seal a marker, so it keeps that one; 30 days later the purge job turns each
 * item still at N into the tombstone at N + 1 carrying it, which every device takes as the
 * owner's own deletion. A restore or an edit writes N + 1 itself, so the kept marker no longer
 * fits any version and the write clears it.
 */
import { sql } from 'kysely';
import { VAULT_LIMITS } from '../../shared/server-api/vault';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { nextChangeSeq } from './vaults';

/** Checks a trashing write's `purge` against the server's clock and the version range. */
export function purgeOf({ now }: Pick<ServerContext, 'now'>, expectedVersion: number, purge: { marker: string; trashedAt: string }): { marker: string; trashedAt: number } {
  const trashedAt = Date.parse(purge.trashedAt);
  if (Math.abs(trashedAt - now()) > VAULT_LIMITS.trashClockSkewMs) throw new ApiError(400, 'invalid_request', 'trashedAt must be the time of this write');
  if (expectedVersion >= VAULT_LIMITS.maxVersion) throw new ApiError(400, 'invalid_request', 'This item has no version left for its purge');
  return { marker: purge.marker, trashedAt };
}

/** Tombstones every item trashed more than 30 days ago and still at the version it was trashed at; answers how many. */
export async function purgeTrashed({ db, now }: Pick<ServerContext, 'db' | 'now'>): Promise<number> {
  const due = await db
    .selectFrom('vault_items')
    .select(['vault_id', 'id', 'version', 'purge_version'])
    .where('deleted', '=', 0)
    .where('trashed_at', '<=', now() - VAULT_LIMITS.trashKeptMs)
    .where('purge_marker', 'is not', null)
    .execute();
  let purged = 0;
  for (const item of due) {
    if (Number(item.purge_version) !== Number(item.version) + 1) continue;
    purged += await db.transaction().execute(async (trx) => {
      const changeSeq = await nextChangeSeq(trx);
      // Still at the trashed version under the counter lock, or someone wrote since: then nothing.
      const result = await trx
        .updateTable('vault_items')
        .set({
          version: sql<number>`version + 1`,
          deleted: 1,
          overview: null,
          details: null,
          deletion_marker: sql<string>`purge_marker`,
          purge_marker: null,
          purge_version: null,
          trashed_at: null,
          change_seq: changeSeq,
          updated_at: now(),
        })
        .where('vault_id', '=', item.vault_id)
        .where('id', '=', item.id)
        .where('version', '=', item.version)
        .where('deleted', '=', 0)
        .where('purge_version', '=', Number(item.version) + 1)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    });
  }
  return purged;
}

/** Runs the purge every day until stopped (the server runs it once at start itself); a failed run is logged and tried again the next day. */
export function schedulePurge(context: Pick<ServerContext, 'db' | 'now'>, log: (error: unknown) => void, everyMs = 24 * 60 * 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = purgeTrashed(context).catch(log);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
