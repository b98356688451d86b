/**
 * Attack class: an item replayed at an old version (issue 18 items 3 and 6). The server answers a
 * sync with a copy of an item it stored earlier, genuinely encrypted by the account at that older
 * version (so it opens). The device refuses it because its device state record has seen a newer
 * version, reports it, and keeps the newer copy it holds; also after a restart with its offline
 * cache deleted, when it holds no copy at all.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ItemView } from '../../../src/shared/server-api/vault';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { addLogin, PASSWORD, useHostileServer, type TestDevice } from './hostile-server';
import { login } from '../../support/items';

const hostile = useHostileServer();
let device: TestDevice;
let accountId: string;
let vaultId: string;
let itemId: string;
let oldCopy: ItemView;

beforeAll(async () => {
  ({ device, accountId } = await hostile.signedUpDevice('rollback@example.com'));
  const saved: ItemView[] = [];
  const recorder = hostile.rewriteBody(vaultRoutes.putItem, (body) => (saved.push(body.item), body));
  itemId = await addLogin(device, accountId, 'Bank');
  vaultId = (await device.ipc('vault.open', { accountId })).vaultId;
  const edited = await device.ipc('vault.save', { accountId, vaultId, itemId, expectedVersion: 1, fields: login({ title: 'Bank (new)', username: 'me', password: 'new password', urls: [], notes: '' }) });
  expect(edited.outcome).toBe('saved');
  recorder.stop();
  oldCopy = saved.find((item) => item.version === 1)!;
  expect(oldCopy).toMatchObject({ itemId, version: 1 });
});

/** Every changes answer carries the old copy of the item instead of the real one. */
const replayOldCopy = () => hostile.rewriteBody(vaultRoutes.changes, (body) => ({ ...body, items: [...body.items.filter((item) => item.itemId !== itemId), oldCopy] }));

async function shown() {
  const opened = await device.ipc('vault.open', { accountId });
  return { titles: opened.items.map((item) => item.title), notices: opened.notices };
}

async function restartWithoutCache() {
  device = await hostile.restart(device);
  rmSync(join(device.dataDir, 'cache', accountId, 'vaults'), { recursive: true, force: true });
  await device.ipc('account.unlock', { accountId, password: PASSWORD });
}

describe('an item replayed at an old version', () => {
  it('control: the newest version is shown, nothing reported', async () => {
    expect(await shown()).toEqual({ titles: ['Bank (new)'], notices: [] });
  });

  it('replayed while the device holds the newer copy: refused, reported, the newer copy kept', async () => {
    const rule = replayOldCopy();
    const answer = await shown();
    expect(rule.hits).toBeGreaterThan(0);
    expect(answer).toEqual({ titles: ['Bank (new)'], notices: [{ kind: 'refused-item', vaultId }] });
    expect(await device.ipc('vault.item', { accountId, vaultId, itemId })).toMatchObject({ version: 2, fields: login({ title: 'Bank (new)', password: 'new password' }) });
  });

  it('control: after a restart with the cache deleted, the honest server brings the newest version back', async () => {
    await restartWithoutCache();
    expect(await shown()).toEqual({ titles: ['Bank (new)'], notices: [] });
  });

  it('replayed after a restart with the cache deleted: refused by the device state record, and the item comes back once the server is honest', async () => {
    await restartWithoutCache();
    const rule = replayOldCopy();
    const answer = await shown();
    expect(rule.hits).toBeGreaterThan(0);
    expect(answer).toEqual({ titles: [], notices: [{ kind: 'refused-item', vaultId }] });
    rule.stop();
    expect(await shown()).toEqual({ titles: ['Bank (new)'], notices: [] });
  });
});
