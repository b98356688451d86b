/**
 * A server that holds its answer: the account locks while the device waits for a page of
 * changes (the proxy keeps the real answer back). The lock cuts the read off at once (the sync
 * fails 'not-unlocked' while the answer is still held), and nothing of that sync reaches the
 * offline cache or the window's 'sync.result' event. Unlocked again (the control), the same
 * pull takes the item in, caches it and reports it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { addLogin, PASSWORD, useHostileServer } from './hostile-server';

const hostile = useHostileServer();
const EMAIL = 'lock-in-flight@example.com';

it('a pull whose answer is held when the account locks is cut off: nothing is cached or reported', async () => {
  const { device: a, accountId, secretKey } = await hostile.signedUpDevice(EMAIL);
  await addLogin(a, accountId, 'Made on A');
  const vaultId = (await a.ipc('vault.open', { accountId })).vaultId;
  const b = await hostile.device();
  await addLogin(b, await hostile.signIn(b, EMAIL, secretKey), 'Made on B');
  const cacheFile = join(a.dataDir, 'cache', accountId, 'vaults', `${vaultId}.vault`);
  const cached = readFileSync(cacheFile);
  const reports = () => a.events.filter((event) => event.name === 'sync.result');
  const reported = reports().length;

  let arrived = () => undefined as void;
  let release = () => undefined as void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const hold = hostile.rewrite(vaultRoutes.changes, async (answer) => (arrived(), await released, answer), { times: 1 });
  const syncing = a.ipc('vault.sync', { accountId, vaultId, query: '' });
  await reached;
  await a.ipc('account.lock', { accountId });
  await expect(syncing).rejects.toMatchObject({ code: 'not-unlocked' });
  release();
  expect(reports()).toHaveLength(reported);
  expect(readFileSync(cacheFile)).toEqual(cached);
  expect(hold.hits).toBe(1);

  await a.ipc('account.unlock', { accountId, password: PASSWORD });
  const synced = await a.ipc('vault.sync', { accountId, vaultId, query: '' });
  expect(synced.items.map((item) => item.title)).toEqual(['Made on A', 'Made on B']);
  expect(reports().at(-1)).toMatchObject({ payload: { accountId, vaults: [{ vaultId, added: 1 }] } });
  expect(readFileSync(cacheFile)).not.toEqual(cached);
});
