/**
 * An unlocked account's vaults in the main process: its Private vault and any family shared
 * vault it has access to. For each, the vault key, the items' overviews (decrypted, for the
 * list and the search index) and their details (still encrypted until one item is opened).
 * What is decrypted is in memory only and dropped when the account locks. The server's
 * ciphertext and each vault's sync cursor are also kept in the offline cache, so the vaults
 * open from there first and then pull what changed; when the server cannot be reached they
 * stay readable and say they are offline. Changes are refused while offline rather than
 * queued, so a write always meets the server's version check (409).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { LoginFields } from '../../../shared/ipc/channels/vault';
import { IpcError } from '../../../shared/ipc/result';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { vaultRoutes, type ItemView, type VaultView } from '../../../shared/server-api/vault';
import type { Accounts } from '../account/accounts';
import { signedOutError } from '../account/session-errors';
import { decryptItemJson, decryptVaultAttributes, encryptItemJson, encryptVaultAttributes } from '../crypto/vault-items';
import { generateVaultKey, openVaultKey, sealVaultKey } from '../crypto/vault-keys';
import type { FamilyService } from '../family/family';
import type { CachedVault, OfflineCache } from '../offline/offline-cache';
import { SyncApiError, VersionConflictError, type SyncServerClient } from '../sync/client';
import { SearchIndex } from './search-index';
import { fromWire, toWire } from '../sync/wire';

/** Every account's own vault, never shared: its name is not stored. */
export const PRIVATE_VAULT_NAME = 'Private';

const overviewSchema = z.object({ title: z.string(), username: z.string(), urls: z.array(z.string()) }).strict();
const detailsSchema = z.object({ password: z.string(), notes: z.string() }).strict();
const attributesSchema = z.object({ name: z.string().min(1).max(100) }).strict();
type Overview = z.infer<typeof overviewSchema>;

interface StoredItem {
  version: number;
  updatedAt: string;
  overview: Overview;
  /** The item as the server sent it: its details envelope is opened only when the user asks for this one item. */
  sealed: ItemView;
}

/** The vault as the server lists it to this account (what the offline cache keeps of it). */
type VaultGrant = Omit<VaultView, 'createdAt'>;

interface OpenVault {
  vaultId: string;
  grant: VaultGrant;
  name: string;
  key: SecretBytes;
  items: Map<string, StoredItem>;
  index: SearchIndex;
  cursor: string;
  /** Set on lock, so a sync still in flight does not repopulate a wiped vault. */
  closed: boolean;
}

/** One account's open vaults. */
interface AccountVaults {
  vaults: Map<string, OpenVault>;
  /** The account is in a family, so it may make shared vaults (false until the server said so). */
  canShare: boolean;
  closed: boolean;
  refreshing: Promise<boolean> | null;
}

export interface VaultSummary {
  vaultId: string;
  name: string;
  shared: boolean;
  role: VaultView['role'];
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
  vaultId: string;
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

export class VaultService {
  readonly #accounts = new Map<string, Promise<AccountVaults>>();

  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
    private readonly cache: OfflineCache,
    private readonly family: Pick<FamilyService, 'newVaultGrant'>,
  ) {
    accounts.onLock((accountId) => this.#close(accountId));
  }

  /**
   * Opens the account's vaults (from the offline cache, or from the server, making the Private
   * vault on first use), pulls what changed, and answers every vault and the chosen vault's
   * items matching the query (the Private vault's when none is named, or when the named one is
   * gone). The background sync calls it again every few seconds.
   */
  async open(accountId: string, vaultId?: string, query = ''): Promise<{ vaults: VaultSummary[]; canShare: boolean } & VaultListing> {
    const account = await this.#account(accountId);
    const offline = await this.#refresh(accountId, account);
    const vault = (vaultId && account.vaults.get(vaultId)) || findPrivateVault(account);
    if (!vault) throw new IpcError('unavailable', 'The sync server cannot be reached, and this device has no copy of your vault yet. Try again when you are back online.');
    return { vaults: summariesOf(account), canShare: account.canShare && !offline, ...this.#listing(vault, vault.vaultId === vaultId ? query : '', offline) };
  }

  async search(accountId: string, vaultId: string, query: string): Promise<ItemSummary[]> {
    return this.#find(await this.#vault(accountId, vaultId), query);
  }

  async item(accountId: string, vaultId: string, itemId: string): Promise<LoginItem> {
    const vault = await this.#vault(accountId, vaultId);
    return this.#reveal(vault, itemId, this.#held(vault, itemId));
  }

  async save(accountId: string, vaultId: string, itemId: string | undefined, expectedVersion: number, fields: LoginFields): Promise<WriteOutcome<{ outcome: 'saved'; item: LoginItem }>> {
    const vault = await this.#vault(accountId, vaultId);
    const id = itemId ?? newId();
    if (itemId === undefined && expectedVersion !== 0) throw new IpcError('bad-request', 'A new item starts at version 0.');
    // The AAD binds the version the server will assign, so a rolled-back copy fails to open.
    const ctx = { vaultId, itemId: id, version: expectedVersion + 1 };
    const overview: Overview = { title: fields.title, username: fields.username, urls: fields.urls };
    const body = {
      expectedVersion,
      overview: toWire(encryptItemJson(vault.key, 'overview', ctx, overview)),
      details: toWire(encryptItemJson(vault.key, 'details', ctx, { password: fields.password, notes: fields.notes })),
    };
    try {
      const { item } = await this.api.call(vaultRoutes.putItem, { sessionToken: this.#session(accountId), params: { vaultId, itemId: id }, body });
      this.#apply(vault, item);
      await this.#persist(accountId, vault);
      return { outcome: 'saved', item: { itemId: id, version: item.version, updatedAt: item.updatedAt, fields } };
    } catch (error) {
      return this.#conflict(accountId, vault, id, error);
    }
  }

  async delete(accountId: string, vaultId: string, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'deleted' }>> {
    const vault = await this.#vault(accountId, vaultId);
    try {
      const { item } = await this.api.call(vaultRoutes.deleteItem, { sessionToken: this.#session(accountId), params: { vaultId, itemId }, body: { expectedVersion } });
      this.#apply(vault, item);
      await this.#persist(accountId, vault);
      return { outcome: 'deleted' };
    } catch (error) {
      return this.#conflict(accountId, vault, itemId, error);
    }
  }

  /** The one field to copy; the caller puts it on the secret clipboard. */
  async field(accountId: string, vaultId: string, itemId: string, field: 'username' | 'password'): Promise<string> {
    const vault = await this.#vault(accountId, vaultId);
    const item = this.#held(vault, itemId);
    return field === 'username' ? item.overview.username : this.#reveal(vault, itemId, item).fields.password;
  }

  /** Makes a family shared vault owned by this account: its key sealed to this account and to the family's recovery group, its name encrypted. */
  async createShared(accountId: string, name: string): Promise<VaultSummary> {
    const account = await this.#account(accountId);
    const vault = await this.#create(accountId, name);
    account.vaults.set(vault.vaultId, vault);
    await this.#persist(accountId, vault);
    return summaryOfVault(vault);
  }

  /** Runs `use` with a vault's key (to seal it to a new member); the key stays the service's. */
  async withVaultKey<T>(accountId: string, vaultId: string, use: (key: SecretBytes) => T): Promise<T> {
    return use((await this.#vault(accountId, vaultId)).key);
  }

  #account(accountId: string): Promise<AccountVaults> {
    let account = this.#accounts.get(accountId);
    if (!account) {
      // One promise per account, so two first opens at once do not create two Private vaults.
      account = this.#load(accountId);
      this.#accounts.set(accountId, account);
      account.catch(() => this.#accounts.get(accountId) === account && this.#accounts.delete(accountId));
    }
    return account.catch(translate);
  }

  async #vault(accountId: string, vaultId: string): Promise<OpenVault> {
    return this.#open(await this.#account(accountId), vaultId);
  }

  #open(account: AccountVaults, vaultId: string): OpenVault {
    const vault = account.vaults.get(vaultId);
    if (!vault) throw new IpcError('bad-request', 'You no longer have access to that vault.');
    return vault;
  }

  #held(vault: OpenVault, itemId: string): StoredItem {
    const item = vault.items.get(itemId);
    if (!item) throw new IpcError('bad-request', 'That item is no longer in the vault.');
    return item;
  }

  /** The cached vaults this account's keys open (none on a new device: opening brings the server's). */
  async #load(accountId: string): Promise<AccountVaults> {
    const account: AccountVaults = { vaults: new Map(), canShare: false, closed: false, refreshing: null };
    for (const cached of await this.cache.readVaults(accountId)) {
      const vault = this.#opened(accountId, cached.vault, cached.cursor);
      if (!vault) continue;
      for (const item of cached.items) this.#apply(vault, item);
      account.vaults.set(vault.vaultId, vault);
    }
    return account;
  }

  /**
   * Brings the account's vaults in line with the server: new ones opened, lost ones dropped
   * (with their cache), the Private vault made if there is none yet, then every vault's changes
   * pulled. True when the server cannot be reached. One refresh at a time per account, so two at
   * once (opening while the background sync runs) share it and never make two Private vaults.
   */
  #refresh(accountId: string, account: AccountVaults): Promise<boolean> {
    account.refreshing ??= this.#refreshNow(accountId, account).finally(() => (account.refreshing = null));
    return account.refreshing;
  }

  async #refreshNow(accountId: string, account: AccountVaults): Promise<boolean> {
    let listed: { vaults: VaultView[]; canShare: boolean };
    try {
      listed = await this.api.call(vaultRoutes.list, { sessionToken: this.#session(accountId) });
    } catch (error) {
      if (error instanceof SyncApiError && error.code === 'unreachable') return true;
      return translate(error);
    }
    if (account.closed) return false;
    account.canShare = listed.canShare;
    const current = new Set(listed.vaults.map((vault) => vault.vaultId));
    for (const [vaultId, vault] of account.vaults) {
      if (current.has(vaultId)) continue;
      account.vaults.delete(vaultId);
      closeVault(vault);
      await this.cache.removeVault(accountId, vaultId).catch(() => undefined);
    }
    for (const { createdAt: _createdAt, ...grant } of listed.vaults) {
      const held = account.vaults.get(grant.vaultId);
      // A grant that changed (resealed after a recovery) reopens the vault from the start.
      if (held && held.grant.sealedVaultKey === grant.sealedVaultKey) continue;
      const vault = this.#opened(accountId, grant, '0');
      if (!vault) continue;
      if (held) closeVault(held);
      account.vaults.set(vault.vaultId, vault);
    }
    if (!findPrivateVault(account)) {
      const vault = await this.#create(accountId);
      account.vaults.set(vault.vaultId, vault);
    }
    const pulls = await Promise.all([...account.vaults.values()].map((vault) => this.#pull(accountId, vault)));
    return pulls.some(Boolean);
  }

  /** Opens a vault's key (and name) with the account's keyset; null for one that does not open (another keyset, or tampered). */
  #opened(accountId: string, grant: VaultGrant, cursor: string): OpenVault | null {
    const { keyset } = this.accounts.unlocked(accountId).open;
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

  /** Makes a vault on the server: a new key sealed to this account (and to the family's recovery group when in one); shared if it is named. */
  async #create(accountId: string, sharedName?: string): Promise<OpenVault> {
    const vaultId = newId();
    const key = generateVaultKey();
    try {
      const sealedVaultKey = toWire(sealVaultKey(key, vaultId, this.accounts.unlocked(accountId).open.keyset.boxPublicKey));
      const shared = sharedName === undefined ? undefined : { attributes: toWire(encryptVaultAttributes(key, vaultId, { name: sharedName })) };
      const recoveryGrant = await this.family.newVaultGrant(accountId, vaultId, key);
      const { vault } = await this.api.call(vaultRoutes.create, { sessionToken: this.#session(accountId), body: { vaultId, sealedVaultKey, ...(recoveryGrant && { recoveryGrant }), ...(shared && { shared }) } });
      const { createdAt: _createdAt, ...grant } = vault;
      return openVaultOf(grant, sharedName ?? PRIVATE_VAULT_NAME, key, '0');
    } catch (error) {
      key.dispose();
      return translate(error);
    }
  }

  /** Pulls every change after the vault's cursor and caches the result. True when the server cannot be reached. */
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
    // Taken when the write starts; a vault closed by then is not written (its items are gone).
    const snapshot = (): CachedVault | null => (vault.closed ? null : { vault: vault.grant, cursor: vault.cursor, items: [...vault.items.values()].map((item) => item.sealed) });
    await this.cache.writeVault(accountId, vault.vaultId, snapshot).catch(() => undefined);
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
      const overview = overviewSchema.parse(decryptItemJson(vault.key, 'overview', ctx, fromWire(item.overview)));
      vault.items.set(item.itemId, { version: item.version, updatedAt: item.updatedAt, overview, sealed: item });
      vault.index.upsert({ id: item.itemId, ...overview });
    } catch {
      // An item that does not open under its own vault, id and version was tampered with or rolled back: leave it out.
      vault.items.delete(item.itemId);
      vault.index.remove(item.itemId);
    }
  }

  #reveal(vault: OpenVault, itemId: string, item: StoredItem): LoginItem {
    const details = detailsSchema.parse(decryptItemJson(vault.key, 'details', { vaultId: vault.vaultId, itemId, version: item.version }, fromWire(item.sealed.details ?? '')));
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

  #listing(vault: OpenVault, query: string, offline: boolean): VaultListing {
    return { vaultId: vault.vaultId, items: this.#find(vault, query), total: vault.items.size, offline };
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
    const account = this.#accounts.get(accountId);
    this.#accounts.delete(accountId);
    void account?.then(
      (open) => {
        open.closed = true;
        for (const vault of open.vaults.values()) closeVault(vault);
        open.vaults.clear();
      },
      () => undefined,
    );
  }
}

function openVaultOf(grant: VaultGrant, name: string, key: SecretBytes, cursor: string): OpenVault {
  return { vaultId: grant.vaultId, grant, name, key, items: new Map(), index: new SearchIndex(), cursor, closed: false };
}

function closeVault(vault: OpenVault): void {
  vault.closed = true;
  vault.key.dispose();
  vault.items.clear();
  vault.index.clear();
}

/** The account's own Private vault, once it is open. */
function findPrivateVault(account: AccountVaults): OpenVault | undefined {
  return [...account.vaults.values()].find((vault) => vault.grant.kind === 'private' && vault.grant.role === 'owner');
}

/** The Private vault first, then the shared ones by name. */
function summariesOf(account: AccountVaults): VaultSummary[] {
  return [...account.vaults.values()]
    .map(summaryOfVault)
    .sort((a, b) => Number(a.shared) - Number(b.shared) || byTitle.compare(a.name, b.name) || (a.vaultId < b.vaultId ? -1 : 1));
}

function summaryOfVault(vault: OpenVault): VaultSummary {
  return { vaultId: vault.vaultId, name: vault.name, shared: vault.grant.kind === 'shared', role: vault.grant.role };
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
