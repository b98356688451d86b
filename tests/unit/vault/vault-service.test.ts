/**
 * The main process's vaults against an in-memory stand-in for the server's vault routes:
 * lazy creation of the Private vault, shared vaults coming and going, sync, search, the version race, forgetting on lock, and
 * the real offline cache on disk: opening with the server down, refusing changes while
 * offline, and a revoked session.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoginFields } from '../../../src/shared/ipc/channels/vault';
import { vaultRoutes, type ItemView, type VaultView } from '../../../src/shared/server-api/vault';
import type { Accounts } from '../../../src/main/core/account/accounts';
import { generateKeyset, type Keyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { OfflineCache } from '../../../src/main/core/offline/offline-cache';
import { SyncApiError, VersionConflictError, type SyncServerClient } from '../../../src/main/core/sync/client';
import { VaultService } from '../../../src/main/core/vault/vault-service';

const accountId = '00000000-0000-4000-8000-000000000001';
const mail: LoginFields = { title: 'Example Mail', username: 'alice@mail.example', password: 'pw-1', urls: ['https://mail.example'], notes: '' };

/** Only what the service calls: the vault routes, with the server's versioning rule. */
class FakeServer {
  vaults: VaultView[] = [];
  items = new Map<string, ItemView>();
  seq = 0;
  changed = new Map<string, number>();
  /** 'down': cannot be reached; 'revoked': this device's session was ended elsewhere. */
  state: 'up' | 'down' | 'revoked' = 'up';
  async call(route: unknown, { body, params, query }: { body?: never; params?: { vaultId: string; itemId: string }; query?: { since?: string } }): Promise<unknown> {
    if (this.state === 'down') throw new SyncApiError('unreachable', 'The sync server at http://127.0.0.1:9 cannot be reached.');
    if (this.state === 'revoked') throw new SyncApiError('unauthorized', 'Sign in again.', 401);
    if (route === vaultRoutes.list) return { vaults: this.vaults, canShare: false };
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
      const { expectedVersion, overview, details } = body as unknown as { expectedVersion: number; overview?: string; details?: string };
      const held = this.items.get(params!.itemId);
      if ((held?.version ?? 0) !== expectedVersion) throw new VersionConflictError('stale', held ?? null);
      const deleted = route === vaultRoutes.deleteItem;
      const item: ItemView = { vaultId: params!.vaultId, itemId: params!.itemId, version: expectedVersion + 1, deleted, overview: deleted ? null : overview!, details: deleted ? null : details!, updatedAt: 'now' };
      this.items.set(item.itemId, item);
      this.changed.set(item.itemId, ++this.seq);
      return { item };
    }
    throw new Error('unexpected route');
  }
}

function fakeAccounts(keyset: Keyset) {
  const listeners: ((id: string) => void)[] = [];
  let unlocked = true;
  const accounts = {
    onLock: (listener: (id: string) => void) => listeners.push(listener),
    unlocked: () => {
      if (!unlocked) throw new Error('locked');
      return { sessionToken: 'token', open: { keyset } };
    },
  };
  return { accounts: accounts as unknown as Accounts, lock: () => ((unlocked = false), listeners.forEach((l) => l(accountId))), unlock: () => (unlocked = true) };
}

let keyset: Keyset;
let server: FakeServer;
const folders: string[] = [];
beforeAll(async () => {
  await initCrypto();
  keyset = generateKeyset('test-keyset');
});
beforeEach(() => {
  server = new FakeServer();
});
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
/** A device: its own data folder (for the offline cache) unless it shares one, as a restarted app does. */
const device = (dataDir = mkdtempSync(join(tmpdir(), 'latchkey-vault-'))) => {
  folders.push(dataDir);
  const fake = fakeAccounts(keyset);
  const cache = new OfflineCache(join(dataDir, 'cache'));
  // Not in a family: a new vault needs no recovery grant (families: tests/integration/desktop/family.test.ts).
  const family = { newVaultGrant: async () => undefined };
  return { ...fake, dataDir, cache, vault: new VaultService(fake.accounts, server as unknown as SyncServerClient, cache, family) };
};
/** The Private vault's id, as the first device made it. */
const pv = () => server.vaults.find((vault) => vault.kind === 'private')!.vaultId;
const cacheFile = (dataDir: string, vaultId = pv()) => join(dataDir, 'cache', accountId, 'vaults', `${vaultId}.json`);
const bank: LoginFields = { title: 'Bank of Nowhere', username: 'alice.b', password: 'bank-pass-5521', urls: [], notes: 'PIN 4242' };

describe('VaultService', () => {
  it('creates the Private vault on first open only, and a second device opens it and sees the items', async () => {
    const a = device();
    expect(await a.vault.open(accountId)).toEqual({ vaults: [{ vaultId: pv(), name: 'Private', shared: false, role: 'owner' }], canShare: false, vaultId: pv(), items: [], total: 0, offline: false });
    await a.vault.open(accountId);
    expect(server.vaults).toHaveLength(1);
    const saved = await a.vault.save(accountId, pv(), undefined, 0, mail);
    expect(saved).toMatchObject({ outcome: 'saved', item: { version: 1, fields: mail } });

    const b = device();
    const { items } = await b.vault.open(accountId);
    expect(items).toEqual([{ itemId: expect.any(String), version: 1, title: 'Example Mail', username: 'alice@mail.example' }]);
    expect((await b.vault.item(accountId, pv(), items[0]!.itemId)).fields).toEqual(mail);
    expect(await b.vault.search(accountId, pv(), 'MAIL.exa')).toHaveLength(1);
    expect(await b.vault.search(accountId, pv(), 'bank')).toEqual([]);
  });

  it('keeps each vault apart: a shared vault is named from its encrypted attributes, listed after Private, and dropped with its cache when access ends', async () => {
    const a = device();
    await a.vault.open(accountId);
    const b = device();
    expect((await b.vault.open(accountId)).vaults.map((vault) => vault.name)).toEqual(['Private']);
    const household = await a.vault.createShared(accountId, 'Household');
    expect(household).toEqual({ vaultId: expect.any(String), name: 'Household', shared: true, role: 'owner' });
    expect(server.vaults.find((vault) => vault.vaultId === household.vaultId)?.attributes).not.toContain('Household');
    await a.vault.save(accountId, household.vaultId, undefined, 0, bank);
    await a.vault.save(accountId, pv(), undefined, 0, mail);

    // The next sync of the device that was already open brings the new vault.
    const opened = await b.vault.open(accountId, pv());
    expect(opened.vaults.map((vault) => vault.name)).toEqual(['Private', 'Household']);
    expect(opened.items.map((item) => item.title)).toEqual(['Example Mail']);
    const shared = await b.vault.open(accountId, household.vaultId);
    expect(shared).toMatchObject({ vaultId: household.vaultId, total: 1, items: [{ title: 'Bank of Nowhere' }] });
    expect(await b.vault.search(accountId, pv(), 'bank')).toEqual([]);
    expect(readdirSync(join(b.dataDir, 'cache', accountId, 'vaults')).sort()).toEqual([`${household.vaultId}.json`, `${pv()}.json`].sort());

    // Access taken away: the next sync drops the vault, its keys and its cached copy.
    server.vaults = server.vaults.filter((vault) => vault.vaultId !== household.vaultId);
    const synced = await b.vault.open(accountId, household.vaultId, 'movie');
    expect(synced).toMatchObject({ vaultId: pv(), total: 1, items: [{ title: 'Example Mail' }] });
    expect(synced.vaults.map((vault) => vault.name)).toEqual(['Private']);
    expect(readdirSync(join(b.dataDir, 'cache', accountId, 'vaults'))).toEqual([`${pv()}.json`]);
    await expect(b.vault.search(accountId, household.vaultId, '')).rejects.toMatchObject({ message: 'You no longer have access to that vault.' });
  });

  it('leaves out a shared vault whose name does not open under its key', async () => {
    const a = device();
    await a.vault.open(accountId);
    const household = await a.vault.createShared(accountId, 'Household');
    const listed = server.vaults.find((vault) => vault.vaultId === household.vaultId)!;
    listed.attributes = `${listed.attributes!.slice(0, -4)}AAAA`;
    expect((await device().vault.open(accountId)).vaults.map((vault) => vault.name)).toEqual(['Private']);
  });

  it('answers a stale save with the current item, decrypted, and takes it in', async () => {
    const a = device();
    const b = device();
    await a.vault.open(accountId);
    const created = await a.vault.save(accountId, pv(), undefined, 0, mail);
    if (created.outcome !== 'saved') throw new Error('not saved');
    const { itemId } = created.item;
    await b.vault.open(accountId);
    await a.vault.save(accountId, pv(), itemId, 1, { ...mail, username: 'from-a' });
    const stale = await b.vault.save(accountId, pv(), itemId, 1, { ...mail, notes: 'from-b' });
    expect(stale).toEqual({ outcome: 'conflict', current: expect.objectContaining({ version: 2, fields: { ...mail, username: 'from-a' } }) });
    expect(await b.vault.search(accountId, pv(), 'from-a')).toHaveLength(1);
    // Redone on top of the current version, it goes through.
    expect(await b.vault.save(accountId, pv(), itemId, 2, { ...mail, username: 'from-a', notes: 'from-b' })).toMatchObject({ outcome: 'saved', item: { version: 3 } });
    expect(await a.vault.delete(accountId, pv(), itemId, 2)).toMatchObject({ outcome: 'conflict', current: { version: 3 } });
    expect(await a.vault.delete(accountId, pv(), itemId, 3)).toEqual({ outcome: 'deleted' });
    expect(await b.vault.save(accountId, pv(), itemId, 3, mail)).toEqual({ outcome: 'conflict', current: null });
    expect((await b.vault.open(accountId)).items).toEqual([]);
  });

  it('leaves out an item that does not open at the version the server claims (a rollback)', async () => {
    const a = device();
    await a.vault.open(accountId);
    const created = await a.vault.save(accountId, pv(), undefined, 0, mail);
    if (created.outcome !== 'saved') throw new Error('not saved');
    const stored = server.items.get(created.item.itemId)!;
    server.items.set(stored.itemId, { ...stored, version: 5 });
    expect((await device().vault.open(accountId)).items).toEqual([]);
  });

  it('forgets everything on lock and needs the account unlocked again', async () => {
    const a = device();
    await a.vault.open(accountId);
    await a.vault.save(accountId, pv(), undefined, 0, mail);
    a.lock();
    await expect(a.vault.search(accountId, pv(), '')).rejects.toThrow('locked');
    a.unlock();
    expect((await a.vault.open(accountId)).items).toHaveLength(1);
  });

  it('opens from the offline cache with the server down, searches it, and refuses changes without losing anything', async () => {
    const a = device();
    await a.vault.open(accountId);
    await a.vault.save(accountId, pv(), undefined, 0, mail);
    await a.vault.save(accountId, pv(), undefined, 0, bank);
    a.lock();

    server.state = 'down';
    const restarted = device(a.dataDir);
    const opened = await restarted.vault.open(accountId);
    expect(opened.offline).toBe(true);
    expect(opened.items.map((item) => item.title)).toEqual(['Bank of Nowhere', 'Example Mail']);
    expect((await restarted.vault.search(accountId, pv(), 'bank')).map((item) => item.title)).toEqual(['Bank of Nowhere']);
    const bankId = opened.items[0]!.itemId;
    expect((await restarted.vault.item(accountId, pv(), bankId)).fields).toEqual(bank);

    const before = readFileSync(cacheFile(a.dataDir), 'utf8');
    await expect(restarted.vault.save(accountId, pv(), bankId, 1, { ...bank, notes: 'changed offline' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('offline') });
    await expect(restarted.vault.delete(accountId, pv(), bankId, 1)).rejects.toMatchObject({ code: 'unavailable' });
    expect(readFileSync(cacheFile(a.dataDir), 'utf8')).toBe(before);
    expect((await restarted.vault.item(accountId, pv(), bankId)).fields).toEqual(bank);

    // Back online, the same vault picks up a change made elsewhere meanwhile, and can write again.
    server.state = 'up';
    const elsewhere = device();
    await elsewhere.vault.open(accountId);
    await elsewhere.vault.save(accountId, pv(), undefined, 0, { ...mail, title: 'Made elsewhere' });
    expect(await restarted.vault.open(accountId, pv(), 'elsewhere')).toMatchObject({ vaultId: pv(), items: [expect.objectContaining({ title: 'Made elsewhere' })], total: 3, offline: false });
    expect(await restarted.vault.save(accountId, pv(), bankId, 1, { ...bank, notes: 'changed online' })).toMatchObject({ outcome: 'saved', item: { version: 2 } });
  });

  it('keeps only ciphertext in the cache, owner-only', async () => {
    const a = device();
    await a.vault.open(accountId);
    await a.vault.save(accountId, pv(), undefined, 0, mail);
    await a.vault.save(accountId, pv(), undefined, 0, bank);
    expect(readdirSync(join(a.dataDir, 'cache', accountId, 'vaults'))).toEqual([`${pv()}.json`]);
    const text = readFileSync(cacheFile(a.dataDir), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 2, items: [[expect.any(String), 1, 'now', expect.any(String), expect.any(String)], [expect.any(String), 1, 'now', expect.any(String), expect.any(String)]] });
    for (const folder of ['cache', `cache/${accountId}`, `cache/${accountId}/vaults`]) expect(statSync(join(a.dataDir, folder)).mode & 0o777).toBe(0o700);
    expect(statSync(cacheFile(a.dataDir)).mode & 0o777).toBe(0o600);
    for (const plain of [mail.title, mail.username, mail.password, 'mail.example', bank.title, bank.username, bank.password, bank.notes]) expect(text).not.toContain(plain);
  });

  it('a device signed out elsewhere keeps its cache encrypted and is told to sign in again', async () => {
    const a = device();
    await a.vault.open(accountId);
    await a.vault.save(accountId, pv(), undefined, 0, mail);
    server.state = 'revoked';
    await expect(a.vault.open(accountId, pv())).rejects.toMatchObject({ code: 'signed-out', message: 'This device was signed out of this account. Sign in again with your Secret Key and password.' });
    const [cached] = await a.cache.readVaults(accountId);
    expect(cached?.items).toHaveLength(1);
    expect(JSON.stringify(cached)).not.toContain(mail.password);
  });

  it('ignores a cache its keys do not open and loads the vault from the server instead', async () => {
    const a = device();
    await a.vault.open(accountId);
    await a.vault.save(accountId, pv(), undefined, 0, mail);
    const [cached] = await a.cache.readVaults(accountId);
    if (!cached) throw new Error('nothing cached');
    const other = device(a.dataDir);
    const { sealedVaultKey } = cached.vault;
    await other.cache.writeVault(accountId, pv(), () => ({ ...cached, vault: { ...cached.vault, sealedVaultKey: `${sealedVaultKey.slice(0, -4)}AAAA` } }));
    expect((await other.vault.open(accountId)).items.map((item) => item.title)).toEqual(['Example Mail']);
  });

  it('lists at most 200 items, the first by title in natural order, and says how many there are', async () => {
    const a = device();
    await a.vault.open(accountId);
    for (let i = 250; i > 0; i--) await a.vault.save(accountId, pv(), undefined, 0, { ...mail, title: `Item ${i}` });
    const opened = await device().vault.open(accountId);
    expect(opened.total).toBe(250);
    expect(opened.items).toHaveLength(200);
    expect(opened.items.map((item) => item.title)).toEqual(Array.from({ length: 200 }, (_, i) => `Item ${i + 1}`));
    // The same order however the items arrived: the list the first device built, from its saves, matches.
    expect((await a.vault.open(accountId)).items).toEqual(opened.items);
    expect((await a.vault.search(accountId, pv(), 'Item 249')).map((item) => item.title)).toContain('Item 249');
  });
});
