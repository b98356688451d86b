/**
 * The main process's vaults against an in-memory stand-in for the server's vault routes:
 * lazy creation of the Private vault, shared vaults coming and going, sync, search, the version race, forgetting on lock, and
 * the real offline cache on disk: opening with the server down, refusing changes while
 * offline, and a revoked session.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OfflineCache } from '../../../src/main/core/offline/offline-cache';
import { recordHead, recordUpdatedAt } from '../../../src/main/core/offline/sealed-item';
import { accountId, bank, cacheFile, device, mail, pv, server, win } from './vault-fixtures';

describe('VaultService', () => {
  it('creates the Private vault on first open only, and a second device opens it and sees the items', async () => {
    const a = device();
    expect(await a.vault.open(accountId)).toEqual({ vaults: [{ vaultId: pv(), name: 'Private', shared: false, role: 'owner' }], canShare: false, notices: [], vaultId: pv(), items: [], total: 0, offline: false });
    expect(server.signedList.counter).toBe(1);
    await a.vault.open(accountId);
    expect(server.vaults).toHaveLength(1);
    const saved = await a.vault.save(accountId, pv(), undefined, 0, mail);
    expect(saved).toMatchObject({ outcome: 'saved', item: { version: 1, fields: mail } });

    const b = device();
    const { items } = await b.vault.open(accountId);
    expect(items).toEqual([{ itemId: expect.any(String), version: 1, type: 'login', title: 'Example Mail', subtitle: 'alice@mail.example', favourite: false, hasOtp: false, trashedAt: null }]);
    expect((await b.vault.item(accountId, pv(), items[0]!.itemId)).fields).toEqual(mail);
    expect((await b.vault.search(accountId, pv(), win('MAIL.exa'))).items).toHaveLength(1);
    expect((await b.vault.search(accountId, pv(), win('bank'))).items).toEqual([]);
  });

  it('keeps each vault apart: a shared vault is named from its encrypted attributes, listed after Private, and kept (unavailable) when the server stops listing it', async () => {
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
    expect((await b.vault.search(accountId, pv(), win('bank'))).items).toEqual([]);
    expect(readdirSync(join(b.dataDir, 'cache', accountId, 'vaults')).sort()).toEqual([household.vaultId, pv()].flatMap((vaultId) => [`${vaultId}.titles`, `${vaultId}.vault`]).sort());

    // The server stops listing the account's own vault: without a signed removal it is kept, with its cache, and shown as unavailable.
    server.vaults = server.vaults.filter((vault) => vault.vaultId !== household.vaultId);
    const synced = await b.vault.open(accountId, household.vaultId);
    expect(synced).toMatchObject({ vaultId: household.vaultId, total: 1, notices: [{ kind: 'unavailable-vault', vaultId: household.vaultId }] });
    expect(synced.vaults.map((vault) => vault.name)).toEqual(['Private', 'Household']);
    expect(readdirSync(join(b.dataDir, 'cache', accountId, 'vaults')).sort()).toEqual([household.vaultId, pv()].flatMap((vaultId) => [`${vaultId}.titles`, `${vaultId}.vault`]).sort());
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
    expect((await b.vault.search(accountId, pv(), win('from-a'))).items).toHaveLength(1);
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
    await expect(a.vault.search(accountId, pv(), win(''))).rejects.toThrow('locked');
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
    expect(((await restarted.vault.search(accountId, pv(), win('bank'))).items).map((item) => item.title)).toEqual(['Bank of Nowhere']);
    const bankId = opened.items[0]!.itemId;
    expect((await restarted.vault.item(accountId, pv(), bankId)).fields).toEqual(bank);

    const before = readFileSync(cacheFile(a.dataDir));
    await expect(restarted.vault.save(accountId, pv(), bankId, 1, { ...bank, notes: 'changed offline' })).rejects.toMatchObject({ code: 'offline', message: expect.stringContaining('offline') });
    await expect(restarted.vault.delete(accountId, pv(), bankId, 1)).rejects.toMatchObject({ code: 'offline' });
    expect(readFileSync(cacheFile(a.dataDir))).toEqual(before);
    expect((await restarted.vault.item(accountId, pv(), bankId)).fields).toEqual(bank);

    // Back online, the same vault picks up a change made elsewhere meanwhile, and can write again.
    server.state = 'up';
    const elsewhere = device();
    await elsewhere.vault.open(accountId);
    await elsewhere.vault.save(accountId, pv(), undefined, 0, { ...mail, title: 'Made elsewhere' });
    expect(await restarted.vault.open(accountId, pv(), 'elsewhere')).toMatchObject({ vaultId: pv(), items: [expect.objectContaining({ title: 'Made elsewhere' })], total: 1, offline: false });
    expect(await restarted.vault.save(accountId, pv(), bankId, 1, { ...bank, notes: 'changed online' })).toMatchObject({ outcome: 'saved', item: { version: 2 } });
  });

  it('keeps only ciphertext in the cache, owner-only', async () => {
    const a = device();
    await a.vault.open(accountId);
    await a.vault.save(accountId, pv(), undefined, 0, mail);
    await a.vault.save(accountId, pv(), undefined, 0, bank);
    expect(readdirSync(join(a.dataDir, 'cache', accountId, 'vaults')).sort()).toEqual([`${pv()}.titles`, `${pv()}.vault`]);
    // The vault file and its title index (keyed hashes only) hold no plaintext.
    const titles = cacheFile(a.dataDir).replace(/\.vault$/, '.titles');
    const text = readFileSync(cacheFile(a.dataDir), 'latin1') + readFileSync(titles, 'latin1').toLowerCase();
    expect(statSync(titles).mode & 0o777).toBe(0o600);
    const [read] = await new OfflineCache(join(a.dataDir, 'cache')).readVaults(accountId);
    expect(read!.items.map((held) => held.bytes()).map((record) => [recordHead(record).version, recordUpdatedAt(record)])).toEqual([[1, 'now'], [1, 'now']]);
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
    expect(((await a.vault.search(accountId, pv(), win('Item 249'))).items).map((item) => item.title)).toContain('Item 249');
  });

  it('reads window after window of one search, and the next window after a change (an edit, a new item, a deletion) holds it', async () => {
    const a = device();
    await a.vault.open(accountId);
    for (let i = 1; i <= 5; i++) await a.vault.save(accountId, pv(), undefined, 0, { ...mail, title: `Item ${i}` });
    const titles = async (query: string, offset: number) => ((await a.vault.search(accountId, pv(), { ...win(query), offset, limit: 2 })).items).map((item) => item.title);
    expect([...(await titles('item', 0)), ...(await titles('item', 2)), ...(await titles('item', 4))]).toEqual(['Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5']);
    const saved = await a.vault.save(accountId, pv(), undefined, 0, { ...mail, title: 'Item 0' });
    if (saved.outcome !== 'saved') throw new Error('not saved');
    expect(await titles('item', 0)).toEqual(['Item 0', 'Item 1']);
    const renamed = await a.vault.save(accountId, pv(), saved.item.itemId, saved.item.version, { ...mail, title: 'Bank 0' });
    if (renamed.outcome !== 'saved') throw new Error('not saved');
    expect(await titles('item', 0)).toEqual(['Item 1', 'Item 2']);
    expect(await titles('bank', 0)).toEqual(['Bank 0']);
    await a.vault.delete(accountId, pv(), renamed.item.itemId, renamed.item.version);
    expect(await titles('bank', 0)).toEqual([]);
    expect((await a.vault.search(accountId, pv(), win('item'))).total).toBe(5);
  });

  describe('ownLogins', () => {
    const saved = async (outcome: Awaited<ReturnType<ReturnType<typeof device>['vault']['save']>>) => {
      if (outcome.outcome !== 'saved') throw new Error('not saved');
      return outcome.item.itemId;
    };

    it('answers the Private vault’s items and URLs only: no shared vault, no password or notes', async () => {
      const a = device();
      expect(await a.vault.ownLogins(accountId)).toEqual([]);
      expect(server.vaults.map((vault) => vault.kind)).toEqual(['private']);
      const mailId = await saved(await a.vault.save(accountId, pv(), undefined, 0, { ...mail, urls: ['https://accounts.google.com/', 'gmail.com'] }));
      const bankId = await saved(await a.vault.save(accountId, pv(), undefined, 0, bank));
      const household = await a.vault.createShared(accountId, 'Household');
      await a.vault.save(accountId, household.vaultId, undefined, 0, { ...mail, title: 'Shared mail', urls: ['https://mail.google.com/'] });

      // A device that has not opened the account yet opens it from the server first.
      const logins = await device().vault.ownLogins(accountId);
      const expected = [
        { vaultId: pv(), itemId: mailId, urls: ['https://accounts.google.com/', 'gmail.com'] },
        { vaultId: pv(), itemId: bankId, urls: [] },
      ];
      expect(logins.sort((x, y) => x.itemId.localeCompare(y.itemId))).toEqual(expected.sort((x, y) => x.itemId.localeCompare(y.itemId)));
      for (const secret of [mail.password, bank.password, bank.notes, mail.title, bank.username]) expect(JSON.stringify(logins)).not.toContain(secret);
    });

    it('answers from the vaults already open without asking the server', async () => {
      const a = device();
      await a.vault.open(accountId);
      const itemId = await saved(await a.vault.save(accountId, pv(), undefined, 0, mail));
      server.state = 'revoked';
      expect(await a.vault.ownLogins(accountId)).toEqual([{ vaultId: pv(), itemId, urls: mail.urls }]);
    });

    it('answers from the offline cache when the server cannot be reached, and says when there is none', async () => {
      const a = device();
      await a.vault.open(accountId);
      const itemId = await saved(await a.vault.save(accountId, pv(), undefined, 0, mail));
      a.lock();
      server.state = 'down';
      expect(await device(a.dataDir).vault.ownLogins(accountId)).toEqual([{ vaultId: pv(), itemId, urls: mail.urls }]);
      const fresh = device();
      await expect(fresh.vault.ownLogins(accountId)).rejects.toMatchObject({ code: 'offline', message: expect.stringContaining('no copy of your vault') });
      // Back online, the device that had no copy opens the vault from the server.
      server.state = 'up';
      expect(await fresh.vault.ownLogins(accountId)).toEqual([{ vaultId: pv(), itemId, urls: mail.urls }]);
    });

    it('forgets on lock like the rest of the vault', async () => {
      const a = device();
      await a.vault.open(accountId);
      await a.vault.save(accountId, pv(), undefined, 0, mail);
      a.lock();
      await expect(a.vault.ownLogins(accountId)).rejects.toThrow('locked');
    });
  });
});
