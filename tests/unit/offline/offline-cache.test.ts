/** The offline cache on a real disk: owner-only, atomic, serialized writes, one file per vault, and damaged files read as "no cache". */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OFFLINE_CACHE_FORMAT, OfflineCache, type CachedVault } from '../../../src/main/core/offline/offline-cache';
import type { AccountState } from '../../../src/shared/server-api/account';

const alice = '00000000-0000-4000-8000-0000000000a1';
const bob = '00000000-0000-4000-8000-0000000000b2';
const state: AccountState = {
  accountId: 'acct_1',
  email: 'alice@example.com',
  twoFactorRequired: false,
  kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 4, salt: 'c2FsdHNhbHRzYWx0c2FsdA' },
  wrappedAccountKey: 'd3JhcHBlZA',
  publicKeys: { x25519: 'eA', ed25519: 'ZQ' },
  encryptedKeyset: 'a2V5c2V0',
};
const privateId = 'privatevaultAAAAAAAAAA';
const sharedId = 'sharedvaultAAAAAAAAAAA';
const item = (itemId: string, version: number) => ({ vaultId: privateId, itemId, version, deleted: false, overview: 'b3ZlcnZpZXc', details: 'ZGV0YWlscw', deletionMarker: null, updatedAt: '2026-01-01T00:00:00Z' });
const vault = (cursor: string, count: number, vaultId = privateId): CachedVault => ({
  vault: { vaultId, kind: vaultId === privateId ? 'private' : 'shared', role: 'owner', sealedVaultKey: 'c2VhbGVk', attributes: vaultId === privateId ? null : 'bmFtZQ' },
  cursor,
  items: Array.from({ length: count }, (_, i) => item(`item${i}`, 1)),
});
const cursors = async (localUuid: string) => (await cache.readVaults(localUuid)).map((cached) => cached.cursor);
const vaultFile = (vaultId = privateId) => join(root, alice, 'vaults', `${vaultId}.json`);

let root: string;
let cache: OfflineCache;
beforeEach(() => {
  root = join(mkdtempSync(join(tmpdir(), 'latchkey-cache-')), 'cache');
  cache = new OfflineCache(root);
});
afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

describe('OfflineCache', () => {
  it('round-trips the account state and each vault, in owner-only folders and files', async () => {
    await cache.writeAccount(alice, state);
    await cache.writeVault(alice, privateId, () => vault('7', 3));
    await cache.writeVault(alice, sharedId, () => vault('9', 1, sharedId));
    expect(await cache.readAccount(alice)).toEqual(state);
    const read = await cache.readVaults(alice);
    expect(read.sort((a, b) => a.cursor.localeCompare(b.cursor))).toEqual([
      vault('7', 3),
      { ...vault('9', 1, sharedId), items: [{ ...item('item0', 1), vaultId: sharedId }] },
    ]);
    for (const folder of [root, join(root, alice), join(root, alice, 'vaults')]) expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of [join(root, alice, 'account.json'), vaultFile(), vaultFile(sharedId)]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await cache.readVaults(bob)).toEqual([]);
  });

  it('runs writes to one file one after another, a burst costing two writes: the last one wins and no partial file is left', async () => {
    let snapshots = 0;
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.writeVault(alice, privateId, () => (snapshots++, vault(String(i), i)))));
    expect(await cursors(alice)).toEqual(['19']);
    expect(snapshots).toBeLessThanOrEqual(2);
    expect(readdirSync(join(root, alice, 'vaults'))).toEqual([`${privateId}.json`]);
  });

  it('skips a write whose snapshot is gone by the time it starts', async () => {
    await cache.writeVault(alice, privateId, () => vault('1', 1));
    await cache.writeVault(alice, privateId, () => null);
    expect(await cursors(alice)).toEqual(['1']);
  });

  it('writes a vault as format 3: a header line, then one line per item, [itemId, version, updatedAt, overview, details]', async () => {
    await cache.writeVault(alice, privateId, () => vault('7', 2));
    const lines = readFileSync(vaultFile(), 'utf8').split('\n');
    expect(lines.map((line) => (line === '' ? '' : (JSON.parse(line) as unknown)))).toEqual([
      { format: 3, vault: vault('7', 0).vault, cursor: '7', rows: 2 },
      ['item0', 1, '2026-01-01T00:00:00Z', 'b3ZlcnZpZXc', 'ZGV0YWlscw'],
      ['item1', 1, '2026-01-01T00:00:00Z', 'b3ZlcnZpZXc', 'ZGV0YWlscw'],
      '',
    ]);
  });

  it('still reads a vault file of format 2 (one JSON object, the rows in `items`)', async () => {
    await cache.writeVault(alice, privateId, () => vault('1', 1));
    writeFileSync(vaultFile(), JSON.stringify({ format: 2, vault: vault('5', 0).vault, cursor: '5', items: [row, ['item1', 3, ...row.slice(2)]] }));
    const [read] = await cache.readVaults(alice);
    expect(read).toEqual({ ...vault('5', 0), items: [item('item0', 1), item('item1', 3)] });
  });

  it('refuses to write a tombstone, and keeps the file it had', async () => {
    await cache.writeVault(alice, privateId, () => vault('1', 1));
    const tombstone = { ...item('gone', 2), deleted: true, overview: null, details: null };
    await expect(cache.writeVault(alice, privateId, () => ({ ...vault('2', 1), items: [tombstone] }))).rejects.toThrow('live items only');
    expect(await cursors(alice)).toEqual(['1']);
  });

  const row = ['item0', 1, '2026-01-01T00:00:00Z', 'b3ZlcnZpZXc', 'ZGV0YWlscw'];
  const file = (changes: Record<string, unknown>) => JSON.stringify({ format: 2, vault: vault('1', 0).vault, cursor: '1', items: [row, row], ...changes });
  const lines = (header: Record<string, unknown>, rows: unknown[]) => [{ format: OFFLINE_CACHE_FORMAT, vault: vault('1', 0).vault, cursor: '1', rows: rows.length, ...header }, ...rows].map((line) => `${JSON.stringify(line)}\n`).join('');
  it.each([
    ['truncated', file({}).slice(0, -20)],
    ['not JSON', 'not json'],
    ['empty', ''],
    ['format 1 (items as objects)', JSON.stringify({ format: 1, ...vault('1', 1) })],
    ['a later format', file({ format: 4 })],
    ['format 3 with a row fewer than its header says', lines({ rows: 3 }, [row, row])],
    ['format 3 with a row more than its header says', lines({ rows: 1 }, [row, row])],
    ['format 3 with a row line cut short', lines({}, [row, row]).slice(0, -10)],
    ['format 3 with the rows inside the header', lines({ items: [row] }, [row])],
    ['format 3 with a row that is an object', lines({}, [row, item('item1', 1)])],
    ['format 3 with a version that is text', lines({}, [row, ['item1', '1', ...row.slice(2)]])],
    ['format 2 with a row on a line of its own', `${file({})}\n${JSON.stringify(row)}\n`],
    ['an extra key', file({ password: 'hunter2' })],
    ['no cursor', file({ cursor: undefined })],
    ['a vault of an unknown kind', file({ vault: { ...vault('1', 0).vault, kind: 'public' } })],
    // A file holding another vault than its name says could stand in for it.
    ['another vault than its name', file({ vault: vault('1', 0, sharedId).vault })],
    ['items not an array', file({ items: { 0: row } })],
    ['a row that is an object', file({ items: [row, item('item1', 1)] })],
    ['a row with a sixth field', file({ items: [row, [...row, 'extra']] })],
    ['a row with a field missing', file({ items: [row, row.slice(0, 4)] })],
    ['a version that is text', file({ items: [row, ['item1', '1', ...row.slice(2)]] })],
    ['a version that is not whole', file({ items: [row, ['item1', 1.5, ...row.slice(2)]] })],
    ['an envelope that is null', file({ items: [row, [...row.slice(0, 4), null]] })],
    ['an item id that is a number', file({ items: [row, [7, ...row.slice(1)]] })],
  ])('reads a vault file that is %s as no cache for that vault, and keeps the others', async (_label, text) => {
    await cache.writeVault(alice, privateId, () => vault('1', 1));
    await cache.writeVault(alice, sharedId, () => vault('2', 1, sharedId));
    writeFileSync(vaultFile(), text);
    expect(await cursors(alice)).toEqual(['2']);
  });

  it('reads an account file of another format, or with an extra key, as no cache', async () => {
    await cache.writeAccount(alice, state);
    writeFileSync(join(root, alice, 'account.json'), JSON.stringify({ format: 1, account: state }));
    expect(await cache.readAccount(alice)).toBeNull();
    writeFileSync(join(root, alice, 'account.json'), JSON.stringify({ format: OFFLINE_CACHE_FORMAT, account: state, secretKey: 'K1-…' }));
    expect(await cache.readAccount(alice)).toBeNull();
    writeFileSync(join(root, alice, 'account.json'), JSON.stringify({ format: OFFLINE_CACHE_FORMAT, account: state }).slice(0, -2));
    expect(await cache.readAccount(alice)).toBeNull();
  });

  it('forgets one vault, after its pending write, and keeps the others', async () => {
    await cache.writeVault(alice, sharedId, () => vault('2', 1, sharedId));
    void cache.writeVault(alice, privateId, () => vault('1', 1));
    await cache.removeVault(alice, privateId);
    expect(await cursors(alice)).toEqual(['2']);
  });

  it('answers a vault read started ahead once, and never a stale one: a write or a removal after it drops it', async () => {
    await cache.writeVault(alice, privateId, () => vault('1', 1));
    cache.readVaultsAhead(alice);
    expect(await cursors(alice)).toEqual(['1']);
    // Used once: the next read goes to the disk again.
    await new OfflineCache(root).writeVault(alice, privateId, () => vault('changed on disk', 1));
    expect(await cursors(alice)).toEqual(['changed on disk']);

    cache.readVaultsAhead(alice);
    await cache.writeVault(alice, privateId, () => vault('2', 2));
    expect(await cursors(alice)).toEqual(['2']);

    cache.readVaultsAhead(alice);
    await cache.removeVault(alice, privateId);
    expect(await cursors(alice)).toEqual([]);

    await cache.writeVault(alice, privateId, () => vault('3', 1));
    cache.readVaultsAhead(alice);
    await cache.remove(alice);
    expect(await cursors(alice)).toEqual([]);
  });

  it("removes one account's cache after its pending writes, and leaves the others", async () => {
    await cache.writeAccount(bob, state);
    void cache.writeVault(alice, privateId, () => vault('1', 1));
    await cache.remove(alice);
    expect(readdirSync(root)).toEqual([bob]);
    expect(await cache.readAccount(bob)).toEqual(state);
  });

  it('refuses an account id that is not a uuid, or a vault id that is not one, so no path leaves the cache folder', async () => {
    await expect(cache.writeAccount('../../etc', state)).rejects.toThrow();
    await expect(cache.remove('..')).rejects.toThrow();
    await expect(cache.writeVault(alice, '../../../../etc/passwd', () => vault('1', 1))).rejects.toThrow();
    await expect(cache.removeVault(alice, '../account')).rejects.toThrow();
    expect(statSync(root, { throwIfNoEntry: false })).toBeUndefined();
  });
});
