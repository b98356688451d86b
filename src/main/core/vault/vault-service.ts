/**
 * An unlocked account's vault in the main process: the vault key, the items' overviews
 * (decrypted, for the list and the search index) and their details (still encrypted until
 * one item is opened). Everything is in memory only and dropped when the account locks.
 * No offline cache: each open syncs from the server's change feed.
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
  /** The details envelope, opened only when the user asks for this one item. */
  details: Uint8Array;
}

interface OpenVault {
  vaultId: string;
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

const newId = () => randomBytes(16).toString('base64url');
const bytes = (base64url: string) => new Uint8Array(Buffer.from(base64url, 'base64url'));
const wire = (envelope: Uint8Array) => Buffer.from(envelope).toString('base64url');

export class VaultService {
  readonly #vaults = new Map<string, Promise<OpenVault>>();

  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
  ) {
    accounts.onLock((accountId) => this.#close(accountId));
  }

  /** Opens the vault (creating it on first use), pulls what changed, and lists every item. */
  async open(accountId: string): Promise<{ vaultName: string; items: ItemSummary[] }> {
    const vault = await this.#vault(accountId);
    await this.#pull(accountId, vault);
    return { vaultName: DEFAULT_VAULT_NAME, items: this.#list(vault) };
  }

  async search(accountId: string, query: string): Promise<ItemSummary[]> {
    const vault = await this.#vault(accountId);
    if (query.trim() === '') return this.#list(vault);
    return vault.index.search(query, 200).map(({ id }) => summaryOf(id, vault.items.get(id)!));
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
      return { outcome: 'saved', item: { itemId: id, version: item.version, updatedAt: item.updatedAt, fields } };
    } catch (error) {
      return this.#conflict(vault, id, error);
    }
  }

  async delete(accountId: string, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'deleted' }>> {
    const vault = await this.#vault(accountId);
    try {
      const { item } = await this.api.call(vaultRoutes.deleteItem, { sessionToken: this.#session(accountId), params: { vaultId: vault.vaultId, itemId }, body: { expectedVersion } });
      this.#apply(vault, item);
      return { outcome: 'deleted' };
    } catch (error) {
      return this.#conflict(vault, itemId, error);
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
    const sessionToken = this.#session(accountId);
    const { vaults } = await this.api.call(vaultRoutes.list, { sessionToken });
    const { keyset } = this.accounts.unlocked(accountId).open;
    let vaultId: string;
    let key: SecretBytes;
    const existing = vaults.find((v) => v.role === 'owner') ?? vaults[0];
    if (existing) {
      vaultId = existing.vaultId;
      key = openVaultKey(bytes(existing.sealedVaultKey), vaultId, keyset);
    } else {
      vaultId = newId();
      key = generateVaultKey();
      await this.api.call(vaultRoutes.create, { sessionToken, body: { vaultId, sealedVaultKey: wire(sealVaultKey(key, vaultId, keyset.boxPublicKey)) } });
    }
    return { vaultId, key, items: new Map(), index: new SearchIndex(), cursor: '0', closed: false };
  }

  async #pull(accountId: string, vault: OpenVault): Promise<void> {
    for (;;) {
      const page = await this.api
        .call(vaultRoutes.changes, { sessionToken: this.#session(accountId), params: { vaultId: vault.vaultId }, query: { since: vault.cursor } })
        .catch(translate);
      if (vault.closed) return;
      for (const item of page.items) this.#apply(vault, item);
      vault.cursor = page.cursor;
      if (!page.hasMore) return;
    }
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
      vault.items.set(item.itemId, { version: item.version, updatedAt: item.updatedAt, overview, details: bytes(item.details) });
      vault.index.upsert({ id: item.itemId, ...overview });
    } catch {
      // An item that does not open under its own vault, id and version was tampered with or rolled back: leave it out.
      vault.items.delete(item.itemId);
      vault.index.remove(item.itemId);
    }
  }

  #reveal(vault: OpenVault, itemId: string, item: StoredItem): LoginItem {
    const details = detailsSchema.parse(decryptItemJson(vault.key, 'details', { vaultId: vault.vaultId, itemId, version: item.version }, item.details));
    return { itemId, version: item.version, updatedAt: item.updatedAt, fields: { ...item.overview, ...details } };
  }

  /** A stale write: take in the server's current item and hand it back for the user to redo the edit. */
  #conflict(vault: OpenVault, itemId: string, error: unknown): { outcome: 'conflict'; current: LoginItem | null } {
    if (!(error instanceof VersionConflictError)) return translate(error);
    if (error.current) this.#apply(vault, error.current);
    const held = vault.items.get(itemId);
    if (!error.current || error.current.deleted || !held) {
      vault.items.delete(itemId);
      vault.index.remove(itemId);
      return { outcome: 'conflict', current: null };
    }
    return { outcome: 'conflict', current: this.#reveal(vault, itemId, held) };
  }

  #list(vault: OpenVault): ItemSummary[] {
    return [...vault.items.entries()].map(([id, item]) => summaryOf(id, item)).sort((a, b) => a.title.localeCompare(b.title) || a.itemId.localeCompare(b.itemId));
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
        for (const item of open.items.values()) item.details.fill(0);
        open.items.clear();
        open.index.clear();
      },
      () => undefined,
    );
  }
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
