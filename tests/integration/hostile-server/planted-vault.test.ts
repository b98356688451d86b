/**
 * Attack class: a planted vault. The server lists, as the account's own Private vault, a vault
 * whose key it chose (sealed to the account's public X25519 key, which it knows) and leaves the
 * real one out. The device keeps its real Private vault (shown as unavailable, cache kept), refuses
 * the planted one (it is not in the list the account's keyset signed) and tells the user, and a
 * new password still goes to the real vault under the real key.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateVaultKey, sealVaultKey } from '../../../src/main/core/crypto/vault-keys';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { toWire } from '../../../src/main/core/sync/wire';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { addLogin, type TestDevice, useHostileServer, vaultCacheFiles } from './hostile-server';

/** The vault id the server made up for its planted vault (16 bytes as base64url). */
const plantedId = 'cGxhbnRlZC12YXVsdC0xMQ';

const hostile = useHostileServer();
let device: TestDevice;
let accountId: string;
let privateVault: string;
let plantedGrant: string;

beforeAll(async () => {
  await initCrypto();
  ({ device, accountId } = await hostile.signedUpDevice('planted@example.com'));
  await addLogin(device, accountId, 'Bank');
  privateVault = (await device.ipc('vault.open', { accountId })).vaultId;
  const row = await hostile.db.selectFrom('accounts').select('public_key_x25519').where('email', '=', 'planted@example.com').executeTakeFirstOrThrow();
  plantedGrant = toWire(sealVaultKey(generateVaultKey(), plantedId, new Uint8Array(Buffer.from(row.public_key_x25519, 'base64url'))));
});

/** The listing with the real Private vault swapped for the planted one, and an empty change feed for the planted one. */
function plant() {
  const listing = hostile.rewriteBody(vaultRoutes.list, (body) => ({
    ...body,
    vaults: body.vaults.map((vault) => (vault.vaultId === privateVault ? { ...vault, vaultId: plantedId, sealedVaultKey: plantedGrant } : vault)),
  }));
  const feed = hostile.rewrite(vaultRoutes.changes, (answer, request) => (request.params.vaultId === plantedId ? { status: 200, body: { items: [], cursor: '0', hasMore: false } } : answer));
  return { listing, feed };
}

const cached = () => readdirSync(join(device.dataDir, 'cache', accountId, 'vaults')).sort();

describe('a planted vault', () => {
  it('control: the device opens its Private vault with its items, and no warning', async () => {
    const opened = await device.ipc('vault.open', { accountId });
    expect({ vaultId: opened.vaultId, titles: opened.items.map((item) => item.title), notices: opened.notices }).toEqual({ vaultId: privateVault, titles: ['Bank'], notices: [] });
  });

  it('the planted vault is refused and reported; the real Private vault is kept and new passwords go to it', async () => {
    const { listing } = plant();
    const opened = await device.ipc('vault.open', { accountId });
    expect(listing.hits).toBeGreaterThan(0);
    expect(opened.vaults.map((vault) => vault.vaultId)).toEqual([privateVault]);
    expect(opened.items.map((item) => item.title)).toEqual(['Bank']);
    expect(opened.notices).toEqual(expect.arrayContaining([{ kind: 'refused-vault', vaultId: plantedId }, { kind: 'unavailable-vault', vaultId: privateVault }]));
    expect(cached()).toEqual(vaultCacheFiles(privateVault));
    await addLogin(device, accountId, 'Mail');
    expect(hostile.requests(vaultRoutes.putItem).map((request) => request.params.vaultId)).not.toContain(plantedId);
  });
});
