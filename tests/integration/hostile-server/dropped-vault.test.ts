/**
 * Attack class: a vault dropped from a listing. The server leaves the account's own vault out of
 * its vault list. The device does not delete it or its offline cache without a signed removal:
 * it keeps its items readable and shows it as unavailable ("the server did not list it").
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { addLogin, type TestDevice, useHostileServer, vaultCacheFiles } from './hostile-server';

const hostile = useHostileServer();
let device: TestDevice;
let accountId: string;
let privateVault: string;

beforeAll(async () => {
  ({ device, accountId } = await hostile.signedUpDevice('dropped@example.com'));
  await addLogin(device, accountId, 'Bank');
  privateVault = (await device.ipc('vault.open', { accountId })).vaultId;
});

const cached = () => readdirSync(join(device.dataDir, 'cache', accountId, 'vaults')).sort();

async function shown() {
  const opened = await device.ipc('vault.open', { accountId });
  return { vaults: opened.vaults.map((vault) => vault.vaultId), titles: opened.items.map((item) => item.title), notices: opened.notices, cached: cached() };
}

describe('a vault dropped from a listing', () => {
  it('control: the vault is listed, shown with its items and cached', async () => {
    expect(await shown()).toEqual({ vaults: [privateVault], titles: ['Bank'], notices: [], cached: vaultCacheFiles(privateVault) });
  });

  it('left out of the listing: kept with its items and cache, and shown as unavailable', async () => {
    const rule = hostile.rewriteBody(vaultRoutes.list, (body) => ({ ...body, vaults: body.vaults.filter((vault) => vault.vaultId !== privateVault) }));
    const first = await shown();
    const second = await shown();
    expect(rule.hits).toBeGreaterThanOrEqual(2);
    for (const answer of [first, second]) {
      expect(answer).toEqual({ vaults: [privateVault], titles: ['Bank'], notices: [{ kind: 'unavailable-vault', vaultId: privateVault }], cached: vaultCacheFiles(privateVault) });
    }
    expect(hostile.requests(vaultRoutes.create)).toHaveLength(1);
  });
});
