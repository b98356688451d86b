/**
 * What outlives a lock or a quit of the held vaults: the offline cache (each vault's
 * ciphertext and cursor, exactly as the server sent them) and the device state record (the
 * versions seen, §8.6). An account's vaults open from there first; after a sync or a change the
 * vault is written back. Nothing is written for a vault or an account whose lifetime was aborted
 * (it closed: its items are gone), and a failed write costs only offline use.
 */
import type { CachedVault, OfflineCache, VaultSnapshot } from '../offline/offline-cache';
import type { RecordFile } from '../offline/held-record';
import { IpcError } from '../../../shared/ipc/result';
import { recordHead, type RecordFilter } from '../offline/sealed-item';
import { encodeTitleIndex, makeTitleEntries, titleFilter, type TitledItem } from '../offline/title-index';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { adoptFile, applyCachedItems, closeAccountVaults, openGrant, type AccountVaults, type OpenVault, type StoredItem } from './open-vault';
import type { OwnVaultLists } from './own-vault-list';
import { SeenVersions, ownerOf, type UnlockedKeys } from './seen-versions';

/**
 * Cached items opened in one turn of the event loop: a vault of 10,000 opens in 20 turns, so the calls the window makes as
 * it draws (its account, its vaults) are answered while it opens, not after (bench/unlock-paint.ts).
 */
const ITEMS_PER_TURN = 500;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Each item's title index entry as last made, by the vault key it was made under (a new key is a new object: its entries
 * are made again) and by the item (an item changed is a new object): a write hashes only what changed since the last.
 */
const titleEntries = new WeakMap<SecretBytes, WeakMap<TitledItem, Uint8Array>>();
const titledItems = new WeakMap<StoredItem, TitledItem>();

/**
 * The vault's title index of `items`; null if it cannot be made, or the vault closed meanwhile (then `item get TITLE` opens
 * every item: only slower). Entries not made yet (every one, at the first write after an unlock) are made a few hundred
 * at a time, a turn of the event loop each: at 100,000 items, making them at once held the main process for 190 ms.
 */
async function titleIndexOf(vault: OpenVault, items: [string, StoredItem][]): Promise<Buffer | null> {
  let made = titleEntries.get(vault.key);
  if (!made) titleEntries.set(vault.key, (made = new WeakMap()));
  const titled = items.map(([itemId, item]) => {
    let entry = titledItems.get(item);
    if (!entry) titledItems.set(item, (entry = { itemId, version: item.version, title: item.overview.title }));
    return entry;
  });
  try {
    const missing = titled.filter((item) => !made.has(item));
    for (let at = 0; at < missing.length; at += ITEMS_PER_TURN) {
      await nextTurn();
      if (vault.lifetime.signal.aborted) return null;
      makeTitleEntries(vault.key, vault.vaultId, missing.slice(at, at + ITEMS_PER_TURN), made);
    }
    return vault.lifetime.signal.aborted ? null : encodeTitleIndex(vault.key, vault.vaultId, titled, made);
  } catch {
    return null;
  }
}

/** The one item a load opens (the command line's `item get`): by its id, or every item that may bear this title (title-index.ts). */
export type WantedItem = { itemId: string } | { title: string };

export class VaultPersistence {
  readonly seen: SeenVersions;

  constructor(
    private readonly accounts: UnlockedKeys,
    private readonly cache: OfflineCache,
    lists: OwnVaultLists,
  ) {
    this.seen = new SeenVersions(cache.deviceState, lists);
  }

  /**
   * The cached vaults this account's keys open (none on a new device: opening brings the server's), a few hundred items a
   * turn. If the account locks meanwhile (or locks and unlocks again), what was opened is wiped and the load fails.
   * With `only`, the items it cannot be are neither opened nor held.
   */
  async load(accountId: string, only?: WantedItem): Promise<AccountVaults> {
    const { keyset } = ownerOf(this.accounts, accountId);
    const seen = await this.seen.load(ownerOf(this.accounts, accountId));
    const account: AccountVaults = { vaults: new Map(), canShare: false, lifetime: new AbortController(), refreshing: null, offline: false, failure: null, notices: [], seen };
    const cachedVaults = await this.cache.readVaults(accountId);
    try {
      while (cachedVaults.length > 0) {
        const cached = cachedVaults.shift()!;
        const vault = openGrant(keyset, cached.vault, cached.cursor);
        if (!vault) {
          cached.file?.close();
          continue;
        }
        vault.file = cached.file;
        this.seen.link(account, vault);
        account.vaults.set(vault.vaultId, vault);
        const keep = only && (await this.#keeps(accountId, vault, only));
        for (let at = 0; at < cached.items.length; at += ITEMS_PER_TURN) {
          await nextTurn();
          if (ownerOf(this.accounts, accountId).keyset !== keyset) throw new IpcError('not-unlocked', 'The account locked. Unlock it again.');
          applyCachedItems(vault, cached.items.slice(at, at + ITEMS_PER_TURN), keep, at);
        }
      }
    } catch (failure) {
      for (const cached of cachedVaults) cached.file?.close();
      closeAccountVaults(account);
      throw failure;
    }
    return account;
  }

  /** Which of the vault's records may be the item wanted: that id's; or any the title index does not show to bear another title. */
  async #keeps(accountId: string, vault: OpenVault, only: WantedItem): Promise<RecordFilter> {
    if ('itemId' in only) return (record) => recordHead(record as Buffer).itemId === only.itemId;
    const index = await this.cache.readTitleIndex(accountId, vault.vaultId);
    return (index && titleFilter(vault.key, vault.vaultId, index, only.title)) ?? (() => true);
  }

  /** Each cached vault's grant and cursor, from the files' headers alone; null when only reading them whole can tell (OfflineCache.readVaultHeaders). */
  cachedCursors(accountId: string): Promise<Pick<CachedVault, 'vault' | 'cursor'>[] | null> {
    return this.cache.readVaultHeaders(accountId);
  }

  /** The server was just asked and had nothing new (VaultService.pull): when this device's copy was last synced is now. */
  markSynced(accountId: string): Promise<void> {
    return this.cache.deviceState.touch(accountId);
  }

  /** Writes the vault's ciphertext and cursor, then the device state record (so a change outlives a quit before the next sync). */
  async persist(accountId: string, account: AccountVaults, vault: OpenVault): Promise<void> {
    // Taken when the write starts: a vault closed by then is not written. One closed while it is written still is, from its file kept open meanwhile.
    let reading: RecordFile | null = null;
    // The very items written, in their order: the title index is made of them once they are.
    let written: [string, StoredItem][] | null = null;
    const snapshot = (): VaultSnapshot | null => {
      if (vault.lifetime.signal.aborted) return null;
      reading = vault.file?.retain() ?? null;
      written = [...vault.items];
      return { vault: vault.grant, cursor: vault.cursor, items: written.map(([, item]) => item.sealed), adopt: (file) => adoptFile(vault, file) };
    };
    await this.cache.writeVault(accountId, vault.vaultId, snapshot).catch(() => undefined);
    (reading as RecordFile | null)?.close();
    // After the vault file: a crash between the two leaves an index of older items, whose changed ones it does not cover.
    const items = written as [string, StoredItem][] | null;
    const titles = items && (await titleIndexOf(vault, items));
    await this.cache.writeTitleIndex(accountId, vault.vaultId, () => titles).catch(() => undefined);
    await this.saveSeen(accountId, account);
  }

  /** Writes the device state record as the account holds it now, unless the account closed. */
  async saveSeen(accountId: string, account: AccountVaults): Promise<void> {
    if (account.lifetime.signal.aborted) return;
    await Promise.resolve()
      .then(() => this.seen.save(ownerOf(this.accounts, accountId), account))
      .catch(() => undefined);
  }

  /** Forgets a vault the account lost (after any write to it still under way). */
  async forget(accountId: string, vaultId: string): Promise<void> {
    await this.cache.removeVault(accountId, vaultId).catch(() => undefined);
  }
}
