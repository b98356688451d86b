/**
 * Attack class: a substituted group key. When someone joins a family, the server answers the
 * invitation with the family's recovery group key, to which the joining device then seals every
 * vault key it has. A server that names a key of its own (alone, or with a signature made by
 * keys it holds and listed as the organizer's) would collect them all. The device joins only if
 * the key is signed, for this family and generation, by the organizer whose security code the
 * person typed (told out of band), so it refuses and sends nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateGroupKeyPair, signGroupKey } from '../../../src/main/core/crypto/family-group';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { toWire } from '../../../src/main/core/sync/wire';
import { familyRoutes, type FamilyView } from '../../../src/shared/server-api/family';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { deviceFamily, type DeviceFamily } from './family-devices';
import { addLogin, useHostileServer, type TestDevice } from './hostile-server';

const hostile = useHostileServer();
let family: DeviceFamily;
let organizer: TestDevice;
let organizerId: string;
let organizerCode: string;

beforeAll(async () => {
  await initCrypto();
  family = await deviceFamily(hostile, 'parent@group.example', 'The Keys');
  ({ organizer, organizerId, organizerCode } = family);
});

/** A fresh account with an item, invited to the family: its device and the invitation code. */
const invitee = (email: string) => family.invitee(email, (device, accountId) => addLogin(device, accountId, 'Mail'));

/** A group key the server holds, signed by a keyset the server holds and passed off as the organizer's. */
function serversGroupKey(familyId: string, generation: number, organizerAccountId: string) {
  const group = generateGroupKeyPair();
  const keyset = generateKeyset('primary');
  return {
    publicKey: toWire(group.boxPublicKey),
    signature: toWire(signGroupKey({ familyId, generation, groupPublicKey: group.boxPublicKey }, keyset)),
    signedBy: { accountId: organizerAccountId, boxPublicKey: toWire(keyset.boxPublicKey), signPublicKey: toWire(keyset.signPublicKey) },
  };
}

const attacks = {
    'the group key alone': (body: { familyId: string; recoveryGroup: { generation: number; signedBy: { accountId: string } | null } }) => ({
      publicKey: serversGroupKey(body.familyId, body.recoveryGroup.generation, body.recoveryGroup.signedBy!.accountId).publicKey,
    }),
    'the group key with a signature by keys listed as the organizer\'s': (body: { familyId: string; recoveryGroup: { generation: number; signedBy: { accountId: string } | null } }) =>
      serversGroupKey(body.familyId, body.recoveryGroup.generation, body.recoveryGroup.signedBy!.accountId),
    'no signature at all': () => ({ signature: null, signedBy: null }),
};

describe('a substituted group key', () => {
  for (const [index, [name, substitute]] of Object.entries(attacks).entries()) {
    it(`at join, ${name}: refused with untrusted-key, and nothing is sealed or sent to the family`, async () => {
      const { device, accountId, inviteToken } = await invitee(`joiner${index}@group.example`);
      const joinsBefore = hostile.requests(familyRoutes.join).length;
      const rule = hostile.rewriteBody(familyRoutes.invitation, (body) => ({ ...body, recoveryGroup: { ...body.recoveryGroup, ...substitute(body) } }));
      await expect(device.ipc('family.join', { accountId, inviteToken, organizerCode })).rejects.toMatchObject({ code: 'untrusted-key' });
      expect(rule.hits).toBe(1);
      expect(hostile.requests(familyRoutes.join)).toHaveLength(joinsBefore);
      rule.stop();
      // Control: the same join through an honest wire.
      const joined = await device.ipc('family.join', { accountId, inviteToken, organizerCode });
      expect(joined.family.role).toBe('member');
    });
  }

  it('at join, a security code that is not the signing organizer\'s: refused, even with the real key and signature', async () => {
    const { device, accountId, inviteToken } = await invitee('wrong-code@group.example');
    const { device: stranger, accountId: strangerId } = await hostile.signedUpDevice('stranger@group.example');
    const strangersCode = (await stranger.ipc('family.create', { accountId: strangerId, name: 'Other' })).family.securityCode;
    expect(strangersCode).not.toBe(organizerCode);
    const joinsBefore = hostile.requests(familyRoutes.join).length;
    await expect(device.ipc('family.join', { accountId, inviteToken, organizerCode: strangersCode })).rejects.toMatchObject({ code: 'untrusted-key' });
    expect(hostile.requests(familyRoutes.join)).toHaveLength(joinsBefore);
    // Control: the organizer's own code, typed loosely.
    expect((await device.ipc('family.join', { accountId, inviteToken, organizerCode: organizerCode.toLowerCase().replaceAll(' ', '-') })).family.role).toBe('member');
  });
});

/** A member who joined honestly, trusting the organizer's security code. */
const member = (email: string) => family.member(email);

/** The family record with its group key replaced as `substitute` says. */
const withGroupKey = (substitute: (body: { familyId: string; recoveryGroup: FamilyView['recoveryGroup'] }) => object) => (body: { family: FamilyView | null }) =>
  ({ family: { ...body.family!, recoveryGroup: { ...body.family!.recoveryGroup, ...substitute(body.family!) } } });

describe('a substituted group key at every seal, not only at joining', () => {
  for (const [index, [name, substitute]] of Object.entries(attacks).entries()) {
    it(`a new vault with ${name}: refused with untrusted-key, and no vault (nor its sealed key) is sent`, async () => {
      const { device, accountId } = await member(`maker${index}@group.example`);
      const createsBefore = hostile.requests(vaultRoutes.create).length;
      const rule = hostile.rewriteBody(familyRoutes.get, withGroupKey(substitute as never));
      await expect(device.ipc('vault.createShared', { accountId, name: 'Holidays' })).rejects.toMatchObject({ code: 'untrusted-key' });
      expect(rule.hits).toBeGreaterThan(0);
      expect(hostile.requests(vaultRoutes.create)).toHaveLength(createsBefore);
      rule.stop();
      // Control: the same vault through an honest wire, its key sealed to the real group key.
      const made = await device.ipc('vault.createShared', { accountId, name: 'Holidays' });
      expect(made.name).toBe('Holidays');
      const sent = hostile.requests(vaultRoutes.create).at(-1)!.body as { recoveryGrant?: { sealedVaultKey: string } };
      expect(sent.recoveryGrant?.sealedVaultKey).toEqual(expect.any(String));
    });
  }

  it('a rotated group key signed by the trusted organizer is accepted; one signed by an organizer this member never trusted is refused', async () => {
    const { device, accountId } = await member('rotation-member@group.example');
    const second = await member('second-organizer@group.example');
    const third = await member('third-organizer@group.example');
    const organizerServerId = (await organizer.ipc('family.get', { accountId: organizerId })).family!.you;
    await organizer.ipc('family.setRole', { accountId: organizerId, memberId: second.serverId, role: 'organizer' });
    let served: FamilyView['recoveryGroup'] | undefined;
    const watch = hostile.rewriteBody(familyRoutes.get, (body) => ((served = body.family?.recoveryGroup), body));
    await device.ipc('family.get', { accountId });
    const generation = served!.generation;
    // The organizer the member trusts removes another organizer: a new group key, signed by them.
    await organizer.ipc('family.remove', { accountId: organizerId, memberId: second.serverId });
    expect((await device.ipc('vault.createShared', { accountId, name: 'After rotation' })).name).toBe('After rotation');
    expect(served).toMatchObject({ generation: generation + 1, signedBy: { accountId: organizerServerId } });
    // An organizer the member never checked (made one after the member joined) rotates the key.
    await organizer.ipc('family.setRole', { accountId: organizerId, memberId: third.serverId, role: 'organizer' });
    await third.device.ipc('family.remove', { accountId: third.accountId, memberId: organizerServerId });
    const createsBefore = hostile.requests(vaultRoutes.create).length;
    await expect(device.ipc('vault.createShared', { accountId, name: 'Unchecked' })).rejects.toMatchObject({ code: 'untrusted-key' });
    expect(hostile.requests(vaultRoutes.create)).toHaveLength(createsBefore);
    expect(served).toMatchObject({ generation: generation + 2, signedBy: { accountId: third.serverId } });
    watch.stop();
    // The member checks the new organizer's code (told out of band): their rotation is accepted from then on.
    const thirdsCode = (await third.device.ipc('family.get', { accountId: third.accountId })).family!.securityCode;
    // A code that is no organizer's now (the first organizer was removed) is refused.
    await expect(device.ipc('family.trustOrganizer', { accountId, organizerCode })).rejects.toMatchObject({ code: 'untrusted-key' });
    await device.ipc('family.trustOrganizer', { accountId, organizerCode: thirdsCode.toLowerCase() });
    expect((await device.ipc('vault.createShared', { accountId, name: 'Checked' })).name).toBe('Checked');
    expect(hostile.requests(vaultRoutes.create)).toHaveLength(createsBefore + 1);
  });
});
