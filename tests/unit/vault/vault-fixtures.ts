/**
 * What the VaultService tests share: an in-memory stand-in for the server's vault routes (reset
 * before each test), an account that locks, and devices with their own offline cache on disk.
 * Importing this registers the hooks that set them up and clean them away.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { vaultRoutes, type ItemView, type VaultView } from '../../../src/shared/server-api/vault';
import type { Accounts } from '../../../src/main/core/account/accounts';
import { generateKeyset, type Keyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { OfflineCache } from '../../../src/main/core/offline/offline-cache';
import { SyncApiError, VersionConflictError, type SyncServerClient } from '../../../src/main/core/sync/client';
import { AccountSession } from '../../../src/main/core/account/account-session';
import { VaultService } from '../../../src/main/core/vault/vault-service';
import type { SyncReport } from '../../../src/main/core/vault/sync-report';
import type { ItemWindow } from '../../../src/main/core/vault/vault-listing';
import { login } from '../../support/items';

export const accountId = '00000000-0000-4000-8000-000000000001';
export const mail = login({ title: 'Example Mail', username: 'alice@mail.example', password: 'pw-1', urls: ['https://mail.example'] });
/** A search of every live item, the first 200 by title. */
export const win = (query: string): ItemWindow => ({ query, category: 'all', offset: 0, limit: 200 });
export const bank = login({ title: 'Bank of Nowhere', username: 'alice.b', password: 'bank-pass-5521', notes: 'PIN 4242' });

/** Only what the service calls: the vault routes, with the server's versioning rule. */
class FakeServer {
  vaults: VaultView[] = [];
  items = new Map<string, ItemView>();
  seq = 0;
  changed = new Map<string, number>();
  /** The account's signed vault list, stored as the server does: opaque, with its counter. */
  signedList: { signedList: string | null; counter: number } = { signedList: null, counter: 0 };
  /** 'down': cannot be reached; 'revoked': this device's session was ended elsewhere. */
  state: 'up' | 'down' | 'revoked' = 'up';
  /** The size of each batch write, in order. */
  batches: number[] = [];
  /** Routes whose next answers wait for `release` (a call in flight); a call whose signal aborts meanwhile fails with its reason, as fetch does. */
  holds = new Map<unknown, { reach: () => void; released: Promise<void> }>();
  reset(): void {
    this.holds.clear();
    this.batches = [];
    this.vaults = [];
    this.items = new Map();
    this.seq = 0;
    this.changed = new Map();
    this.signedList = { signedList: null, counter: 0 };
    this.state = 'up';
  }
  /** Holds the answers of `route` from now on: `reached` once a call waits, `release` lets them all go. */
  hold(route: unknown): { reached: Promise<void>; release: () => void } {
    let reach = () => undefined as void;
    let release = () => undefined as void;
    const reached = new Promise<void>((resolve) => (reach = resolve));
    this.holds.set(route, { reach, released: new Promise<void>((resolve) => (release = resolve)) });
    return { reached, release: () => (this.holds.delete(route), release()) };
  }
  async call(route: unknown, { body, params, query, signal }: { body?: never; params?: { vaultId: string; itemId: string }; query?: { since?: string }; signal?: AbortSignal }): Promise<unknown> {
    const held = this.holds.get(route);
    if (held) {
      held.reach();
      await new Promise<void>((resolve, reject) => {
        void held.released.then(resolve);
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
    }
    if (this.state === 'down') throw new SyncApiError('unreachable', 'The sync server at http://127.0.0.1:9 cannot be reached.');
    if (this.state === 'revoked') throw new SyncApiError('unauthorized', 'Sign in again.', 401);
    if (route === vaultRoutes.list) return { vaults: this.vaults, canShare: false };
    if (route === vaultRoutes.signedList) return this.signedList;
    if (route === vaultRoutes.putSignedList) {
      const put = body as unknown as { counter: number; signedList: string };
      if (put.counter !== this.signedList.counter + 1) throw new SyncApiError('vault_list_conflict', 'stale', 409);
      this.signedList = put;
      return { counter: put.counter };
    }
    if (route === vaultRoutes.create) {
      const { vaultId, sealedVaultKey, shared } = body as unknown as { vaultId: string; sealedVaultKey: string; shared?: { attributes: string } };
      const vault: VaultView = { vaultId, kind: shared ? 'shared' : 'private', sealedVaultKey, role: 'owner', attributes: shared?.attributes ?? null, createdAt: 'now' };
      this.vaults.push(vault);
      return { vault };
    }
    if (route === vaultRoutes.changes) {
      const since = Number(query?.since ?? 0);
      const items = [...this.items.values()].filter((i) => i.vaultId === params!.vaultId && this.changed.get(i.itemId)! > since);
      return { items, cursor: String(this.seq), hasMore: false };
    }
    if (route === vaultRoutes.putItem || route === vaultRoutes.deleteItem) {
      const { expectedVersion, overview, details, marker } = body as unknown as { expectedVersion: number; overview?: string; details?: string; marker?: string };
      const held = this.items.get(params!.itemId);
      if ((held?.version ?? 0) !== expectedVersion) throw new VersionConflictError('stale', held ?? null);
      const deleted = route === vaultRoutes.deleteItem;
      const item: ItemView = { vaultId: params!.vaultId, itemId: params!.itemId, version: expectedVersion + 1, deleted, overview: deleted ? null : overview!, details: deleted ? null : details!, deletionMarker: deleted ? marker! : null, updatedAt: 'now' };
      this.items.set(item.itemId, item);
      this.changed.set(item.itemId, ++this.seq);
      return { item };
    }
    if (route === vaultRoutes.putItems) {
      // All or nothing, as the real route (tests/integration/server/batch-items.test.ts).
      const { items } = body as unknown as { items: { itemId: string; expectedVersion: number; overview: string; details: string }[] };
      this.batches.push(items.length);
      const stale = items.find((i) => (this.items.get(i.itemId)?.version ?? 0) !== i.expectedVersion);
      if (stale) throw new VersionConflictError('stale', this.items.get(stale.itemId) ?? null);
      const stored = items.map((i): ItemView => ({ vaultId: params!.vaultId, itemId: i.itemId, version: i.expectedVersion + 1, deleted: false, overview: i.overview, details: i.details, deletionMarker: null, updatedAt: 'now' }));
      for (const item of stored) {
        this.items.set(item.itemId, item);
        this.changed.set(item.itemId, ++this.seq);
      }
      return { items: stored.map(({ itemId, version, updatedAt }) => ({ itemId, version, updatedAt })) };
    }
    throw new Error('unexpected route');
  }
}

function fakeAccounts(keyset: Keyset) {
  const listeners: ((id: string) => void)[] = [];
  let unlocked = true;
  const accounts = {
    onLock: (listener: (id: string) => void) => listeners.push(listener),
    // The vaults open ahead on an unlock (VaultService); these tests unlock by `unlock` below, which says nothing.
    onChange: () => undefined,
    unlocked: () => {
      if (!unlocked) throw new Error('locked');
      return { serverAccountId: 'A1B2C3', open: { keyset } };
    },
    session: () => {
      if (!unlocked) throw new Error('locked');
      return new AccountSession(server as unknown as SyncServerClient, 'token');
    },
  };
  return { accounts: accounts as unknown as Accounts, lock: () => ((unlocked = false), listeners.forEach((l) => l(accountId))), unlock: () => (unlocked = true) };
}

export const server = new FakeServer();
let keyset: Keyset;
const folders: string[] = [];
beforeAll(async () => {
  await initCrypto();
  keyset = generateKeyset('test-keyset');
});
beforeEach(() => server.reset());
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A device: its own data folder (for the offline cache) unless it shares one, as a restarted app does. */
export const device = (dataDir = mkdtempSync(join(tmpdir(), 'latchkey-vault-'))) => {
  folders.push(dataDir);
  const fake = fakeAccounts(keyset);
  const cache = new OfflineCache(join(dataDir, 'cache'));
  // Not in a family: a new vault needs no recovery grant (families: tests/integration/desktop/family.test.ts).
  const family = { newVaultGrant: async () => undefined };
  // What each sync did, as the 'sync.result' event would tell it.
  const reports: SyncReport[] = [];
  return { ...fake, dataDir, cache, reports, vault: new VaultService(fake.accounts, cache, family, (report) => void reports.push(report)) };
};
/** The Private vault's id, as the first device made it. */
export const pv = () => server.vaults.find((vault) => vault.kind === 'private')!.vaultId;
export const cacheFile = (dataDir: string, vaultId = pv()) => join(dataDir, 'cache', accountId, 'vaults', `${vaultId}.vault`);

/** A device that cached the Private vault with one item (Example Mail), behind one change made on another device (Bank of Nowhere saved). */
export async function behindElsewhere() {
  const a = device();
  await a.vault.open(accountId);
  await a.vault.save(accountId, pv(), undefined, 0, mail);
  const elsewhere = device();
  await elsewhere.vault.open(accountId);
  await elsewhere.vault.save(accountId, pv(), undefined, 0, bank);
  return a;
}
