/**
 * An unlocked account's vault in the main process: the vault key, the items' overviews
 * (decrypted, for the list and the search index) and their details (still encrypted until
 * one item is opened). What is decrypted is in memory only and dropped when the account
 * locks. The server's ciphertext and the sync cursor are also kept in the offline cache, so
 * the vault opens from there first and then pulls what changed; when the server cannot be
 * reached the vault stays readable and says it is offline. Changes are refused while
 * offline rather than queued, so a write always meets the server's version check (409).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { LoginFields } from '../../../shared/ipc/channels/vault';
import { IpcError } from '../../../shared/ipc/result';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { vaultRoutes, type ItemView } from '../../../shared/server-api/vault';
import { signedOutError, type Accounts } from '../account/accounts';
import { decryptItemJson, encryptItemJson } from '../crypto/vault-items';
import { generateVaultKey, openVaultKey, sealVaultKey } from '../crypto/vault-keys';
import type { FamilyService } from '../family/family';
import type { OfflineCache } from '../offline/offline-cache';
import { SyncApiError, VersionConflictError, type SyncServerClient } from '../sync/client';
import { SearchIndex } from './search-index';

/** The vault's name is not stored yet (no encrypted vault overview this round). */
export const DEFAULT_VAULT_NAME = 'Private';

const overviewSchema = z.object({ title: z.string(), username: z.string(), urls: z.array(z.string()) }).strict();
const detailsSchema = z.object({ password: z.string(), notes: z.string() }).strict();
type Overview = z.infer<typeof overviewSchema>;

interface StoredItem {
  version: number;
  updatedAt: string;
  overview: Overview;
  /** The item as the server sent it: its details envelope is opened only when the user asks for this one item. */
  sealed: ItemView;
}

interface OpenVault {
  vaultId: string;
  sealedVaultKey: string;
  key: SecretBytes;
  items: Map<string, StoredItem>;
  index: SearchIndex;
  cursor: string;
  /** Set on lock, so a sync still in flight does not repopulate a wiped vault. */
  closed: boolean;
}

export interface ItemSummary {
  itemId: string;
  version: number;
  title: string;
  username: string;
}
export interface LoginItem {
  itemId: string;
  version: number;
  updatedAt: string;
  fields: LoginFields;
}
export type WriteOutcome<T> = T | { outcome: 'conflict'; current: LoginItem | null };
export interface VaultListing {
  /** At most LISTED_ITEMS: the first by title, or the best matches of the query. */
  items: ItemSummary[];
  /** How many items the vault holds. */
  total: number;
  /** The server could not be reached: these are the items cached on this device. */
  offline: boolean;
}

/** A list or search answers at most this many items: enough for a screen, cheap to send with 10,000 in the vault. */
export const LISTED_ITEMS = 200;
const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const OFFLINE_WRITE_MESSAGE = 'You are offline: the sync server cannot be reached, so nothing was changed. Try again when you are back online.';

const newId = () => randomBytes(16).toString('base64url');
/** A Buffer is a Uint8Array: no copy, as this runs for every item at unlock. */
const bytes = (base64url: string): Uint8Array => Buffer.from(base64url, 'base64url');
const wire = (envelope: Uint8Array) => Buffer.from(envelope).toString('base64url');

export class VaultService {
  readonly #vaults = new Map<string, Promise<OpenVault>>();

  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
    private readonly cache: OfflineCache,
    private readonly family: Pick<FamilyService, 'newVaultGrant'>,
  ) {
    accounts.onLock((accountId) => this.#close(accountId));
  }

  /** Opens the vault (from the offline cache, or creating it on first use), pulls what changed, and lists every item. */
  async open(accountId: string): Promise<{ vaultName: string } & VaultListing> {
    return { vaultName: DEFAULT_VAULT_NAME, ...(await this.sync(accountId, '')) };
  }

  /** Pulls what changed since the cursor, then answers the items matching the query. */
  async sync(accountId: string, query: string): Promise<VaultListing> {
    const vault = await this.#vault(accountId);
    const offline = await this.#pull(accountId, vault);
    return { items: this.#find(vault, query), total: vault.items.size, offline };
  }

  async search(accountId: string, query: string): Promise<ItemSummary[]> {
    return this.#find(await this.#vault(accountId), query);
  }

  async item(accountId: string, itemId: string): Promise<LoginItem> {
    const vault = await this.#vault(accountId);
    const item = vault.items.get(itemId);
    if (!item) throw new IpcError('bad-request', 'That item is no longer in the vault.');
    return this.#reveal(vault, itemId, item);
  }

  async save(accountId: string, itemId: string | undefined, expectedVersion: number, fields: LoginFields): Promise<WriteOutcome<{ outcome: 'saved'; item: LoginItem }>> {
    const vault = await this.#vault(accountId);
    const id = itemId ?? newId();
    if (itemId === undefined && expectedVersion !== 0) throw new IpcError('bad-request', 'A new item starts at version 0.');
    // The AAD binds the version the server will assign, so a rolled-back copy fails to open.
    const ctx = { vaultId: vault.vaultId, itemId: id, version: expectedVersion + 1 };
    const overview: Overview = { title: fields.title, username: fields.username, urls: fields.urls };
    const body = {
      expectedVersion,
      overview: wire(encryptItemJson(vault.key, 'overview', ctx, overview)),
      details: wire(encryptItemJson(vault.key, 'details', ctx, { password: fields.password, notes: fields.notes })),
    };
    try {
      const { item } = await this.api.call(vaultRoutes.putItem, { sessionToken: this.#session(accountId), params: { vaultId: vault.vaultId, itemId: id }, body });
      this.#apply(vault, item);
      await this.#persist(accountId, vault);
      return { outcome: 'saved', item: { itemId: id, version: item.version, updatedAt: item.updatedAt, fields } };
    } catch (error) {
      return this.#conflict(accountId, vault, id, error);
    }
  }

  async delete(accountId: string, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'deleted' }>> {
    const vault = await this.#vault(accountId);
    try {
      const { item } = await this.api.call(vaultRoutes.deleteItem, { sessionToken: this.#session(accountId), params: { vaultId: vault.vaultId, itemId }, body: { expectedVersion } });
      this.#apply(vault, item);
      await this.#persist(accountId, vault);
      return { outcome: 'deleted' };
    } catch (error) {
      return this.#conflict(accountId, vault, itemId, error);
    }
  }

  /** The one field to copy; the caller puts it on the secret clipboard. */
  async field(accountId: string, itemId: string, field: 'username' | 'password'): Promise<string> {
    const vault = await this.#vault(accountId);
    const item = vault.items.get(itemId);
    if (!item) throw new IpcError('bad-request', 'That item is no longer in the vault.');
    return field === 'username' ? item.overview.username : this.#reveal(vault, itemId, item).fields.password;
  }

  #vault(accountId: string): Promise<OpenVault> {
    let vault = this.#vaults.get(accountId);
    if (!vault) {
      // One promise per account, so two first opens at once do not create two vaults.
      vault = this.#load(accountId);
      this.#vaults.set(accountId, vault);
      vault.catch(() => this.#vaults.get(accountId) === vault && this.#vaults.delete(accountId));
    }
    return vault.catch(translate);
  }

  async #load(accountId: string): Promise<OpenVault> {
    const { keyset } = this.accounts.unlocked(accountId).open;
    const cached = await this.cache.readVault(accountId);
    if (cached) {
      try {
        const { vaultId, sealedVaultKey } = cached.vault;
        const vault = openVaultOf(vaultId, sealedVaultKey, openVaultKey(bytes(sealedVaultKey), vaultId, keyset), cached.cursor);
        for (const item of cached.items) this.#apply(vault, item);
        return vault;
      } catch {
        // A cache this account's keys do not open (another keyset, or tampered) is ignored: the server has the vault.
      }
    }
    const sessionToken = this.#session(accountId);
    const { vaults } = await this.api.call(vaultRoutes.list, { sessionToken });
    const existing = vaults.find((v) => v.role === 'owner') ?? vaults[0];
    if (existing) return openVaultOf(existing.vaultId, existing.sealedVaultKey, openVaultKey(bytes(existing.sealedVaultKey), existing.vaultId, keyset), '0');
    const vaultId = newId();
    const key = generateVaultKey();
    try {
      const sealedVaultKey = wire(sealVaultKey(key, vaultId, keyset.boxPublicKey));
      const recoveryGrant = await this.family.newVaultGrant(accountId, vaultId, key);
      await this.api.call(vaultRoutes.create, { sessionToken, body: { vaultId, sealedVaultKey, ...(recoveryGrant && { recoveryGrant }) } });
      return openVaultOf(vaultId, sealedVaultKey, key, '0');
    } catch (error) {
      key.dispose();
      throw error;
    }
  }

  /** Pulls every change after the cursor and caches the result. True when the server cannot be reached. */
  async #pull(accountId: string, vault: OpenVault): Promise<boolean> {
    const start = vault.cursor;
    try {
      for (;;) {
        const page = await this.api.call(vaultRoutes.changes, { sessionToken: this.#session(accountId), params: { vaultId: vault.vaultId }, query: { since: vault.cursor } });
        if (vault.closed) return false;
        for (const item of page.items) this.#apply(vault, item);
        vault.cursor = page.cursor;
        if (!page.hasMore) break;
      }
    } catch (error) {
      if (error instanceof SyncApiError && error.code === 'unreachable') return true;
      return translate(error);
    }
    if (vault.cursor !== start) await this.#persist(accountId, vault);
    return false;
  }

  /** Writes the vault's ciphertext and cursor to the offline cache; a failed write costs only offline use. */
  async #persist(accountId: string, vault: OpenVault): Promise<void> {
    // Taken when the write starts; a vault locked by then is not written (its items are gone).
    const snapshot = () =>
      vault.closed ? null : { vault: { vaultId: vault.vaultId, sealedVaultKey: vault.sealedVaultKey }, cursor: vault.cursor, items: [...vault.items.values()].map((item) => item.sealed) };
    await this.cache.writeVault(accountId, snapshot).catch(() => undefined);
  }

  /** Takes in an item as the server stores it; ignores anything older than what we hold. */
  #apply(vault: OpenVault, item: ItemView): void {
    if (vault.closed) return;
    const held = vault.items.get(item.itemId);
    if (held && held.version >= item.version) return;
    if (item.deleted || item.overview === null || item.details === null) {
      vault.items.delete(item.itemId);
      vault.index.remove(item.itemId);
      return;
    }
    try {
      const ctx = { vaultId: vault.vaultId, itemId: item.itemId, version: item.version };
      const overview = overviewSchema.parse(decryptItemJson(vault.key, 'overview', ctx, bytes(item.overview)));
      vault.items.set(item.itemId, { version: item.version, updatedAt: item.updatedAt, overview, sealed: item });
      vault.index.upsert({ id: item.itemId, ...overview });
    } catch {
      // An item that does not open under its own vault, id and version was tampered with or rolled back: leave it out.
      vault.items.delete(item.itemId);
      vault.index.remove(item.itemId);
    }
  }

  #reveal(vault: OpenVault, itemId: string, item: StoredItem): LoginItem {
    const details = detailsSchema.parse(decryptItemJson(vault.key, 'details', { vaultId: vault.vaultId, itemId, version: item.version }, bytes(item.sealed.details ?? '')));
    return { itemId, version: item.version, updatedAt: item.updatedAt, fields: { ...item.overview, ...details } };
  }

  /** A stale write: take in the server's current item and hand it back for the user to redo the edit. */
  async #conflict(accountId: string, vault: OpenVault, itemId: string, error: unknown): Promise<{ outcome: 'conflict'; current: LoginItem | null }> {
    if (error instanceof SyncApiError && error.code === 'unreachable') throw new IpcError('unavailable', OFFLINE_WRITE_MESSAGE);
    if (!(error instanceof VersionConflictError)) return translate(error);
    if (error.current) this.#apply(vault, error.current);
    const held = vault.items.get(itemId);
    if (!error.current || error.current.deleted || !held) {
      vault.items.delete(itemId);
      vault.index.remove(itemId);
      await this.#persist(accountId, vault);
      return { outcome: 'conflict', current: null };
    }
    await this.#persist(accountId, vault);
    return { outcome: 'conflict', current: this.#reveal(vault, itemId, held) };
  }

  #find(vault: OpenVault, query: string): ItemSummary[] {
    if (query.trim() === '') return this.#list(vault);
    return vault.index.search(query, LISTED_ITEMS).map(({ id }) => summaryOf(id, vault.items.get(id)!));
  }

  /**
   * The first LISTED_ITEMS by title. They are kept sorted while the items pass, so a large
   * vault costs one comparison for most items and a binary search for the rest, not a full sort.
   */
  #list(vault: OpenVault): ItemSummary[] {
    const first: [string, StoredItem][] = [];
    for (const entry of vault.items) {
      if (first.length === LISTED_ITEMS && byTitleThenId(entry, first[LISTED_ITEMS - 1]!) >= 0) continue;
      let low = 0;
      let high = first.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (byTitleThenId(entry, first[middle]!) < 0) high = middle;
        else low = middle + 1;
      }
      first.splice(low, 0, entry);
      if (first.length > LISTED_ITEMS) first.pop();
    }
    return first.map(([id, item]) => summaryOf(id, item));
  }


  #session(accountId: string): string {
    return this.accounts.unlocked(accountId).sessionToken;
  }

  #close(accountId: string): void {
    const vault = this.#vaults.get(accountId);
    this.#vaults.delete(accountId);
    void vault?.then(
      (open) => {
        open.closed = true;
        open.key.dispose();
        open.items.clear();
        open.index.clear();
      },
      () => undefined,
    );
  }
}

function openVaultOf(vaultId: string, sealedVaultKey: string, key: SecretBytes, cursor: string): OpenVault {
  return { vaultId, sealedVaultKey, key, items: new Map(), index: new SearchIndex(), cursor, closed: false };
}

function byTitleThenId([idA, a]: [string, StoredItem], [idB, b]: [string, StoredItem]): number {
  return byTitle.compare(a.overview.title, b.overview.title) || (idA < idB ? -1 : 1);
}

function summaryOf(itemId: string, item: StoredItem): ItemSummary {
  return { itemId, version: item.version, title: item.overview.title, username: item.overview.username };
}

/** Server failures in words for the person at the screen. */
function translate(error: unknown): never {
  if (error instanceof IpcError) throw error;
  if (error instanceof SyncApiError) {
    if (error.code === 'unreachable') throw new IpcError('unavailable', error.message);
    if (error.code === 'unauthorized') throw signedOutError();
    if (error.code === 'second_factor_required') throw new IpcError('bad-request', 'Confirm your second factor, then open the vault again.');
    throw new IpcError('bad-request', `The sync server refused this: ${error.message}`);
  }
  throw error;
}
