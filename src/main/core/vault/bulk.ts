/**
 * Many items at once, for the other end of an import or an export: every live item of a vault
 * with its fields opened, and creating a list of items, checked whole before anything is
 * encrypted, then sealed and uploaded in batches.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { IpcError } from '../../../shared/ipc/result';
import type { ItemFields } from '../../../shared/vault/item-fields';
import { vaultRoutes } from '../../../shared/server-api/vault';
import { isUnreachable, offlineWriteError, translate } from './vault-errors';
import { checkedFields } from './item-format';
import { sealedParts, type ItemWriter } from './item-writes';
import { applyItem, newId, revealItem, type OpenVault } from './open-vault';

/** Most items one upload holds (the server's limit for one batch). */
export const BATCH_ITEMS = 500;

/** Items sealed or taken in between two turns of the event loop: a whole batch at once would hold up the main core (and a window waiting on it). */
const ITEMS_PER_TURN = 100;

export interface BatchOptions {
  /** Stops between two batches: the items of the batches sent stay created. */
  signal?: AbortSignal | undefined;
  /** Told after each batch: how many items are created so far, of how many. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export function allItemFields(vault: OpenVault): { itemId: string; fields: ItemFields }[] {
  return [...vault.items].filter(([, item]) => item.overview.trashedAt === null).map(([itemId, item]) => ({ itemId, fields: revealItem(vault, itemId, item).fields }));
}

/**
 * Creates the items in batches of BATCH_ITEMS; answers how many were created (fewer when stopped). A bad item refuses all of them.
 * The next batch is sealed while the server stores the one before (a stop drops it unsent), so this thread and the server work at once.
 */
export async function createItems(writer: ItemWriter, vault: OpenVault, items: readonly ItemFields[], { signal, onProgress }: BatchOptions = {}): Promise<number> {
  const checked = items.map((fields, index) => {
    try {
      return checkedFields(fields);
    } catch (error) {
      throw new IpcError('invalid-input', `Item ${index + 1}: ${(error as Error).message}`);
    }
  });
  const seal = async (from: number) => {
    const batch = [];
    for (const fields of checked.slice(from, from + BATCH_ITEMS)) {
      const itemId = newId();
      batch.push({ itemId, ...sealedParts(vault, itemId, 0, { fields, history: [], trashedAt: null }) });
      if (batch.length % ITEMS_PER_TURN === 0) await nextTurn();
    }
    return batch;
  };
  let done = 0;
  let next = checked.length > 0 ? seal(0) : undefined;
  try {
    while (next && !signal?.aborted) {
      const batch = await next;
      const upload = writer.session.call(vaultRoutes.putItems, { params: { vaultId: vault.vaultId }, body: { items: batch.map(({ itemId, body }) => ({ itemId, ...body })) } });
      next = done + batch.length < checked.length ? seal(done + batch.length) : undefined;
      // A batch sealed ahead and never sent (a stop, a refusal) is dropped; its failure is not this one's.
      next?.catch(() => undefined);
      const { items: stored } = await upload;
      // Taken in as any item the server serves, under the version it answered: the overview just sealed is not opened again when that is the version it was sealed for.
      for (const [index, { itemId, version, updatedAt }] of stored.entries()) {
        const { body, sealed } = batch[index]!;
        applyItem(vault, { vaultId: vault.vaultId, itemId, version, deleted: false, overview: body.overview, details: body.details, deletionMarker: null, updatedAt }, sealed);
        if ((index + 1) % ITEMS_PER_TURN === 0) await nextTurn();
      }
      done += batch.length;
      onProgress?.(done, checked.length);
    }
  } catch (error) {
    if (isUnreachable(error)) throw offlineWriteError();
    return translate(error);
  } finally {
    if (done > 0) await writer.persist(vault);
  }
  return done;
}
