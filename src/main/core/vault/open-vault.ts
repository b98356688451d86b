/**
 * One open vault in the main process's memory: its key, its items' overviews (decrypted, for
 * the list and the search index) and their details (still encrypted until one item is
 * revealed, and left in the offline cache file when they were read from it: held-record.ts).
 * Opening a vault's key from its grant, taking in the server's items, revealing one item, and
 * wiping it all when the account locks.
 */
import { z } from 'zod';
import { IpcError } from '../../../shared/ipc/result';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import type { ItemView, VaultView } from '../../../shared/server-api/vault';
import { decryptItemJson, decryptVaultAttributes, deletionMarkerValid, OverviewOpener, type ItemContext } from '../crypto/vault-items';
import { openVaultKey, type BoxKeyPair } from '../crypto/vault-keys';
import { withAeadBatch } from '../crypto/aead-batch';
import { readItem, readOverview, type ItemRecord, type Overview } from './item-format';
import { SearchIndex } from './search-index';
import { HeldRecord, type RecordFile } from '../offline/held-record';
import { recordDetails, recordHead, recordUpdatedAt, sealRecord, type RecordFilter } from '../offline/sealed-item';
import { fromWire, toWire } from '../sync/wire';
import { publicRandom } from '../crypto/sodium';

/** A new vault or item id: 16 random bytes as unpadded base64url (§8.4). */
export const newId = (): string => toWire(publicRandom(16));

/** The cursor of a vault's first change: a pull from it brings every item the server holds. */
export const FIRST_CURSOR = '0';

/** Every account's own vault, never shared: its name is not stored. */
export const PRIVATE_VAULT_NAME = 'Private';

const attributesSchema = z.object({ name: z.string().min(1).max(100) }).strict();

export interface StoredItem {
  version: number;
  overview: Overview;
  /** The item as the server sent it, as one record (its offline cache row), in memory or in the cache file: its details envelope is opened only when the user asks for this one item. */
  sealed: HeldRecord;
}

/** The vault as the server lists it to this account (what the offline cache keeps of it). */
export type VaultGrant = Omit<VaultView, 'createdAt'>;

export interface OpenVault {
  vaultId: string;
  grant: VaultGrant;
  name: string;
  key: SecretBytes;
  items: Map<string, StoredItem>;
  index: SearchIndex;
  cursor: string;
  /** The offline cache file its items' records are read back from (null: all held in memory); closed with the vault. */
  file: RecordFile | null;
  /** Aborted when the vault closes (its account locked, or the account lost it), so a sync or write still in flight neither repopulates nor caches a wiped vault. */
  readonly lifetime: AbortController;
  /** The highest version this device has seen of each item (its part of the device state record, §8.6). */
  seen: Map<string, number>;
  /** Items refused since the last pull began (older than seen, not opening, or deleted without a marker). */
  refused: Set<string>;
  /** Items the server served, since the last pull began, at or above the version seen. */
  served: Set<string>;
  /** How many items seen the last pull from the first change did not bring (0 after any other pull). */
  missing: number;
}

/** One account's open vaults. */
export interface AccountVaults {
  vaults: Map<string, OpenVault>;
  /** The account is in a family, so it may make shared vaults (false until the server said so). */
  canShare: boolean;
  /**
   * Aborted when the account locks, with the 'not-unlocked' error as its reason: the server reads of a sync still in
   * flight carry its signal and stop, and nothing after it is cached or reported.
   */
  readonly lifetime: AbortController;
  refreshing: Promise<boolean> | null;
  /** The last refresh could not reach the server; `failure`: why it failed (null: it did not). */
  offline: boolean;
  failure: unknown;
  /** vault id → item id → highest version seen: what the device state record keeps (§8.6). */
  seen: Map<string, Map<string, number>>;
  /** What the last refresh refused or could not find (the vault screen's notice). */
  notices: VaultNotice[];
}

/**
 * A vault the device would not take (not in the account's signed list), one the server stopped
 * listing, a list that did not verify (or went back), an item change refused (see applyItem),
 * or items the server left out of a full pull without a signed deletion.
 */
export interface VaultNotice {
  kind: 'refused-vault' | 'unavailable-vault' | 'refused-list' | 'refused-item' | 'missing-item';
  vaultId: string | null;
}

/** One item opened for the user: its fields, password history and Recently Deleted state. */
export interface VaultItem extends ItemRecord {
  itemId: string;
  version: number;
  updatedAt: string;
}

export function openVaultOf(grant: VaultGrant, name: string, key: SecretBytes, cursor: string): OpenVault {
  return { vaultId: grant.vaultId, grant, name, key, items: new Map(), index: new SearchIndex(), cursor, file: null, lifetime: new AbortController(), seen: new Map(), refused: new Set(), served: new Set(), missing: 0 };
}

/** Opens a vault's key (and name) with the account's keyset; null for one that does not open (another keyset, or tampered). */
export function openGrant(keyset: BoxKeyPair, grant: VaultGrant, cursor: string): OpenVault | null {
  let key: SecretBytes | undefined;
  try {
    key = openVaultKey(fromWire(grant.sealedVaultKey), grant.vaultId, keyset);
    const name = grant.kind === 'private' ? PRIVATE_VAULT_NAME : attributesSchema.parse(decryptVaultAttributes(key, grant.vaultId, fromWire(grant.attributes ?? ''))).name;
    return openVaultOf(grant, name, key, cursor);
  } catch {
    key?.dispose();
    return null;
  }
}

export function closeVault(vault: OpenVault): void {
  vault.lifetime.abort();
  vault.key.dispose();
  vault.items.clear();
  vault.index.clear();
  vault.file?.close();
}

/** The vault's records are now read from `file` (a cache write moved them there): it closes the one before (or `file`, once the vault closed). */
export function adoptFile(vault: OpenVault, file: RecordFile): void {
  if (vault.lifetime.signal.aborted) return file.close();
  if (vault.file !== file) vault.file?.close();
  vault.file = file;
}

/** Wipes every vault of an account that locked. */
export function closeAccountVaults(account: AccountVaults): void {
  account.lifetime.abort(new IpcError('not-unlocked', 'The account locked. Unlock it again.'));
  for (const vault of account.vaults.values()) closeVault(vault);
  account.vaults.clear();
}

/** The account's own Private vault, once it is open. */
export function findPrivateVault(account: AccountVaults): OpenVault | undefined {
  return [...account.vaults.values()].find((vault) => vault.grant.kind === 'private' && vault.grant.role === 'owner');
}

export function heldVault(account: AccountVaults, vaultId: string): OpenVault {
  const vault = account.vaults.get(vaultId);
  if (!vault) throw new IpcError('not-found', 'You no longer have access to that vault.');
  return vault;
}

export function heldItem(vault: OpenVault, itemId: string): StoredItem {
  const item = vault.items.get(itemId);
  if (!item) throw new IpcError('not-found', 'That item is no longer in the vault.');
  return item;
}

/**
 * Takes in an item as the server stores it. Ignores anything not newer than the copy held.
 * Refuses (notes in `refused`, keeping the copy held): a version below one the device has seen
 * (a rollback), a newer copy that does not open under the vault key, and a deletion without its
 * marker (§8.4) of an item the device holds. Notes in `served` every item the server showed at
 * (or above) the version seen, live or deleted by its marker, for the missing-item check.
 * `sealed`: the overview this device itself just sealed and the item and version it sealed it
 * for (an upload's answer), taken as it is when the server answers that very item and version,
 * not opened again; any other answer is opened (and refused) like any item served.
 */
export function applyItem(vault: OpenVault, item: ItemView, sealed?: { itemId: string; version: number; overview: Overview }): void {
  const { itemId, version } = item;
  if (!isNewer(vault, itemId, version)) return;
  const ctx = { vaultId: vault.vaultId, itemId, version };
  if (item.deleted) {
    // A tombstone with no valid marker (a server's word, or one from before markers) deletes nothing.
    if (!markerValid(vault, ctx, item.deletionMarker)) return vault.items.has(itemId) ? refuse(vault, itemId) : undefined;
    dropItem(vault, itemId);
    return taken(vault, itemId, version);
  }
  const overview = sealed?.itemId === itemId && sealed.version === version ? sealed.overview : item.overview === null ? null : openOverview(vault, ctx, fromWire(item.overview));
  if (!overview || item.overview === null || item.details === null) return refuse(vault, itemId);
  hold(vault, itemId, version, overview, HeldRecord.inMemory(sealRecord({ itemId, version, updatedAt: item.updatedAt, overview: item.overview, details: item.details })));
  vault.served.add(itemId);
}

/**
 * Takes in items from the offline cache (their sealed records), by the same rules as applyItem, with one read of the
 * file for records lying one after another. None is noted as served: that is a pull's, which starts by forgetting them.
 * With `keep`, the records it refuses (each given with its place in the file, the first of `held` at `from`) are left
 * unopened: the command line looks for one item.
 */
export function applyCachedItems(vault: OpenVault, held: readonly HeldRecord[], keep?: RecordFilter, from = 0): void {
  if (vault.lifetime.signal.aborted) return;
  const records = HeldRecord.bytesOf(held);
  withAeadBatch(vault.key.expose(), (batch) => {
    const opener = new OverviewOpener(batch, vault.vaultId);
    for (let i = 0; i < records.length; i++) if (!keep || keep(records[i]!, from + i)) applyCachedItem(vault, records[i]!, held[i]!, opener);
  });
}

function applyCachedItem(vault: OpenVault, record: Buffer, held: HeldRecord, opener: OverviewOpener): void {
  const { itemId, version, overview: envelope } = recordHead(record);
  const seen = vault.seen.get(itemId);
  if (version < (seen ?? 0)) return refuse(vault, itemId);
  if ((vault.items.get(itemId)?.version ?? -1) >= version) return;
  let overview: Overview | null;
  try {
    overview = readOverview(opener.open(itemId, version, envelope));
  } catch {
    overview = null;
  }
  if (!overview) return refuse(vault, itemId);
  hold(vault, itemId, version, overview, held, seen);
}

/** False when the item is to be left as it is: the vault closed, a version below one seen (refused), or not newer than the copy held (served). */
function isNewer(vault: OpenVault, itemId: string, version: number): boolean {
  if (vault.lifetime.signal.aborted) return false;
  if (version < (vault.seen.get(itemId) ?? 0)) return (refuse(vault, itemId), false);
  const held = vault.items.get(itemId);
  return held && held.version >= version ? (vault.served.add(itemId), false) : true;
}

/** `seen`: the version seen of the item, when the caller looked it up (an unlock's items are mostly at it: not set again). */
function hold(vault: OpenVault, itemId: string, version: number, overview: Overview, sealed: HeldRecord, seen?: number): void {
  vault.items.set(itemId, { version, overview, sealed });
  vault.index.upsert(itemId, overview);
  if (seen !== version) vault.seen.set(itemId, version);
}

function taken(vault: OpenVault, itemId: string, version: number): void {
  vault.seen.set(itemId, version);
  vault.served.add(itemId);
}

function refuse(vault: OpenVault, itemId: string): void {
  vault.refused.add(itemId);
}

function markerValid(vault: OpenVault, ctx: ItemContext, marker: string | null): boolean {
  return marker !== null && deletionMarkerValid(vault.key, ctx, fromWire(marker));
}

/** The overview if it opens under the vault key for exactly this vault, item and version; null if not (tampered, swapped or rolled back). */
function openOverview(vault: OpenVault, ctx: ItemContext, envelope: Uint8Array): Overview | null {
  try {
    return readOverview(decryptItemJson(vault.key, 'overview', ctx, envelope));
  } catch {
    return null;
  }
}

/**
 * After a pull from the first change (a new device, or a rebuilt cache): the items the device
 * has seen that the server did not serve, live or deleted by a marker (nor served and refused:
 * those are reported as refused). They were dropped without a signed deletion.
 */
export function missingItems(vault: OpenVault): string[] {
  return [...vault.seen.keys()].filter((itemId) => !vault.served.has(itemId) && !vault.refused.has(itemId));
}

export function dropItem(vault: OpenVault, itemId: string): void {
  vault.items.delete(itemId);
  vault.index.remove(itemId);
}

/** Opens one item's details for the user who asked for it (or for an export). */
export function revealItem(vault: OpenVault, itemId: string, item: StoredItem): VaultItem {
  const record = item.sealed.bytes();
  const details = decryptItemJson(vault.key, 'details', { vaultId: vault.vaultId, itemId, version: item.version }, recordDetails(record));
  return { itemId, version: item.version, updatedAt: recordUpdatedAt(record), ...readItem(item.overview, details) };
}
