/**
 * Shared vaults on the real server, on each database: a family member makes one (with its
 * encrypted name and its recovery grant), gives another member access with the vault key sealed
 * to their current public key, and takes it away again. And what the API refuses: anyone outside
 * the family, a member who is not the owner, a private vault, a stale public key, a second grant,
 * bad input (changing nothing); and how access meets an organizer recovery under way.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { createFamily, createVault, invite, join, memberReset, person, sealed, type Person } from './family-helpers';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { type Api, expectError, fakeBlob, fakeEnvelope, randomSecret, snapshot, withTestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const members = (api: Api, vaultId: string, caller: Person) => api.get(`/v1/vaults/${vaultId}/members`, caller.token);
const share = (api: Api, vaultId: string, owner: Person, to: { accountId: string; publicKey: string }) =>
  api.post(`/v1/vaults/${vaultId}/members`, { accountId: to.accountId, publicKey: to.publicKey, sealedVaultKey: sealed() }, owner.token);
const unshare = (api: Api, vaultId: string, owner: Person, memberId: string) => api.call('DELETE', `/v1/vaults/${vaultId}/members/${memberId}`, undefined, owner.token);
const putItem = (api: Api, vaultId: string, caller: Person) => api.call('PUT', `/v1/vaults/${vaultId}/items/${fakeBlob(16)}`, { expectedVersion: 0, overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256), details: fakeEnvelope(EnvelopeKind.PaddedItemDetails, 256) }, caller.token);
const publicKeyOf = async (api: Api, who: Person) => (await api.get('/v1/account', who.token)).body.publicKeys.x25519 as string;

describe.each(testDatabases)('shared vaults on $name', (database) => {
  const withServer = (test: Parameters<typeof withTestServer>[2]) => withTestServer(database, smtp, test);

  /** An organizer and a member of one family, each with a Private vault, and someone outside it. */
  async function family(api: Api) {
    const organizer = await person(api, smtp, 'parent@family.example');
    const member = await person(api, smtp, 'kid@family.example');
    const outsider = await person(api, smtp, 'neighbour@example.com');
    const { vaultId: organizerPrivate } = await createVault(api, organizer);
    const { vaultId: memberPrivate } = await createVault(api, member);
    const { recoveryGroup } = await createFamily(api, organizer, [organizerPrivate]);
    expect((await join(api, member, await invite(api, smtp, organizer, member.email), [memberPrivate])).status).toBe(200);
    const grant = () => ({ keyId: recoveryGroup.keyId, sealedVaultKey: sealed() });
    return { organizer, member, outsider, organizerPrivate, memberPrivate, grant };
  }

  it('a member makes a shared vault, gives another member access and takes it away; only the owner can, and only with family members', () =>
    withServer(async ({ api, db }) => {
      const { organizer, member, outsider, memberPrivate, grant } = await family(api);
      const attributes = { attributes: fakeEnvelope(EnvelopeKind.VaultAttributes, 60) };

      // Outside a family there is nothing to share with.
      const before = await snapshot(db);
      expectError((await createVault(api, outsider, undefined, attributes)).created, 400, 'invalid_request');
      expect(await snapshot(db)).toEqual(before);
      expect((await api.get('/v1/vaults', outsider.token)).body.canShare).toBe(false);

      const { vaultId, created } = await createVault(api, member, grant(), attributes);
      expect(created.status).toBe(201);
      expect(created.body.vault).toMatchObject({ vaultId, kind: 'shared', role: 'owner', attributes: attributes.attributes });
      const listed = (await api.get('/v1/vaults', member.token)).body;
      expect(listed.canShare).toBe(true);
      expect(listed.vaults.map((vault: { kind: string }) => vault.kind).sort()).toEqual(['private', 'shared']);

      // Refused, each changing nothing: bad input, someone outside the family, a stale key, a private vault, the wrong caller.
      const organizerKey = { accountId: organizer.accountId, publicKey: await publicKeyOf(api, organizer) };
      const unchanged = await snapshot(db, ['audit_events', 'rate_limits']);
      expectError(await api.post(`/v1/vaults/${vaultId}/members`, { accountId: 'not-an-id', publicKey: organizerKey.publicKey, sealedVaultKey: sealed() }, member.token), 400, 'invalid_request');
      expectError(await api.post(`/v1/vaults/${vaultId}/members`, { ...organizerKey, sealedVaultKey: 'x' }, member.token), 400, 'invalid_request');
      expectError(await api.post(`/v1/vaults/${vaultId}/members`, { ...organizerKey, sealedVaultKey: sealed(), role: 'owner' }, member.token), 400, 'invalid_request');
      expectError(await api.post(`/v1/vaults/not-a-vault/members`, { ...organizerKey, sealedVaultKey: sealed() }, member.token), 400, 'invalid_request');
      expectError(await share(api, vaultId, member, { accountId: outsider.accountId, publicKey: await publicKeyOf(api, outsider) }), 404, 'not_found');
      expectError(await share(api, vaultId, member, { ...organizerKey, publicKey: fakeBlob(32) }), 409, 'stale_public_key');
      expectError(await share(api, memberPrivate, member, organizerKey), 400, 'not_shared');
      expectError(await share(api, vaultId, outsider, organizerKey), 404, 'not_found');
      expectError(await members(api, vaultId, organizer), 404, 'not_found');
      expectError(await putItem(api, vaultId, organizer), 404, 'not_found');
      expect(await snapshot(db, ['audit_events', 'rate_limits'])).toEqual(unchanged);

      const shared = await share(api, vaultId, member, organizerKey);
      expect(shared.status).toBe(201);
      expect(shared.body.members).toEqual([
        { accountId: member.accountId, email: member.email, role: 'owner' },
        { accountId: organizer.accountId, email: organizer.email, role: 'member' },
      ]);
      expectError(await share(api, vaultId, member, organizerKey), 409, 'already_member');
      // The organizer now lists, reads and writes the vault, but cannot change who has access.
      expect((await api.get('/v1/vaults', organizer.token)).body.vaults).toContainEqual(expect.objectContaining({ vaultId, kind: 'shared', role: 'member', attributes: attributes.attributes }));
      expect((await putItem(api, vaultId, organizer)).status).toBe(200);
      expect((await members(api, vaultId, organizer)).body.members).toHaveLength(2);
      expectError(await unshare(api, vaultId, organizer, member.accountId), 403, 'not_vault_owner');
      expectError(await unshare(api, vaultId, member, member.accountId), 400, 'invalid_request');

      const removed = await unshare(api, vaultId, member, organizer.accountId);
      expect(removed.status).toBe(200);
      expect(removed.body.members).toEqual([{ accountId: member.accountId, email: member.email, role: 'owner' }]);
      expectError(await unshare(api, vaultId, member, organizer.accountId), 404, 'not_found');
      expect((await api.get('/v1/vaults', organizer.token)).body.vaults.map((vault: { vaultId: string }) => vault.vaultId)).not.toContain(vaultId);
      expectError(await putItem(api, vaultId, organizer), 404, 'not_found');
      const events = await db.selectFrom('audit_events').select('event').where('event', 'like', 'vault.%').execute();
      expect(events.map((row) => row.event).sort()).toEqual(['vault.member_added', 'vault.member_removed']);
    }));

  it('access to a shared vault during an organizer recovery: set aside with the member, given back at completion unless the owner took it away meanwhile', () =>
    withServer(async ({ api }) => {
      const { organizer, member, memberPrivate, grant } = await family(api);
      const before = { accountId: member.accountId, publicKey: await publicKeyOf(api, member) };
      const { vaultId: kept } = await createVault(api, organizer, grant(), { attributes: fakeEnvelope(EnvelopeKind.VaultAttributes, 60) });
      const { vaultId: takenAway } = await createVault(api, organizer, grant(), { attributes: fakeEnvelope(EnvelopeKind.VaultAttributes, 60) });
      for (const vaultId of [kept, takenAway]) expect((await share(api, vaultId, organizer, before)).status).toBe(201);

      const { recovery } = (await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token)).body;
      const { reset, keys } = await memberReset(api, smtp, member.email, randomSecret());
      expect(reset.status).toBe(200);
      // Set aside, the membership still counts: no second grant to the member's new key.
      expectError(await share(api, kept, organizer, { accountId: member.accountId, publicKey: keys.publicKeys.x25519 }), 409, 'already_member');
      expect((await unshare(api, takenAway, organizer, member.accountId)).status).toBe(200);

      const pending = (await api.get(`/v1/family/recoveries/${recovery.recoveryId}/vaults`, organizer.token)).body;
      expect(pending.vaults.map((vault: { vaultId: string }) => vault.vaultId).sort()).toEqual([memberPrivate, kept].sort());
      const completed = await api.post(
        `/v1/family/recoveries/${recovery.recoveryId}/complete`,
        { memberPublicKey: pending.memberPublicKey, vaultKeys: pending.vaults.map(({ vaultId }: { vaultId: string }) => ({ vaultId, sealedVaultKey: sealed() })) },
        organizer.token,
      );
      expect(completed.status).toBe(200);
      expect((await members(api, kept, organizer)).body.members.map((m: { email: string }) => m.email)).toEqual([organizer.email, member.email]);
      expect((await members(api, takenAway, organizer)).body.members.map((m: { email: string }) => m.email)).toEqual([organizer.email]);
    }));

  it('a member removed from the family takes the vaults they made with them: the others lose access; and no one is removed while their vaults wait for an organizer', () =>
    withServer(async ({ api, db }) => {
      const { organizer, member, grant } = await family(api);
      const { vaultId } = await createVault(api, member, grant(), { attributes: fakeEnvelope(EnvelopeKind.VaultAttributes, 60) });
      expect((await share(api, vaultId, member, { accountId: organizer.accountId, publicKey: await publicKeyOf(api, organizer) })).status).toBe(201);
      const remove = () => api.call('DELETE', `/v1/family/members/${member.accountId}`, {}, organizer.token);

      // After the member's reset, their memberships are set aside for an organizer: removing them now is refused.
      const { recovery } = (await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token)).body;
      const { reset } = await memberReset(api, smtp, member.email, randomSecret());
      expect(reset.status).toBe(200);
      const before = await snapshot(db, ['audit_events', 'rate_limits']);
      expectError(await remove(), 409, 'invalid_request');
      expect(await snapshot(db, ['audit_events', 'rate_limits'])).toEqual(before);
      const pending = (await api.get(`/v1/family/recoveries/${recovery.recoveryId}/vaults`, organizer.token)).body;
      const completed = await api.post(
        `/v1/family/recoveries/${recovery.recoveryId}/complete`,
        { memberPublicKey: pending.memberPublicKey, vaultKeys: pending.vaults.map(({ vaultId: id }: { vaultId: string }) => ({ vaultId: id, sealedVaultKey: sealed() })) },
        organizer.token,
      );
      expect(completed.status).toBe(200);

      expect((await remove()).status).toBe(200);
      expect((await api.get('/v1/vaults', organizer.token)).body.vaults.map((vault: { vaultId: string }) => vault.vaultId)).not.toContain(vaultId);
      const owners = await db.selectFrom('vault_members').select(['account_id', 'role']).where('vault_id', '=', vaultId).execute();
      expect(owners).toEqual([{ account_id: member.accountId, role: 'owner' }]);
    }));
});
