/**
 * Writing one item of an open vault: saving (a new item, or a new version) and deleting (a
 * tombstone with the deletion marker, §8.4). Each write encrypts for the version the server will
 * assign (`expectedVersion + 1`), so a rolled-back copy does not open. A stale write comes back
 * as a conflict carrying the item as the server now holds it, taken in by the sync's own rules.
 */
import { IpcError } from '../../../shared/ipc/result';
import { bucketFor } from '../../../shared/crypto/padding';
import { VAULT_LIMITS, vaultRoutes } from '../../../shared/server-api/vault';
import { encryptItemPart, sealDeletionMarker, type ItemContext, type ItemPart } from '../crypto/vault-items';
import type { AccountSession } from '../account/account-session';
import { VersionConflictError } from '../sync/client';
import { toWire } from '../sync/wire';
import type { ItemFields } from '../../../shared/vault/item-fields';
import { checkedFields, itemParts, nextHistory, type ItemRecord } from './item-format';
import { applyItem, newId, revealItem, type OpenVault, type VaultItem } from './open-vault';
import { moveOverOwnWrite, sinceHeader, tookIn } from './own-writes';
import { isUnreachable, offlineWriteError, translate } from './vault-errors';

export type WriteOutcome<T> = T | { outcome: 'conflict'; current: VaultItem | null };

/** What a write needs of the vault service: the server as this account, and the cache write after it. */
export interface ItemWriter {
  session: AccountSession;
  persist(vault: OpenVault): Promise<void>;
}

/**
 * Saves what the user edited: a new item, or a new version of one held (whose password history
 * and Recently Deleted state the core carries on, adding the replaced password to the history).
 */
export async function saveItem(
  writer: ItemWriter,
  vault: OpenVault,
  itemId: string | undefined,
  expectedVersion: number,
  fields: ItemFields,
  removeOtp = false,
): Promise<WriteOutcome<{ outcome: 'saved'; item: VaultItem }>> {
  const given = checkedFields(fields);
  if (itemId === undefined && expectedVersion !== 0) throw new IpcError('conflict', 'A new item starts at version 0.');
  const held = itemId === undefined ? undefined : vault.items.get(itemId);
  // An item this device does not hold (not pulled yet) is written as given; the server still checks its version.
  const previous = held && itemId ? revealItem(vault, itemId, held) : null;
  // The screen never holds a saved one-time password setup: a login's '' keeps the stored one, unless the user removed it.
  const keptOtp = !removeOtp && given.type === 'login' && given.otp === '' && previous?.fields.type === 'login' ? previous.fields.otp : null;
  const checked = keptOtp === null ? given : { ...given, otp: keptOtp };
  const record = { fields: checked, history: nextHistory(previous, checked, new Date().toISOString()), trashedAt: previous?.trashedAt ?? null };
  return writeItem(writer, vault, itemId ?? newId(), expectedVersion, record);
}

/** The body of one item's write: both parts sealed for the version the server will assign. */
export function sealedItem(vault: OpenVault, itemId: string, expectedVersion: number, record: ItemRecord) {
  return sealedParts(vault, itemId, expectedVersion, { ...record, fields: checkedFields(record.fields) }).body;
}

/** sealedItem of fields already checked, with the overview sealed and its version (for applyItem to take in as it is). */
export function sealedParts(vault: OpenVault, itemId: string, expectedVersion: number, record: ItemRecord) {
  const ctx = { vaultId: vault.vaultId, itemId, version: expectedVersion + 1 };
  const { overview, details } = itemParts(record);
  const body = { expectedVersion, overview: sealPart(vault, 'overview', ctx, overview), details: sealPart(vault, 'details', ctx, details) };
  return { body, sealed: { itemId, version: ctx.version, overview } };
}

const encoder = new TextEncoder();

/** One part's JSON, encoded once: its size checked against the server's limit, then sealed. */
function sealPart(vault: OpenVault, part: ItemPart, ctx: ItemContext, json: unknown): string {
  const plaintext = encoder.encode(JSON.stringify(json));
  try {
    if (bucketFor(plaintext.length) > VAULT_LIMITS[part].maxBucket) throw new IpcError('invalid-input', 'This item is too large to save: shorten its notes, websites or custom fields.');
    return toWire(encryptItemPart(vault.key, part, ctx, plaintext));
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Writes one whole item as given (its history and Recently Deleted state included). `purge`: the write moves it to
 * Recently Deleted, with the deletion marker for the version after this one (recently-deleted.ts).
 */
export async function writeItem(
  writer: ItemWriter,
  vault: OpenVault,
  itemId: string,
  expectedVersion: number,
  record: ItemRecord,
  purge?: { marker: string; trashedAt: string },
): Promise<WriteOutcome<{ outcome: 'saved'; item: VaultItem }>> {
  const body = { ...sealedItem(vault, itemId, expectedVersion, record), ...(purge ? { purge } : {}) };
  return write(writer, vault, itemId, async (session) => {
    const since = vault.cursor;
    const { item, cursor } = await session.attempt(vaultRoutes.putItem, { params: { vaultId: vault.vaultId, itemId }, body, headers: sinceHeader(since) });
    applyItem(vault, item);
    moveOverOwnWrite(vault, since, cursor, tookIn(vault, itemId, item.version));
    return { outcome: 'saved', item: { itemId, version: item.version, updatedAt: item.updatedAt, ...record } };
  });
}

export async function deleteItem(writer: ItemWriter, vault: OpenVault, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'deleted' }>> {
  // Signed for the tombstone's version: the server cannot delete an item by its own word.
  const marker = toWire(sealDeletionMarker(vault.key, { vaultId: vault.vaultId, itemId, version: expectedVersion + 1 }));
  return write(writer, vault, itemId, async (session) => {
    const since = vault.cursor;
    const { item, cursor } = await session.attempt(vaultRoutes.deleteItem, { params: { vaultId: vault.vaultId, itemId }, body: { expectedVersion, marker }, headers: sinceHeader(since) });
    applyItem(vault, item);
    moveOverOwnWrite(vault, since, cursor, tookIn(vault, itemId, item.version, true));
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
