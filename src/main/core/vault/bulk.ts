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
import { moveOverOwnWrite, sinceHeader, tookIn } from './own-writes';

/** Most items one upload holds (the server's limit for one batch). */
export const BATCH_ITEMS = 500;

/** Items sealed or taken in between two turns of the event loop: a whole batch at once would hold up the main core (and a window waiting on it). */
const ITEMS_PER_TURN = 100;

/** Items checked between two turns (a check is cheaper than a seal; all 10,000 of an import at once held the main core 100 ms). */
const CHECKS_PER_TURN = 500;

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
 * Three batches are at work at once: while the server stores one, this thread takes in the one stored before it and seals the
 * one after it (a stop sends nothing more: the batch on its way is taken in, the one sealed ahead is dropped).
 */
export async function createItems(writer: ItemWriter, vault: OpenVault, items: readonly ItemFields[], { signal, onProgress }: BatchOptions = {}): Promise<number> {
  const checked: ItemFields[] = [];
  for (const [index, fields] of items.entries()) {
    try {
      checked.push(checkedFields(fields));
    } catch (error) {
      throw new IpcError('invalid-input', `Item ${index + 1}: ${(error as Error).message}`);
    }
    if ((index + 1) % CHECKS_PER_TURN === 0) await nextTurn();
  }
  let sealedUpTo = 0;
  const sealNext = () => {
    if (sealedUpTo >= checked.length) return undefined;
    const from = sealedUpTo;
    sealedUpTo += BATCH_ITEMS;
    const sealing = (async () => {
      const batch = [];
      for (const fields of checked.slice(from, from + BATCH_ITEMS)) {
        const itemId = newId();
        batch.push({ itemId, ...sealedParts(vault, itemId, 0, { fields, history: [], trashedAt: null }) });
        if (batch.length % ITEMS_PER_TURN === 0) await nextTurn();
      }
      return batch;
    })();
    // Awaited in turn below; one dropped by a stop or a refusal before it is not this call's failure.
    sealing.catch(() => undefined);
    return sealing;
  };
  type Sealed = NonNullable<Awaited<ReturnType<typeof sealNext>>>;
  // The cursor over the batches answered so far (own-writes.ts): each batch sends the one the batch before answered; null once one answered none.
  const start = vault.cursor;
  let chain: string | null = start;
  const answered: { itemId: string; version: number }[] = [];
  const send = (batch: Sealed) => {
    const since = chain;
    const items = batch.map(({ itemId, body }) => ({ itemId, ...body }));
    const stored = writer.session.call(vaultRoutes.putItems, { params: { vaultId: vault.vaultId }, body: { items }, ...(since !== null && { headers: sinceHeader(since) }) }).then((answer) => {
      chain = since !== null && chain === since ? (answer.cursor ?? null) : null;
      answered.push(...answer.items);
      return answer;
    });
    // Awaited once the batch before it is taken in; failing meanwhile is not an unhandled rejection.
    stored.catch(() => undefined);
    return { batch, stored };
  };
  let next = sealNext();
  let inFlight: ReturnType<typeof send> | undefined;
  let done = 0;
  try {
    for (;;) {
      const landing = inFlight;
      inFlight = undefined;
      const stored = landing && (await landing.stored).items;
      if (next && !signal?.aborted) {
        inFlight = send(await next);
        next = sealNext();
      }
      if (!landing || !stored) {
        if (inFlight) continue;
        break;
      }
      // Taken in as any item the server serves, under the version it answered: the overview just sealed is not opened again when that is the version it was sealed for.
      for (const [index, { itemId, version, updatedAt }] of stored.entries()) {
        const { body, sealed } = landing.batch[index]!;
        applyItem(vault, { vaultId: vault.vaultId, itemId, version, deleted: false, overview: body.overview, details: body.details, deletionMarker: null, updatedAt }, sealed);
        if ((index + 1) % ITEMS_PER_TURN === 0) await nextTurn();
      }
      done += landing.batch.length;
      onProgress?.(done, checked.length);
    }
  } catch (error) {
    if (isUnreachable(error)) throw offlineWriteError();
    return translate(error);
  } finally {
    moveOverOwnWrite(vault, start, chain ?? undefined, answered.every(({ itemId, version }) => tookIn(vault, itemId, version)));
    if (done > 0) await writer.persist(vault);
  }
  return done;
}
