/**
 * Writing one item of an open vault: saving (a new item, or a new version) and deleting (a
 * tombstone with the deletion marker, §8.4). Each write encrypts for the version the server will
 * assign (`expectedVersion + 1`), so a rolled-back copy does not open. A stale write comes back
 * as a conflict carrying the item as the server now holds it, taken in by the sync's own rules.
 */
import type { LoginFields } from '../../../shared/ipc/channels/vault';
import { IpcError } from '../../../shared/ipc/result';
import { vaultRoutes } from '../../../shared/server-api/vault';
import { encryptItemJson, sealDeletionMarker } from '../crypto/vault-items';
import type { AccountSession } from '../account/account-session';
import { VersionConflictError } from '../sync/client';
import { toWire } from '../sync/wire';
import { applyItem, newId, revealItem, type LoginItem, type OpenVault, type Overview } from './open-vault';
import { isUnreachable, offlineWriteError, translate } from './vault-errors';

export type WriteOutcome<T> = T | { outcome: 'conflict'; current: LoginItem | null };

/** What a write needs of the vault service: the server as this account, and the cache write after it. */
export interface ItemWriter {
  session: AccountSession;
  persist(vault: OpenVault): Promise<void>;
}

export async function saveItem(
  writer: ItemWriter,
  vault: OpenVault,
  itemId: string | undefined,
  expectedVersion: number,
  fields: LoginFields,
): Promise<WriteOutcome<{ outcome: 'saved'; item: LoginItem }>> {
  const id = itemId ?? newId();
  if (itemId === undefined && expectedVersion !== 0) throw new IpcError('conflict', 'A new item starts at version 0.');
  const ctx = { vaultId: vault.vaultId, itemId: id, version: expectedVersion + 1 };
  const overview: Overview = { title: fields.title, username: fields.username, urls: fields.urls };
  const body = {
    expectedVersion,
    overview: toWire(encryptItemJson(vault.key, 'overview', ctx, overview)),
    details: toWire(encryptItemJson(vault.key, 'details', ctx, { password: fields.password, notes: fields.notes })),
  };
  return write(writer, vault, id, async (session) => {
    const { item } = await session.attempt(vaultRoutes.putItem, { params: { vaultId: vault.vaultId, itemId: id }, body });
    applyItem(vault, item);
    return { outcome: 'saved', item: { itemId: id, version: item.version, updatedAt: item.updatedAt, fields } };
  });
}

export async function deleteItem(writer: ItemWriter, vault: OpenVault, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'deleted' }>> {
  // Signed for the tombstone's version: the server cannot delete an item by its own word.
  const marker = toWire(sealDeletionMarker(vault.key, { vaultId: vault.vaultId, itemId, version: expectedVersion + 1 }));
  return write(writer, vault, itemId, async (session) => {
    const { item } = await session.attempt(vaultRoutes.deleteItem, { params: { vaultId: vault.vaultId, itemId }, body: { expectedVersion, marker } });
    applyItem(vault, item);
    if (vault.items.has(itemId)) throw new IpcError('untrusted-key', 'The sync server answered the deletion with something other than it. Nothing was deleted on this device; try again.');
    return { outcome: 'deleted' };
  });
}

/** Runs one write and caches the vault after it; a stale write becomes a conflict, and offline a refusal (changes are not queued). */
async function write<T>(writer: ItemWriter, vault: OpenVault, itemId: string, send: (session: AccountSession) => Promise<T>): Promise<WriteOutcome<T>> {
  try {
    const outcome = await send(writer.session);
    await writer.persist(vault);
    return outcome;
  } catch (error) {
    if (isUnreachable(error)) throw offlineWriteError();
    if (error instanceof IpcError) throw error;
    if (!(error instanceof VersionConflictError)) return translate(error);
    // Taken in by the sync's rules: a deletion without its marker, or a copy that does not open, leaves the held copy.
    if (error.current) applyItem(vault, error.current);
    const held = vault.items.get(itemId);
    await writer.persist(vault);
    return { outcome: 'conflict', current: held ? revealItem(vault, itemId, held) : null };
  }
}
