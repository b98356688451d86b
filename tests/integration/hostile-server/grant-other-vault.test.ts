/**
 * Attack class: a grant for another vault id. The server lists a vault with a grant that was
 * sealed for another vault (the sealed plaintext is vault key ‖ vault id, src/main/core/crypto/
 * vault-keys.ts): the account's shared vault B with its Private vault A's grant, or a vault id
 * of the server's choosing with A's grant. The device never opens B (or the made-up vault) with
 * A's key: it is left out, nothing is cached for it, and a vault it already holds keeps its key.
 * Joining a family (every vault key listed is sealed to the family's recovery group) stops there too.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vaultRoutes, type VaultView } from '../../../src/shared/server-api/vault';
import { familyRoutes } from '../../../src/shared/server-api/family';
import { waitForMail } from '../server/recovery-helpers';
import { addLogin, DeviceRefusal, type TestDevice, useHostileServer, vaultCacheFiles } from './hostile-server';

const email = 'grants@example.com';
/** A vault id the server made up: 16 bytes as base64url. */
const madeUpVaultId = 'AAAAAAAAAAAAAAAAAAAAAA';

const hostile = useHostileServer();
let first: TestDevice;
let firstAccount: string;
let secretKey: string;
let privateVault: string;
let sharedVault: string;
let organizerCode: string;

beforeAll(async () => {
  ({ device: first, accountId: firstAccount, secretKey } = await hostile.signedUpDevice(email));
  await addLogin(first, firstAccount, 'Bank');
  privateVault = (await first.ipc('vault.open', { accountId: firstAccount })).vaultId;
  // A shared vault needs a family; an organizer alone is one.
  organizerCode = (await first.ipc('family.create', { accountId: firstAccount, name: 'The Grants' })).family.securityCode;
  sharedVault = (await first.ipc('vault.createShared', { accountId: firstAccount, name: 'Streaming' })).vaultId;
  await addLogin(first, firstAccount, 'Movies', sharedVault);
});

const grantOf = (vaults: VaultView[], vaultId: string) => vaults.find((vault) => vault.vaultId === vaultId)!.sealedVaultKey;

/** Each vault the device shows, by id, with its name and its items' titles. */
async function everything(device: TestDevice, accountId: string): Promise<Record<string, string[]>> {
  const { vaults } = await device.ipc('vault.open', { accountId });
  const titles = async (vaultId: string) => (await device.ipc('vault.open', { accountId, vaultId })).items.map((item) => item.title);
  return Object.fromEntries(await Promise.all(vaults.map(async (vault) => [vault.vaultId, [vault.name, ...(await titles(vault.vaultId))]])));
}

/**
 * The listing the attacks start from: `vaultId` listed with the Private vault's grant, and as a vault whose name is not
 * stored (kind private, role member, so it is not taken for the Private vault): only the vault id sealed in the grant
 * stops the device from opening it with the Private vault's key.
 */
const withPrivateGrant = (vaults: VaultView[], vaultId: string): VaultView => ({ ...vaults.find((vault) => vault.vaultId === privateVault)!, vaultId, kind: 'private', role: 'member', attributes: null });

/** The vaults a device keeps in its offline cache for the account. */
const cachedVaults = (device: TestDevice, accountId: string) => readdirSync(join(device.dataDir, 'cache', accountId, 'vaults')).sort();

/** A new device of the account whose vault listings pass through `tamper` while it opens its vaults. */
async function openThrough(tamper: (vaults: VaultView[]) => VaultView[]) {
  const device = await hostile.device();
  const accountId = await hostile.signIn(device, email, secretKey);
  const rule = hostile.rewriteBody(vaultRoutes.list, (body) => ({ ...body, vaults: tamper(body.vaults) }));
  const shown = await everything(device, accountId);
  rule.stop();
  expect(rule.hits).toBeGreaterThan(0);
  return { shown, cached: cachedVaults(device, accountId) };
}

describe('a grant for another vault id', () => {
  it('control: a new device opens both vaults, each with its items', async () => {
    const { shown, cached } = await openThrough((vaults) => vaults);
    expect(shown).toEqual({ [privateVault]: ['Private', 'Bank'], [sharedVault]: ['Streaming', 'Movies'] });
    expect(cached).toEqual([...vaultCacheFiles(privateVault), ...vaultCacheFiles(sharedVault)].sort());
  });

  it("the shared vault listed with the Private vault's grant: it is left out, and nothing is cached for it", async () => {
    const { shown, cached } = await openThrough((vaults) => vaults.map((vault) => (vault.vaultId === sharedVault ? withPrivateGrant(vaults, sharedVault) : vault)));
    expect(shown).toEqual({ [privateVault]: ['Private', 'Bank'] });
    expect(cached).toEqual(vaultCacheFiles(privateVault));
  });

  it("a vault id the server made up, listed with the Private vault's grant: left out", async () => {
    const { shown, cached } = await openThrough((vaults) => [...vaults, withPrivateGrant(vaults, madeUpVaultId)]);
    expect(shown).toEqual({ [privateVault]: ['Private', 'Bank'], [sharedVault]: ['Streaming', 'Movies'] });
    for (const file of vaultCacheFiles(madeUpVaultId)) expect(cached).not.toContain(file);
  });

  it("a device that holds the shared vault keeps its own key when the listing swaps in the Private vault's grant", async () => {
    const rule = hostile.rewriteBody(vaultRoutes.list, (body) => ({ ...body, vaults: body.vaults.map((vault) => (vault.vaultId === sharedVault ? { ...vault, sealedVaultKey: grantOf(body.vaults, privateVault) } : vault)) }));
    expect(await everything(first, firstAccount)).toEqual({ [privateVault]: ['Private', 'Bank'], [sharedVault]: ['Streaming', 'Movies'] });
    // A write to the shared vault is still sealed under its own key: a device without the attack reads it.
    await addLogin(first, firstAccount, 'Music', sharedVault);
    rule.stop();
    expect(rule.hits).toBeGreaterThan(0);
    const other = await hostile.device();
    const otherAccount = await hostile.signIn(other, email, secretKey);
    expect(await everything(other, otherAccount)).toEqual({ [privateVault]: ['Private', 'Bank'], [sharedVault]: ['Streaming', 'Movies', 'Music'] });
  });
  it("joining a family while the listing carries the Private vault's grant under a made-up vault id: refused, and nothing is sealed to the family", async () => {
    const joinerEmail = 'joiner@example.com';
    const { device: joiner, accountId: joinerId } = await hostile.signedUpDevice(joinerEmail);
    await addLogin(joiner, joinerId, 'Joiner mail');
    const mailBefore = hostile.smtp.messages.length;
    await first.ipc('family.invite', { accountId: firstAccount, email: joinerEmail });
    const inviteToken = /invitation code is: ([A-Za-z0-9_-]{43})/.exec(await waitForMail(hostile.smtp, joinerEmail, /invitation code/, mailBefore))![1]!;
    const joinerVault = (await joiner.ipc('vault.open', { accountId: joinerId })).vaultId;
    const rule = hostile.rewriteBody(vaultRoutes.list, (body) => ({ ...body, vaults: [...body.vaults, { ...body.vaults.find((vault) => vault.vaultId === joinerVault)!, vaultId: madeUpVaultId }] }));
    await expect(joiner.ipc('family.join', { accountId: joinerId, inviteToken, organizerCode })).rejects.toBeInstanceOf(DeviceRefusal);
    expect(rule.hits).toBe(1);
    expect(hostile.requests(familyRoutes.join)).toHaveLength(0);
    rule.stop();
    // Control: the same join through an honest wire.
    expect((await joiner.ipc('family.join', { accountId: joinerId, inviteToken, organizerCode })).family.members.map((member) => member.email)).toContain(joinerEmail);
  });
});
