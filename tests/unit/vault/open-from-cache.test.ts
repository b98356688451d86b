/**
 * Opening an account's vaults from the offline cache, as an unlock does ahead of the window: a
 * few hundred items a turn of the event loop (so the window's calls are answered meanwhile), and
 * a lock in the middle wipes what was opened (the vault key disposed) and fails the load instead
 * of finishing it with keys the lock meant to drop.
 */
import { describe, expect, it, vi } from 'vitest';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { OwnVaultLists } from '../../../src/main/core/vault/own-vault-list';
import { VaultPersistence } from '../../../src/main/core/vault/vault-persistence';
import { closeAccountVaults, revealItem } from '../../../src/main/core/vault/open-vault';
import { HeldRecord } from '../../../src/main/core/offline/held-record';
import { OverviewOpener } from '../../../src/main/core/crypto/vault-items';
import { encodeTitleIndex } from '../../../src/main/core/offline/title-index';
import { login } from '../../support/items';
import { accountId, device, pv } from './vault-fixtures';

const ITEMS = 1_200;

/** A device that cached a Private vault of ITEMS items, and the same data folder opened again as a restarted app does. */
async function restartedWithCache() {
  const first = device();
  await first.vault.open(accountId);
  await first.vault.createItems(accountId, pv(), Array.from({ length: ITEMS }, (_, i) => login({ title: `Item ${i}`, username: `user${i}`, password: `pw-${i}` })));
  await first.cache.readVaults(accountId); // waits for the cache write under way
  const again = device(first.dataDir);
  // Counts the calls that ask whether the account is still unlocked: one at the start, one for the device state, one a turn.
  const original = again.accounts.unlocked.bind(again.accounts);
  const asked = vi.spyOn(again.accounts, 'unlocked');
  return { again, asked, original, persistence: new VaultPersistence(again.accounts, again.cache, new OwnVaultLists()) };
}

describe('opening the vaults from the offline cache', () => {
  it('opens every cached item, a turn of the event loop at a time', async () => {
    const { persistence, asked } = await restartedWithCache();
    const account = await persistence.load(accountId);
    expect(account.vaults.get(pv())?.items.size).toBe(ITEMS);
    // 1,200 items take three turns (500 a turn), each after checking the account is still unlocked.
    expect(asked).toHaveBeenCalledTimes(2 + Math.ceil(ITEMS / 500));
  });

  it('opens one item alone when asked for it by id: no other overview is opened or held', async () => {
    const { persistence } = await restartedWithCache();
    const all = await persistence.load(accountId);
    const [itemId] = [...all.vaults.get(pv())!.items].find(([, held]) => held.overview.title === 'Item 7')!;
    closeAccountVaults(all);
    const opened = vi.spyOn(OverviewOpener.prototype, 'open');
    const account = await persistence.load(accountId, { itemId });
    const vault = account.vaults.get(pv())!;
    expect([...vault.items.keys()]).toEqual([itemId]);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(revealItem(vault, itemId, vault.items.get(itemId)!).fields).toMatchObject({ title: 'Item 7', password: 'pw-7' });
    closeAccountVaults(account);
  });

  it('opens by title only the items its title index does not show to bear another title, and those it does not cover', async () => {
    const { again, persistence } = await restartedWithCache();
    const opened = vi.spyOn(OverviewOpener.prototype, 'open');
    const titled = async (title: string) => {
      opened.mockClear();
      const account = await persistence.load(accountId, { title });
      const titles = [...account.vaults.get(pv())!.items.values()].map((item) => item.overview.title);
      closeAccountVaults(account);
      return titles;
    };
    expect(await titled('item 7')).toEqual(['Item 7']);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(await titled('Nothing')).toEqual([]);
    // An index that says Item 9 is titled otherwise, but of another version than the cached one: Item 9 is opened.
    const all = await persistence.load(accountId);
    const vault = all.vaults.get(pv())!;
    const listed = [...vault.items].map(([itemId, { version, overview }]) => ({ itemId, version, title: overview.title }));
    const stale = listed.map((item) => (item.title === 'Item 9' ? { ...item, version: item.version + 1, title: 'Other' } : item));
    await again.cache.writeTitleIndex(accountId, pv(), () => encodeTitleIndex(vault.key, pv(), stale));
    closeAccountVaults(all);
    expect(await titled('Item 9')).toEqual(['Item 9']);
    expect(await titled('Other')).toEqual(['Item 9']);
    // A damaged index tells nothing: every item is opened, and the title still found.
    await again.cache.writeTitleIndex(accountId, pv(), () => Buffer.from('LKTI damaged'));
    expect(await titled('Item 9')).toHaveLength(ITEMS);
    expect(opened).toHaveBeenCalledTimes(ITEMS);
  });

  it('leaves the records in the cache file: an item opens from it, then from the new file a write moved them to; each file closes when done with', async () => {
    const { persistence } = await restartedWithCache();
    const account = await persistence.load(accountId);
    const vault = account.vaults.get(pv())!;
    const [itemId, item] = [...vault.items].find(([, held]) => held.overview.title === 'Item 7')!;
    expect(revealItem(vault, itemId, item).fields).toMatchObject({ password: 'pw-7' });
    const before = vault.file!;
    await persistence.persist(accountId, account, vault);
    expect(vault.file).not.toBe(before);
    expect(() => before.read(0, 1)).toThrow();
    expect(revealItem(vault, itemId, item).fields).toMatchObject({ password: 'pw-7' });
    closeAccountVaults(account);
    expect(() => item.sealed.bytes()).toThrow();
  });

  it('finishes a cache write under way when the vault closes meanwhile, reading its records from the file it keeps open until then', async () => {
    const { again, persistence } = await restartedWithCache();
    const account = await persistence.load(accountId);
    const vault = account.vaults.get(pv())!;
    vault.cursor = 'written after the lock';
    // The account locks once the write has begun, just before it reads the records.
    const bytesOf = HeldRecord.bytesOf.bind(HeldRecord);
    vi.spyOn(HeldRecord, 'bytesOf').mockImplementationOnce((records) => (closeAccountVaults(account), bytesOf(records)));
    await persistence.persist(accountId, account, vault);
    const [cached] = await again.cache.readVaults(accountId);
    expect([cached?.cursor, cached?.items.length]).toEqual(['written after the lock', ITEMS]);
    cached?.file?.close();
  });

  it('stops at a lock between two turns: the load fails and the vault key it opened is disposed', async () => {
    const { again, persistence, asked, original } = await restartedWithCache();
    const disposed = vi.spyOn(SecretBytes.prototype, 'dispose');
    // The account locks once the first turn's items are open (the check before the second turn).
    asked.mockImplementation((localUuid) => {
      if (asked.mock.calls.length === 4) again.lock();
      return original(localUuid);
    });
    disposed.mockClear();
    await expect(persistence.load(accountId)).rejects.toThrow('locked');
    expect(disposed).toHaveBeenCalled();
  });
});
