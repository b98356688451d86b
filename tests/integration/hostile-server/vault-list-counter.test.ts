/**
 * Attack class: the signed vault list's counter goes down. The server
 * answers with an older list the account really signed (counter 1, from before it made a shared
 * vault). The device refuses a list below the highest counter it has seen and reports it; also
 * after a restart, when only its device state record remembers the counter.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { addLogin, PASSWORD, useHostileServer, type TestDevice } from './hostile-server';

const hostile = useHostileServer();
let device: TestDevice;
let accountId: string;
let oldList: { signedList: string | null; counter: number };

beforeAll(async () => {
  ({ device, accountId } = await hostile.signedUpDevice('counter@example.com'));
  const lists: (typeof oldList)[] = [];
  const recorder = hostile.rewriteBody(vaultRoutes.signedList, (body) => (lists.push(body), body));
  // Adding a login opens the Private vault (signing list 1) and caches it; the open after reads list 1 back.
  await addLogin(device, accountId, 'Bank');
  await device.ipc('vault.open', { accountId });
  recorder.stop();
  oldList = lists.at(-1)!;
  expect(oldList.counter).toBe(1);
  await device.ipc('family.create', { accountId, name: 'The Counters' });
  await device.ipc('vault.createShared', { accountId, name: 'Streaming' });
});

/** Every signed list answer is the old one, at counter 1. */
const serveOldList = () => hostile.rewriteBody(vaultRoutes.signedList, () => oldList);

async function shown() {
  const opened = await device.ipc('vault.open', { accountId });
  return { vaults: opened.vaults.map((vault) => vault.name), notices: opened.notices };
}

async function restart() {
  device = await hostile.restart(device);
  await device.ipc('account.unlock', { accountId, password: PASSWORD });
}

describe('a signed vault list whose counter goes down', () => {
  it('control: the newest list (counter 2) is accepted, both vaults shown, nothing reported', async () => {
    expect(await shown()).toEqual({ vaults: ['Private', 'Streaming'], notices: [] });
  });

  it('an older list in the same run: refused and reported', async () => {
    const rule = serveOldList();
    const answer = await shown();
    expect(rule.hits).toBeGreaterThan(0);
    expect(answer.notices).toContainEqual({ kind: 'refused-list', vaultId: null });
  });

  it('control: after a restart the honest list is accepted, nothing reported', async () => {
    await restart();
    expect(await shown()).toEqual({ vaults: ['Private', 'Streaming'], notices: [] });
  });

  it('an older list after a restart: refused by the device state record and reported', async () => {
    await restart();
    const signedBefore = hostile.requests(vaultRoutes.putSignedList).length;
    const rule = serveOldList();
    const answer = await shown();
    expect(rule.hits).toBeGreaterThan(0);
    expect(answer).toEqual({ vaults: ['Private', 'Streaming'], notices: [{ kind: 'refused-list', vaultId: null }] });
    // Nothing was signed on top of the old list.
    expect(hostile.requests(vaultRoutes.putSignedList)).toHaveLength(signedBefore);
  });

  it('an older list on a device with no cached copy: no vault is made in place of the real ones, and the person is told why', async () => {
    await restart();
    rmSync(join(device.dataDir, 'cache', accountId, 'vaults'), { recursive: true, force: true });
    device = await hostile.restart(device);
    await device.ipc('account.unlock', { accountId, password: PASSWORD });
    const made = hostile.requests(vaultRoutes.create).length;
    const rule = serveOldList();
    await expect(device.ipc('vault.open', { accountId })).rejects.toMatchObject({ code: 'untrusted-key' });
    expect(rule.hits).toBeGreaterThan(0);
    expect(hostile.requests(vaultRoutes.create)).toHaveLength(made);
    rule.stop();
    expect(await shown()).toEqual({ vaults: ['Private', 'Streaming'], notices: [] });
  });
});
