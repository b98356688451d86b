/** The offline cache on a real disk: owner-only, atomic, serialized writes, one file per vault, and damaged files read as "no cache". */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OFFLINE_CACHE_FORMAT, OfflineCache, type CachedVault } from '../../../src/main/core/offline/offline-cache';
import { recordDetails, recordHead, recordUpdatedAt, sealRecord } from '../../../src/main/core/offline/sealed-item';
import { HeldRecord, type RecordFile } from '../../../src/main/core/offline/held-record';
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
const record = (itemId: string, version: number) => sealRecord({ itemId, version, overview: 'b3ZlcnZpZXc', details: 'ZGV0YWlscw', updatedAt: '2026-01-01T00:00:00Z' });
const vault = (cursor: string, count: number, vaultId = privateId): CachedVault => ({
  vault: { vaultId, kind: vaultId === privateId ? 'private' : 'shared', role: 'owner', sealedVaultKey: 'c2VhbGVk', attributes: vaultId === privateId ? null : 'bmFtZQ' },
  cursor,
  items: Array.from({ length: count }, (_, i) => item(`item${i}`, 1)),
  file: null,
});
const item = (itemId: string, version: number) => HeldRecord.inMemory(record(itemId, version));
const cursors = async (localUuid: string) => (await cache.readVaults(localUuid)).map((cached) => cached.cursor);
const vaultFile = (vaultId = privateId) => join(root, alice, 'vaults', `${vaultId}.vault`);
/** Where a vault was kept before format 4 (formats 2 and 3). */
const oldVaultFile = (vaultId = privateId) => join(root, alice, 'vaults', `${vaultId}.json`);
/** The private vault's file as a device before format 4 left it: its `.json`, and no `.vault`. */
const writeOldFile = (text: string) => (rmSync(vaultFile(), { force: true }), mkdirSync(join(root, alice, 'vaults'), { recursive: true }), writeFileSync(oldVaultFile(), text));
/** A cached vault with each record as the row it holds, to compare. */
const rowsOf = (cached: CachedVault | undefined) => cached && { vault: cached.vault, cursor: cached.cursor, items: HeldRecord.bytesOf(cached.items).map((record) => { const { itemId, version, overview } = recordHead(record); return [itemId, version, recordUpdatedAt(record), Buffer.from(overview).toString('base64url'), recordDetails(record).toString('base64url')]; }) };

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
    expect(read.sort((a, b) => a.cursor.localeCompare(b.cursor)).map(rowsOf)).toEqual([rowsOf(vault('7', 3)), rowsOf(vault('9', 1, sharedId))]);
    for (const folder of [root, join(root, alice), join(root, alice, 'vaults')]) expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of [join(root, alice, 'account.json'), vaultFile(), vaultFile(sharedId)]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await cache.readVaults(bob)).toEqual([]);
  });

  it('runs writes to one file one after another, a burst costing two writes: the last one wins and no partial file is left', async () => {
    let snapshots = 0;
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.writeVault(alice, privateId, () => (snapshots++, vault(String(i), i)))));
    expect(await cursors(alice)).toEqual(['19']);
    expect(snapshots).toBeLessThanOrEqual(2);
    expect(readdirSync(join(root, alice, 'vaults'))).toEqual([`${privateId}.vault`]);
  });

  it('skips a write whose snapshot is gone by the time it starts', async () => {
    await cache.writeVault(alice, privateId, () => vault('1', 1));
    await cache.writeVault(alice, privateId, () => null);
    expect(await cursors(alice)).toEqual(['1']);
  });

  it('writes a vault as format 4: magic, format, header length, JSON header, then one length-prefixed record per item', async () => {
    await cache.writeVault(alice, privateId, () => vault('7', 2));
    const bytes = readFileSync(vaultFile());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x4c, 0x4b, 0x56, 0x43, 0, 0, 0, 4]));
    const headerEnd = 12 + bytes.readUInt32BE(8);
    expect(JSON.parse(bytes.toString('utf8', 12, headerEnd))).toEqual({ vault: vault('7', 0).vault, cursor: '7', rows: 2 });
    // Each record: u32be(n), then n bytes: u32be(5) "item0", u64be(1), u32be(20) updatedAt, u32be(8) "overview", u32be(7) "details".
    const record = (id: string) => Buffer.concat([u32(4 + 5 + 8 + 4 + 20 + 4 + 8 + 4 + 7), u32(5), Buffer.from(id), u32(0), u32(1), u32(20), Buffer.from('2026-01-01T00:00:00Z'), u32(8), Buffer.from('overview'), u32(7), Buffer.from('details')]);
    expect(bytes.subarray(headerEnd)).toEqual(Buffer.concat([record('item0'), record('item1')]));
  });

  it('still reads a vault file of format 3 (JSON Lines), and writes it back as format 4 in place of it', async () => {
    writeOldFile(lines({}, [row, ['item1', 3, ...row.slice(2)]]));
    const [read] = await cache.readVaults(alice);
    expect(rowsOf(read)).toEqual(rowsOf({ ...vault('1', 0), items: [item('item0', 1), item('item1', 3)] }));
    await cache.writeVault(alice, privateId, () => read!);
    expect(readdirSync(join(root, alice, 'vaults'))).toEqual([`${privateId}.vault`]);
    expect(rowsOf((await cache.readVaults(alice))[0])).toEqual(rowsOf(read));
  });

  it('reads each vault’s grant and cursor from its header alone; null when a file is of an older format or holds another vault', async () => {
    expect(await cache.readVaultHeaders(alice)).toEqual([]);
    await cache.writeVault(alice, privateId, () => vault('7', 3));
    await cache.writeVault(alice, sharedId, () => vault('9', 1, sharedId));
    const headers = await cache.readVaultHeaders(alice);
    expect(headers?.sort((a, b) => a.cursor.localeCompare(b.cursor))).toEqual([vault('7', 0), vault('9', 0, sharedId)].map(({ vault: grant, cursor }) => ({ vault: grant, cursor })));
    // Records damaged past the header are not read here: the whole read (opening the vault) still refuses the file.
    writeFileSync(vaultFile(sharedId), readFileSync(vaultFile(sharedId)).subarray(0, -3));
    expect(await cache.readVaultHeaders(alice)).toHaveLength(2);
    expect(await cursors(alice)).toEqual(['7']);
    // A file named for one vault that holds another.
    writeFileSync(vaultFile(sharedId), readFileSync(vaultFile()));
    expect(await cache.readVaultHeaders(alice)).toBeNull();
    rmSync(vaultFile(sharedId));
    writeOldFile(lines({}, [row]));
    expect(await cache.readVaultHeaders(alice)).toBeNull();
  });

  it('reads the format-4 file when a crash left the format-3 one beside it', async () => {
    await cache.writeVault(alice, privateId, () => vault('new', 1));
    writeFileSync(oldVaultFile(), lines({ cursor: 'old' }, [row]));
    expect(await cursors(alice)).toEqual(['new']);
  });

  it('still reads a vault file of format 2 (one JSON object, the rows in `items`)', async () => {
    writeOldFile(JSON.stringify({ format: 2, vault: vault('5', 0).vault, cursor: '5', items: [row, ['item1', 3, ...row.slice(2)]] }));
    const [read] = await cache.readVaults(alice);
    expect(rowsOf(read)).toEqual(rowsOf({ ...vault('5', 0), items: [item('item0', 1), item('item1', 3)] }));
  });

  it('writes a vault of 100,000 items in chunks and reads each record back', async () => {
    const many: CachedVault = { ...vault('1', 0), items: Array.from({ length: 100_000 }, (_, i) => item(`item${i}`, i + 1)) };
    await cache.writeVault(alice, privateId, () => many);
    const [read] = await cache.readVaults(alice);
    expect(read!.items.length).toBe(100_000);
    expect(recordHead(read!.items[99_999]!.bytes())).toMatchObject({ itemId: 'item99999', version: 100_000 });
    expect(Buffer.concat(HeldRecord.bytesOf(read!.items)).equals(Buffer.concat(HeldRecord.bytesOf(many.items)))).toBe(true);
  });

  it('leaves the records of a format-4 file in it, read back through the handle it was read with, even once a newer file took its name', async () => {
    await cache.writeVault(alice, privateId, () => vault('1', 3));
    const [read] = await cache.readVaults(alice);
    await new OfflineCache(root).writeVault(alice, privateId, () => vault('2', 1));
    expect(rowsOf(read)).toEqual(rowsOf(vault('1', 3)));
    read!.file!.close();
    expect(() => read!.items[0]!.bytes()).toThrow();
  });

  it('moves the records of a write given `adopt` into the new file, handed to it once written; without it they stay where they were', async () => {
    const written = vault('1', 3);
    let adopted: RecordFile | undefined;
    await cache.writeVault(alice, privateId, () => ({ ...written, adopt: (file) => (adopted = file) }));
    expect(rowsOf(written)).toEqual(rowsOf(vault('1', 3)));
    adopted!.close();
    // No longer held in memory: read from the new file, which is closed now.
    expect(() => written.items[2]!.bytes()).toThrow();

    const kept = vault('2', 2);
    await cache.writeVault(alice, privateId, () => kept);
    await cache.writeVault(alice, privateId, () => vault('3', 1));
    expect(rowsOf(kept)).toEqual(rowsOf(vault('2', 2)));
  });

  const row = ['item0', 1, '2026-01-01T00:00:00Z', 'b3ZlcnZpZXc', 'ZGV0YWlscw'];
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
  const file = (changes: Record<string, unknown>) => JSON.stringify({ format: 2, vault: vault('1', 0).vault, cursor: '1', items: [row, row], ...changes });
  const lines = (header: Record<string, unknown>, rows: unknown[]) => [{ format: 3, vault: vault('1', 0).vault, cursor: '1', rows: rows.length, ...header }, ...rows].map((line) => `${JSON.stringify(line)}\n`).join('');
  it.each([
    ['truncated', file({}).slice(0, -20)],
    ['not JSON', 'not json'],
    ['empty', ''],
    ['format 1 (items as objects)', JSON.stringify({ format: 1, ...vault('1', 1) })],
    ['a later format', file({ format: 4 })],
    ['format 3 in JSON with a format of 4', lines({ format: 4 }, [row])],
    ['format 3 with a row fewer than its header says', lines({ rows: 3 }, [row, row])],
    ['format 3 with a row more than its header says', lines({ rows: 1 }, [row, row])],
    ['format 3 with a row line cut short', lines({}, [row, row]).slice(0, -10)],
    ['format 3 with the rows inside the header', lines({ items: [row] }, [row])],
    ['format 3 with a row that is an object', lines({}, [row, { itemId: 'item1' }])],
    ['format 3 with a version that is text', lines({}, [row, ['item1', '1', ...row.slice(2)]])],
    ['format 2 with a row on a line of its own', `${file({})}\n${JSON.stringify(row)}\n`],
    ['an extra key', file({ password: 'hunter2' })],
    ['no cursor', file({ cursor: undefined })],
    ['a vault of an unknown kind', file({ vault: { ...vault('1', 0).vault, kind: 'public' } })],
    // A file holding another vault than its name says could stand in for it.
    ['another vault than its name', file({ vault: vault('1', 0, sharedId).vault })],
    ['items not an array', file({ items: { 0: row } })],
    ['a row that is an object', file({ items: [row, { itemId: 'item1' }] })],
    ['a row with a sixth field', file({ items: [row, [...row, 'extra']] })],
    ['a row with a field missing', file({ items: [row, row.slice(0, 4)] })],
    ['a version that is text', file({ items: [row, ['item1', '1', ...row.slice(2)]] })],
    ['a version that is not whole', file({ items: [row, ['item1', 1.5, ...row.slice(2)]] })],
    ['an envelope that is null', file({ items: [row, [...row.slice(0, 4), null]] })],
    ['an item id that is a number', file({ items: [row, [7, ...row.slice(1)]] })],
  ])('reads a vault file of format 2 or 3 that is %s as no cache for that vault, and keeps the others', async (_label, text) => {
    await cache.writeVault(alice, sharedId, () => vault('2', 1, sharedId));
    writeOldFile(text);
    expect(await cursors(alice)).toEqual(['2']);
  });

  /** The format-4 file of vault('1', 2) (two records of equal size), changed by `damage`; `end`: where its header ends. */
  const damaged = async (damage: (bytes: Buffer, end: number) => Buffer) => {
    await cache.writeVault(alice, privateId, () => vault('1', 2));
    const bytes = readFileSync(vaultFile());
    return damage(bytes, 12 + bytes.readUInt32BE(8));
  };
  const withHeader = (header: Record<string, unknown>) => (bytes: Buffer, end: number) => {
    const json = Buffer.from(JSON.stringify({ vault: vault('1', 0).vault, cursor: '1', rows: 2, ...header }));
    return Buffer.concat([bytes.subarray(0, 8), u32(json.length), json, bytes.subarray(end)]);
  };
  const set = (at: (end: number) => number, value: number) => (bytes: Buffer, end: number) => (bytes.writeUInt32BE(value, at(end)), bytes);
  it.each([
    ['cut inside a record', (bytes: Buffer) => bytes.subarray(0, -3)],
    ['cut at a record boundary (a record fewer than its header says)', (bytes: Buffer, end: number) => bytes.subarray(0, bytes.length - 4 - bytes.readUInt32BE(end))],
    ['cut inside its header', (bytes: Buffer, end: number) => bytes.subarray(0, end - 1)],
    ['followed by a stray byte', (bytes: Buffer) => Buffer.concat([bytes, Buffer.from([0])])],
    ['of format 5', set(() => 4, 5)],
    ['with a header longer than the file', set(() => 8, 1 << 30)],
    ['with a record longer than the file', set((end) => end, 1 << 30)],
    ['with a record whose fields do not fill it', set((end) => end, 50)],
    ['with an item id longer than its record', set((end) => end + 4, 1000)],
    ['with a version past 2^53', set((end) => end + 4 + 4 + 5, 1 << 21)],
    ['with a header of a vault of an unknown kind', withHeader({ vault: { ...vault('1', 0).vault, kind: 'public' } })],
    ['with a header holding an extra key', withHeader({ password: 'hunter2' })],
    ['with a header saying three records', withHeader({ rows: 3 })],
    ['with a header that is not JSON', (bytes: Buffer, end: number) => bytes.fill(0x20, 12, end)],
  ])('reads a format-4 vault file %s as no cache for that vault, keeps the others, and leaves the file as it is', async (_label, damage) => {
    const bytes = Buffer.from(await damaged(damage));
    await cache.writeVault(alice, sharedId, () => vault('2', 1, sharedId));
    writeFileSync(vaultFile(), bytes);
    expect(await cursors(alice)).toEqual(['2']);
    expect(readFileSync(vaultFile()).equals(bytes)).toBe(true);
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

  it('forgets one vault, its title index too, after their pending writes, and keeps the others', async () => {
    await cache.writeVault(alice, sharedId, () => vault('2', 1, sharedId));
    await cache.writeTitleIndex(alice, sharedId, () => Buffer.from('shared index'));
    void cache.writeVault(alice, privateId, () => vault('1', 1));
    void cache.writeTitleIndex(alice, privateId, () => Buffer.from('private index'));
    await cache.removeVault(alice, privateId);
    expect(await cursors(alice)).toEqual(['2']);
    expect(await cache.readTitleIndex(alice, privateId)).toBeNull();
    expect((await cache.readTitleIndex(alice, sharedId))?.toString()).toBe('shared index');
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
