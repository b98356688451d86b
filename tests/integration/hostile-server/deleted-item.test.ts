/**
 * Attack class: an item deleted, or left out, by the server's own word (issue 18 item 3: "a
 * missing item without a signed deletion … is refused and reported, never applied"). A device
 * deletes an item only on its deletion marker (envelope 0x0B, sealed under the vault key for the
 * vault, the item and the tombstone's version, §8.4). The server here serves tombstones with no
 * marker or with another item's, a forged newer copy, a conflict naming the item deleted, and,
 * after the device's cache is deleted, a full pull without one of the items the device has seen.
 * Each time the device keeps its copy (or, with none left, says an item is missing); a real
 * deletion made on another device of the account still reaches it.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vaultRoutes, type ItemView } from '../../../src/shared/server-api/vault';
import { addLogin, DeviceRefusal, PASSWORD, useHostileServer, type TestDevice } from './hostile-server';
import { login } from '../../support/items';

const hostile = useHostileServer();
let writer: TestDevice;
let reader: TestDevice;
let writerId: string;
let readerId: string;
let vaultId: string;
let bank: string;
let mail: string;
let oldMarker: string;
let mailCopy: ItemView;

beforeAll(async () => {
  const email = 'deleter@example.com';
  const { device, accountId, secretKey } = await hostile.signedUpDevice(email);
  [writer, writerId] = [device, accountId];
  bank = await addLogin(writer, writerId, 'Bank');
  const recorder = hostile.rewriteBody(vaultRoutes.putItem, (body) => ((mailCopy = body.item), body));
  mail = await addLogin(writer, writerId, 'Mail');
  recorder.stop();
  const old = await addLogin(writer, writerId, 'Old');
  vaultId = (await writer.ipc('vault.open', { accountId: writerId })).vaultId;
  expect(await writer.ipc('vault.delete', { accountId: writerId, vaultId, itemId: old, expectedVersion: 1 })).toEqual({ outcome: 'deleted' });
  oldMarker = (hostile.requests(vaultRoutes.deleteItem).at(-1)!.body as { marker: string }).marker;
  reader = await hostile.device();
  readerId = await hostile.signIn(reader, email, secretKey);
});

async function shown() {
  const opened = await reader.ipc('vault.open', { accountId: readerId });
  return { titles: opened.items.map((item) => item.title).sort(), notices: opened.notices };
}

/** `bank` as a tombstone one version above the copy held, with `deletionMarker`. */
const bankTombstone = (items: ItemView[], deletionMarker: string | null): ItemView => {
  const held = items.find((item) => item.itemId === bank);
  return { vaultId, itemId: bank, version: (held?.version ?? 1) + 1, deleted: true, overview: null, details: null, deletionMarker, updatedAt: new Date().toISOString() };
};

const serveBankAs = (forged: (items: ItemView[]) => ItemView) =>
  hostile.rewriteBody(vaultRoutes.changes, (body) => ({ ...body, items: [...body.items.filter((item) => item.itemId !== bank), forged(body.items)] }));

async function restartWithoutCache() {
  reader = await hostile.restart(reader);
  rmSync(join(reader.dataDir, 'cache', readerId, 'vaults'), { recursive: true, force: true });
  await reader.ipc('account.unlock', { accountId: readerId, password: PASSWORD });
}

describe('an item deleted or left out by the server', () => {
  it('control: the reader shows both items, and the item deleted on the writer is not reported', async () => {
    expect(await shown()).toEqual({ titles: ['Bank', 'Mail'], notices: [] });
  });

  for (const [name, marker] of [
    ['no deletion marker', () => null],
    ["another item's real deletion marker", () => oldMarker],
    ['a marker of the wrong shape', () => 'AQs'],
  ] as const) {
    it(`a tombstone with ${name}: refused, reported, and the copy held is kept`, async () => {
      const rule = serveBankAs((items) => bankTombstone(items, marker()));
      const answer = await shown();
      expect(rule.hits).toBeGreaterThan(0);
      expect(answer).toEqual({ titles: ['Bank', 'Mail'], notices: [{ kind: 'refused-item', vaultId }] });
      expect(await reader.ipc('vault.item', { accountId: readerId, vaultId, itemId: bank })).toMatchObject({ fields: login({ title: 'Bank', password: 'Bank password' }) });
    });
  }

  it("a newer copy that does not open (Mail's envelopes under Bank's id and the next version): refused, and Bank is kept", async () => {
    const rule = serveBankAs((items) => ({ ...mailCopy, itemId: bank, version: (items.find((item) => item.itemId === bank)?.version ?? 1) + 1 }));
    expect(await shown()).toEqual({ titles: ['Bank', 'Mail'], notices: [{ kind: 'refused-item', vaultId }] });
    expect(rule.hits).toBeGreaterThan(0);
  });

  it('a conflict answer that names the item deleted, with no marker: the held copy is what the person sees', async () => {
    const rule = hostile.rewrite(vaultRoutes.putItem, () => ({
      status: 409,
      body: { error: { code: 'version_conflict', message: 'The item has changed' }, current: bankTombstone([], null) },
    }));
    const answer = await reader.ipc('vault.save', { accountId: readerId, vaultId, itemId: bank, expectedVersion: 1, fields: login({ title: 'Bank', username: 'me', password: 'edited', urls: [], notes: '' }) });
    expect(rule.hits).toBe(1);
    expect(answer).toMatchObject({ outcome: 'conflict', current: { itemId: bank, fields: login({ title: 'Bank', password: 'Bank password' }) } });
    rule.stop();
    expect(await shown()).toEqual({ titles: ['Bank', 'Mail'], notices: [] });
  });

  it('a page with a refused copy, then a failed page: the next pull asks for the refused page again and takes the real change', async () => {
    const expectedVersion = (await writer.ipc('vault.open', { accountId: writerId })).items.find((item) => item.itemId === bank)!.version;
    const edited = await writer.ipc('vault.save', { accountId: writerId, vaultId, itemId: bank, expectedVersion, fields: login({ title: 'Bank (edited)', username: 'me', password: 'edited', urls: [], notes: '' }) });
    expect(edited.outcome).toBe('saved');
    // The first page swaps the real edit for a copy that does not open and says more follows; the next page fails.
    const forged = hostile.rewriteBody(vaultRoutes.changes, (body) => ({ ...body, hasMore: true, items: body.items.map((item) => (item.itemId === bank ? { ...mailCopy, itemId: bank, version: item.version } : item)) }), { times: 1 });
    const failed = hostile.rewrite(vaultRoutes.changes, () => ({ status: 500, body: { error: { code: 'internal', message: 'Something broke' } } }), { nth: 2 });
    await expect(reader.ipc('vault.open', { accountId: readerId })).rejects.toBeInstanceOf(DeviceRefusal);
    expect([forged.hits, failed.hits]).toEqual([1, 1]);
    hostile.stopAll();
    expect(await shown()).toEqual({ titles: ['Bank (edited)', 'Mail'], notices: [] });
  });

  it('control: a deletion made on the writer (with its marker) reaches the reader', async () => {
    expect(await writer.ipc('vault.delete', { accountId: writerId, vaultId, itemId: mail, expectedVersion: 1 })).toEqual({ outcome: 'deleted' });
    expect(await shown()).toEqual({ titles: ['Bank (edited)'], notices: [] });
  });

  it('control: after a restart with the cache deleted, the honest server brings Bank back, and the deletions are not reported', async () => {
    await restartWithoutCache();
    expect(await shown()).toEqual({ titles: ['Bank (edited)'], notices: [] });
  });

  it('after a restart with the cache deleted, a pull that leaves Bank out: Bank is reported missing, and comes back once the server is honest', async () => {
    await restartWithoutCache();
    const rule = hostile.rewriteBody(vaultRoutes.changes, (body) => ({ ...body, items: body.items.filter((item) => item.itemId !== bank) }));
    const answer = await shown();
    expect(rule.hits).toBeGreaterThan(0);
    expect(answer).toEqual({ titles: [], notices: [{ kind: 'missing-item', vaultId }] });
    // Asked again, the device pulls from the first change again and says so again.
    expect(await shown()).toEqual({ titles: [], notices: [{ kind: 'missing-item', vaultId }] });
    rule.stop();
    expect(await shown()).toEqual({ titles: ['Bank (edited)'], notices: [] });
  });

  it("a deletion the server answers with a tombstone that is not the device's own: refused, and the item goes only when a sync brings the real one", async () => {
    const expectedVersion = (await reader.ipc('vault.open', { accountId: readerId })).items.find((item) => item.itemId === bank)!.version;
    const rule = hostile.rewriteBody(vaultRoutes.deleteItem, (body) => ({ item: { ...body.item, deletionMarker: null } }));
    await expect(reader.ipc('vault.delete', { accountId: readerId, vaultId, itemId: bank, expectedVersion })).rejects.toMatchObject({ code: 'untrusted-key' });
    expect(rule.hits).toBe(1);
    rule.stop();
    // The server did store the deletion with the reader's own marker: the next sync takes it in.
    expect(await shown()).toEqual({ titles: [], notices: [] });
  });

  it('signing the reader out forgets its device state record with its cache', async () => {
    const record = join(reader.dataDir, 'device-state', `${readerId}.bin`);
    expect(existsSync(record)).toBe(true);
    await reader.ipc('account.signOut', { accountId: readerId });
    expect([existsSync(record), existsSync(join(reader.dataDir, 'cache', readerId))]).toEqual([false, false]);
  });
});
