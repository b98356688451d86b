/**
 * Attack class: a substituted member key. Giving a family member access to a shared vault
 * seals the vault key to the member's public key as the family record lists it. A server that
 * names a key of its own there would get the vault key. Once the owner has compared the
 * member's security code with them and marked it as verified, the device shares only while the
 * member's keys still make that code: any other key is refused (`untrusted-key`), flagged on
 * the "Who has access" screen, and nothing is sealed or sent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { toWire } from '../../../src/main/core/sync/wire';
import { familyRoutes, type FamilyView } from '../../../src/shared/server-api/family';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { trustRecordRoutes } from '../../../src/shared/server-api/trust-record';
import { deviceFamily, type DeviceFamily } from './family-devices';
import { useHostileServer, type TestDevice } from './hostile-server';

const hostile = useHostileServer();
let family: DeviceFamily;
let owner: TestDevice;
let ownerId: string;

beforeAll(async () => {
  await initCrypto();
  family = await deviceFamily(hostile, 'owner@members.example', 'The Members');
  ({ organizer: owner, organizerId: ownerId } = family);
});

/** A new member of the owner's family: their account id on the server. */
const member = async (email: string) => (await family.member(email)).serverId;

/** A keyset the server holds. */
const serversKeys = () => {
  const keyset = generateKeyset('primary');
  return { publicKey: toWire(keyset.boxPublicKey), signPublicKey: toWire(keyset.signPublicKey) };
};

/** The family record with `memberId`'s keys replaced as `substitute` says. */
const withMemberKeys = (memberId: string, substitute: () => Partial<FamilyView['members'][number]>) => (body: { family: FamilyView | null }) => ({
  family: { ...body.family!, members: body.family!.members.map((entry) => (entry.accountId === memberId ? { ...entry, ...substitute() } : entry)) },
});

const attacks = {
  'both keys (a keyset the server holds)': serversKeys,
  'the box key only (the member keeps their signing key)': () => ({ publicKey: serversKeys().publicKey }),
  'the signing key only': () => ({ signPublicKey: serversKeys().signPublicKey }),
};

describe('a substituted member key', () => {
  for (const [index, [name, substitute]] of Object.entries(attacks).entries()) {
    it(`after the owner verified the member, ${name}: flagged, refused with untrusted-key, nothing sealed or sent`, async () => {
      const memberId = await member(`verified${index}@members.example`);
      const vault = await owner.ipc('vault.createShared', { accountId: ownerId, name: `Shared ${index}` });
      const before = await owner.ipc('vault.access', { accountId: ownerId, vaultId: vault.vaultId });
      const shown = before.candidates.find((candidate) => candidate.accountId === memberId)!;
      expect(shown).toMatchObject({ verification: 'not-verified', securityCode: expect.stringMatching(/^([0-9A-Z]{4} ){5}[0-9A-Z]{4}$/) });
      const verified = await owner.ipc('vault.verifyMember', { accountId: ownerId, vaultId: vault.vaultId, memberId, securityCode: shown.securityCode! });
      expect(verified.candidates.find((candidate) => candidate.accountId === memberId)!.verification).toBe('verified');

      const addsBefore = hostile.requests(vaultRoutes.addMember).length;
      const rule = hostile.rewriteBody(familyRoutes.get, withMemberKeys(memberId, substitute));
      const flagged = await owner.ipc('vault.access', { accountId: ownerId, vaultId: vault.vaultId });
      expect(flagged.candidates.find((candidate) => candidate.accountId === memberId)).toMatchObject({ verification: 'keys-changed' });
      await expect(owner.ipc('vault.share', { accountId: ownerId, vaultId: vault.vaultId, memberId })).rejects.toMatchObject({ code: 'untrusted-key' });
      // Marking the substituted code as verified is refused too: it is not the code the person compared.
      await expect(owner.ipc('vault.verifyMember', { accountId: ownerId, vaultId: vault.vaultId, memberId, securityCode: shown.securityCode! })).rejects.toMatchObject({ code: 'untrusted-key' });
      expect(rule.hits).toBeGreaterThan(0);
      expect(hostile.requests(vaultRoutes.addMember)).toHaveLength(addsBefore);
      rule.stop();

      // Control: the same share through an honest wire, sealed to the member's real key.
      const shared = await owner.ipc('vault.share', { accountId: ownerId, vaultId: vault.vaultId, memberId });
      expect(shared.members.find((entry) => entry.accountId === memberId)).toMatchObject({ role: 'member', verification: 'verified' });
      const real = (await owner.ipc('vault.access', { accountId: ownerId, vaultId: vault.vaultId })).members.find((entry) => entry.accountId === memberId)!;
      expect(real.securityCode).toBe(shown.securityCode);
      expect(hostile.requests(vaultRoutes.addMember)).toHaveLength(addsBefore + 1);
    });
  }

  it('a verification the server withholds (it serves no trust record) still holds on the device that made it', async () => {
    const memberId = await member('withheld@members.example');
    const vault = await owner.ipc('vault.createShared', { accountId: ownerId, name: 'Withheld' });
    const shown = (await owner.ipc('vault.access', { accountId: ownerId, vaultId: vault.vaultId })).candidates.find((candidate) => candidate.accountId === memberId)!;
    await owner.ipc('vault.verifyMember', { accountId: ownerId, vaultId: vault.vaultId, memberId, securityCode: shown.securityCode! });
    const addsBefore = hostile.requests(vaultRoutes.addMember).length;
    const withhold = hostile.rewriteBody(trustRecordRoutes.get, () => ({ version: 0, record: null }));
    const rule = hostile.rewriteBody(familyRoutes.get, withMemberKeys(memberId, serversKeys));
    await expect(owner.ipc('vault.share', { accountId: ownerId, vaultId: vault.vaultId, memberId })).rejects.toMatchObject({ code: 'untrusted-key' });
    expect(withhold.hits).toBeGreaterThan(0);
    expect(hostile.requests(vaultRoutes.addMember)).toHaveLength(addsBefore);
    rule.stop();
    withhold.stop();
  });

  it('a member never verified can still be shared with, and is shown as not verified', async () => {
    const memberId = await member('unverified@members.example');
    const vault = await owner.ipc('vault.createShared', { accountId: ownerId, name: 'Unverified' });
    const shared = await owner.ipc('vault.share', { accountId: ownerId, vaultId: vault.vaultId, memberId });
    expect(shared.members.find((entry) => entry.accountId === memberId)).toMatchObject({ verification: 'not-verified' });
    expect(shared.members.find((entry) => entry.role === 'owner')).toMatchObject({ verification: 'you' });
    // Marking needs their code as it is now: text that is not a code, or another person's code, is refused and nothing is kept.
    const putsBefore = hostile.requests(trustRecordRoutes.put).length;
    await expect(owner.ipc('vault.verifyMember', { accountId: ownerId, vaultId: vault.vaultId, memberId, securityCode: 'not a code' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(owner.ipc('vault.verifyMember', { accountId: ownerId, vaultId: vault.vaultId, memberId, securityCode: family.organizerCode })).rejects.toMatchObject({ code: 'untrusted-key' });
    expect(hostile.requests(trustRecordRoutes.put)).toHaveLength(putsBefore);
    expect((await owner.ipc('vault.access', { accountId: ownerId, vaultId: vault.vaultId })).members.find((entry) => entry.accountId === memberId)).toMatchObject({ verification: 'not-verified' });
  });
});
