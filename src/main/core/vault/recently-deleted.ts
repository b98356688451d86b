/**
 * Recently Deleted (docs/security-design.md §8.4): Delete writes the item's next version with
 * `trashedAt` set in its encrypted overview, so every device shows it there, and hands the server
 * the deletion marker for the version after that, which the server may use only to purge the
 * item 30 days on. Restore writes the next version with `trashedAt` null (the kept marker then
 * fits no version). Emptying deletes every trashed item for real, each with its own marker.
 */
import { IpcError } from '../../../shared/ipc/result';
import { sealDeletionMarker } from '../crypto/vault-items';
import { toWire } from '../sync/wire';
import { deleteItem, writeItem, type ItemWriter, type WriteOutcome } from './item-writes';
import { heldItem, revealItem, type OpenVault, type VaultItem } from './open-vault';

export async function trashItem(writer: ItemWriter, vault: OpenVault, itemId: string, expectedVersion: number, now: Date): Promise<WriteOutcome<{ outcome: 'trashed'; item: VaultItem }>> {
  const item = revealItem(vault, itemId, heldItem(vault, itemId));
  if (item.trashedAt !== null) throw new IpcError('bad-request', 'This item is already in Recently Deleted.');
  const trashedAt = now.toISOString();
  const marker = toWire(sealDeletionMarker(vault.key, { vaultId: vault.vaultId, itemId, version: expectedVersion + 2 }));
  const outcome = await writeItem(writer, vault, itemId, expectedVersion, { fields: item.fields, history: item.history, trashedAt }, { marker, trashedAt });
  return outcome.outcome === 'saved' ? { outcome: 'trashed', item: outcome.item } : outcome;
}

export async function restoreItem(writer: ItemWriter, vault: OpenVault, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'restored'; item: VaultItem }>> {
  const item = revealItem(vault, itemId, heldItem(vault, itemId));
  if (item.trashedAt === null) throw new IpcError('bad-request', 'This item is not in Recently Deleted.');
  const outcome = await writeItem(writer, vault, itemId, expectedVersion, { fields: item.fields, history: item.history, trashedAt: null });
  return outcome.outcome === 'saved' ? { outcome: 'restored', item: outcome.item } : outcome;
}

/** Deletes every item in Recently Deleted, one signed deletion each; an item changed elsewhere meanwhile is left and counted. */
export async function emptyTrash(writer: ItemWriter, vault: OpenVault): Promise<{ deleted: number; changed: number }> {
  const trashed = [...vault.items].filter(([, item]) => item.overview.trashedAt !== null).map(([itemId, item]) => ({ itemId, version: item.version }));
  let deleted = 0;
  for (const { itemId, version } of trashed) if ((await deleteItem(writer, vault, itemId, version)).outcome === 'deleted') deleted++;
  return { deleted, changed: trashed.length - deleted };
}
