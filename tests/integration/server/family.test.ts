/**
 * Families on the real server, on each database: creating a family with its recovery group,
 * inviting and joining, the recovery grant every member's vault must carry, roles, and an
 * organizer recovery end to end (the member's reset deletes their recovery code and sets
 * their vaults aside; an organizer reseals them). And what the API refuses: a member
 * completing their own recovery, an organizer of another family, a removed organizer,
 * replays, and bad input that changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { generateGroupKeyPair } from '../../../src/main/core/crypto/family-group';
import { generateVaultKey, openVaultKey, resealVaultKey, sealVaultKey, type BoxKeyPair } from '../../../src/main/core/crypto/vault-keys';
import { bytesEqual, toBase64Url } from '../../../src/shared/crypto/bytes';
import type { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { familyRoutes, memberRecoveryRoutes } from '../../../src/shared/server-api/family';
import { needsSecondFactor, needsSession } from '../../../src/shared/server-api/http';
import { testDatabases } from './databases';
import { createFamily, createVault, invite, join, memberReset, newVaultId, person, sealed, sealedGroupKey, type Person } from './family-helpers';
import { type Api, expectError, fakeBlob, login, randomSecret, snapshot, withTestServer } from './harness';
import { setUpRecoveryCode, newAccountKey, proveCode, recoverUpToToken, resetWithToken, waitForMail } from './recovery-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const bytes = (base64url: string) => new Uint8Array(Buffer.from(base64url, 'base64url'));

/**
 * Real keys for the rotation tests, which open what the server hands back as a device would:
 * one vault key per vault, and group key pairs (the old ones kept, as a malicious device would).
 */
function realKeys() {
  const vaultKeys = new Map<string, SecretBytes>();
  const vaultKey = (vaultId: string) => vaultKeys.get(vaultId) ?? vaultKeys.set(vaultId, generateVaultKey()).get(vaultId)!;
  return {
    /** `vaultId`'s key sealed to a group public key (base64url), as a create or join sends it. */
    sealTo: (vaultId: string, groupPublicKey: string) => toBase64Url(sealVaultKey(vaultKey(vaultId), vaultId, bytes(groupPublicKey))),
    /** Whether `group` opens the grant to exactly the vault's key. */
    opens(grant: { vaultId: string; sealedVaultKey: string }, group: BoxKeyPair): boolean {
      try {
        const opened = openVaultKey(bytes(grant.sealedVaultKey), grant.vaultId, group);
        const same = bytesEqual(opened.expose(), vaultKey(grant.vaultId).expose());
        opened.dispose();
        return same;
      } catch {
        return false;
      }
    },
  };
}

/** What an organizer's client sends to demote or remove an organizer: every listed grant (but `dropCreatedBy`'s) resealed from `current` to `next`. */
async function rotationBody(api: Api, organizer: Person, current: BoxKeyPair, next: BoxKeyPair, organizerIds: string[], dropCreatedBy?: string) {
  const listed = await api.get('/v1/family/vault-grants', organizer.token);
  expect(listed.status).toBe(200);
  const grants = (listed.body.grants as { vaultId: string; sealedVaultKey: string; createdBy: string }[]).filter((grant) => grant.createdBy !== dropCreatedBy);
  return {
    keyId: listed.body.keyId as string,
    publicKey: toBase64Url(next.boxPublicKey),
    signature: fakeBlob(64),
    sealedPrivateKeys: organizerIds.map((accountId) => ({ accountId, sealedPrivateKey: sealedGroupKey() })),
    vaultGrants: grants.map(({ vaultId, sealedVaultKey }) => ({ vaultId, sealedVaultKey: toBase64Url(resealVaultKey(bytes(sealedVaultKey), vaultId, current, next.boxPublicKey)) })),
  };
}

/** A family with real keys: the parent organizer, another organizer and a kid, each with a vault sealed to the first group key. */
async function twoOrganizersAndAKid(api: Api, domain: string) {
  const keys = realKeys();
  const first = generateGroupKeyPair();
  const [parent, other, kid] = [await person(api, smtp, `parent@${domain}`), await person(api, smtp, `other@${domain}`), await person(api, smtp, `kid@${domain}`)];
  const vaults = { parent: (await createVault(api, parent)).vaultId, other: (await createVault(api, other)).vaultId, kid: (await createVault(api, kid)).vaultId };
  const family = await createFamily(api, parent, [vaults.parent], { publicKey: toBase64Url(first.boxPublicKey), sealTo: keys.sealTo });
  expect((await join(api, other, await invite(api, smtp, parent, other.email), [vaults.other], keys.sealTo)).status).toBe(200);
  expect((await join(api, kid, await invite(api, smtp, parent, kid.email), [vaults.kid], keys.sealTo)).status).toBe(200);
  expect((await api.post(`/v1/family/members/${other.accountId}/role`, { role: 'organizer', keyId: family.recoveryGroup.keyId, sealedPrivateKey: sealedGroupKey() }, parent.token)).status).toBe(200);
  return { keys, first, parent, other, kid, vaults, family };
}

describe.each(testDatabases)('families on $name', (database) => {
  const withServer = (test: Parameters<typeof withTestServer>[2]) => withTestServer(database, smtp, test);

  it('creates a family whose recovery group covers every vault; members join by emailed invitation and their new vaults need a recovery grant', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, smtp, 'org@family.example');
      const { vaultId: orgVault } = await createVault(api, organizer);

      // The grants must cover exactly the organizer's vaults: none, or a foreign one, is refused and changes nothing.
      const before = await snapshot(db, ['rate_limits']);
      for (const vaultGrants of [[], [{ vaultId: newVaultId(), sealedVaultKey: sealed() }]]) {
        const refused = await api.post('/v1/families', { familyId: fakeBlob(16), name: 'X', recoveryGroup: { publicKey: fakeBlob(32), signature: fakeBlob(64), sealedPrivateKeys: [{ accountId: organizer.accountId, sealedPrivateKey: sealedGroupKey() }], vaultGrants } }, organizer.token);
        expectError(refused, 400, 'grants_mismatch');
      }
      expectError(await api.post('/v1/families', { name: 'X', recoveryGroup: { publicKey: 'short', sealedPrivateKeys: [], vaultGrants: [] } }, organizer.token), 400, 'invalid_request');
      expect(await snapshot(db, ['rate_limits'])).toEqual(before);

      const family = await createFamily(api, organizer, [orgVault]);
      expect((await api.get('/v1/family', organizer.token)).body.family).toMatchObject({ name: 'The Appleseeds', role: 'organizer', members: [{ accountId: organizer.accountId, role: 'organizer' }] });
      expectError(await api.post('/v1/families', { familyId: fakeBlob(16), name: 'Again', recoveryGroup: { publicKey: fakeBlob(32), signature: fakeBlob(64), sealedPrivateKeys: [{ accountId: organizer.accountId, sealedPrivateKey: sealedGroupKey() }], vaultGrants: [{ vaultId: orgVault, sealedVaultKey: sealed() }] } }, organizer.token), 409, 'in_a_family');

      // A vault made now must carry its key sealed to the group, under the current key id.
      expectError((await createVault(api, organizer)).created, 400, 'recovery_grant_required');
      expectError((await createVault(api, organizer, { keyId: fakeBlob(16), sealedVaultKey: sealed() })).created, 409, 'stale_group_key');
      const { vaultId: secondVault, created } = await createVault(api, organizer, { keyId: family.recoveryGroup.keyId, sealedVaultKey: sealed() });
      expect(created.status).toBe(201);
      expect(await db.selectFrom('family_vault_grants').select('vault_id').where('family_id', '=', family.familyId).orderBy('vault_id').execute()).toEqual([orgVault, secondVault].sort().map((vault_id) => ({ vault_id })));

      // The invitation goes to an address; only that account may use it, once.
      const member = await person(api, smtp, 'kid@family.example');
      const stranger = await person(api, smtp, 'stranger@elsewhere.example');
      const { vaultId: memberVault } = await createVault(api, member);
      const inviteToken = await invite(api, smtp, organizer, 'Kid@Family.example ');
      expect((await api.get('/v1/family', organizer.token)).body.family.invites).toEqual([{ email: 'kid@family.example', expiresAt: expect.any(String) }]);
      expectError(await api.post('/v1/family/invitation', { inviteToken }, stranger.token), 400, 'invalid_invite');
      expectError(await api.post('/v1/family/invites', { email: 'x@y.example' }, member.token), 404, 'not_found');
      expectError(await join(api, member, inviteToken, []), 400, 'grants_mismatch');
      const joined = await join(api, member, inviteToken, [memberVault]);
      expect(joined.status).toBe(200);
      expect(joined.body.family.members.map((m: { accountId: string; role: string }) => [m.accountId, m.role])).toEqual([
        [organizer.accountId, 'organizer'],
        [member.accountId, 'member'],
      ]);
      // A member sees no group key and no invitations, and cannot invite.
      expect((await api.get('/v1/family', member.token)).body.family).toMatchObject({ role: 'member', recoveryGroup: { sealedPrivateKey: null }, invites: [] });
      expectError(await api.post('/v1/family/invites', { email: 'x@y.example' }, member.token), 403, 'not_an_organizer');
      expectError(await api.post('/v1/family/join', { inviteToken, keyId: family.recoveryGroup.keyId, vaultGrants: [] }, stranger.token), 400, 'invalid_invite');
    }));

  it('promotes with the current group key sealed to the new organizer, never demotes or removes the last organizer, and removes a plain member without a rotation', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, smtp, 'org@roles.example');
      const member = await person(api, smtp, 'member@roles.example');
      const family = await createFamily(api, organizer, []);
      expect((await join(api, member, await invite(api, smtp, organizer, member.email), [])).status).toBe(200);
      const { keyId } = family.recoveryGroup;
      const rotation = { keyId, publicKey: fakeBlob(32), signature: fakeBlob(64), sealedPrivateKeys: [{ accountId: organizer.accountId, sealedPrivateKey: sealedGroupKey() }], vaultGrants: [] };

      const before = await snapshot(db, ['rate_limits']);
      expectError(await api.post(`/v1/family/members/${organizer.accountId}/role`, { role: 'member', rotation }, organizer.token), 409, 'last_organizer');
      expectError(await api.call('DELETE', `/v1/family/members/${organizer.accountId}`, { rotation }, organizer.token), 409, 'last_organizer');
      // Promoting needs the current group key sealed to them, and rotates nothing.
      expectError(await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'organizer' }, organizer.token), 400, 'invalid_request');
      expectError(await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'organizer', sealedPrivateKey: sealedGroupKey() }, organizer.token), 400, 'invalid_request');
      expectError(await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'organizer', keyId, sealedPrivateKey: sealedGroupKey(), rotation }, organizer.token), 400, 'invalid_request');
      expectError(await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'organizer', keyId: fakeBlob(16), sealedPrivateKey: sealedGroupKey() }, organizer.token), 409, 'stale_group_key');
      // A member never held the group key: demoting or removing them rotates nothing.
      expectError(await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'member', rotation }, organizer.token), 400, 'invalid_request');
      expectError(await api.call('DELETE', `/v1/family/members/${member.accountId}`, { rotation }, organizer.token), 400, 'invalid_request');
      expectError(await api.call('DELETE', `/v1/family/members/${member.accountId}`, undefined, organizer.token), 400, 'invalid_request');
      expect(await snapshot(db, ['rate_limits'])).toEqual(before);

      const promoted = await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'organizer', keyId, sealedPrivateKey: sealedGroupKey() }, organizer.token);
      expect(promoted.status).toBe(200);
      expect((await api.get('/v1/family', member.token)).body.family.recoveryGroup.sealedPrivateKey).toEqual(expect.any(String));
      // Demoting an organizer without a rotation is refused: they would leave with the group key.
      expectError(await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'member' }, organizer.token), 400, 'invalid_request');
      expectError(await api.call('DELETE', `/v1/family/members/${member.accountId}`, {}, organizer.token), 400, 'invalid_request');
      expect(await db.selectFrom('family_members').select('role').where('account_id', '=', member.accountId).executeTakeFirst()).toEqual({ role: 'organizer' });

      const plain = await person(api, smtp, 'plain@roles.example');
      expect((await join(api, plain, await invite(api, smtp, organizer, plain.email), [])).status).toBe(200);
      expect((await api.call('DELETE', `/v1/family/members/${plain.accountId}`, {}, organizer.token)).status).toBe(200);
      expect((await api.get('/v1/family', plain.token)).body).toEqual({ family: null });
      expect((await db.selectFrom('families').select('group_key_id').executeTakeFirstOrThrow()).group_key_id).toBe(keyId);

      // An organizer who is not the last may step down themselves, with a rotation like any other.
      const stepDown = await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'member', rotation }, member.token);
      expect(stepDown.body.family).toMatchObject({ role: 'member', recoveryGroup: { sealedPrivateKey: null } });
      expect((await db.selectFrom('families').select('group_key_id').executeTakeFirstOrThrow()).group_key_id).not.toBe(keyId);
    }));

  it('puts every family route behind the 2FA gate; only the locked-out member\'s recovery routes need no session', () =>
    withServer(async ({ api, db }) => {
      expect(Object.values(familyRoutes).every((route) => needsSession(route) && needsSecondFactor(route))).toBe(true);
      expect(Object.values(memberRecoveryRoutes).every((route) => !needsSession(route))).toBe(true);
      const organizer = await person(api, smtp, 'org@gate.example');
      await createFamily(api, organizer, []);
      await db.updateTable('accounts').set({ two_factor_required: 1 }).where('id', '=', organizer.accountId).execute();
      const before = await snapshot(db);
      expectError(await api.get('/v1/family', organizer.token), 403, 'second_factor_required');
      expectError(await api.post('/v1/family/invites', { email: 'kid@gate.example' }, organizer.token), 403, 'second_factor_required');
      expect(await snapshot(db)).toEqual(before);
    }));

  it('recovers a member through an organizer: the reset deletes their recovery code and sets their vaults aside until an organizer reseals them', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, smtp, 'org@recovery.example');
      const member = await person(api, smtp, 'member@recovery.example');
      const family = await createFamily(api, organizer, []);
      const { vaultId: memberVault } = await createVault(api, member);
      expect((await join(api, member, await invite(api, smtp, organizer, member.email), [memberVault])).status).toBe(200);
      const { vaultId: laterVault } = await createVault(api, member, { keyId: family.recoveryGroup.keyId, sealedVaultKey: sealed() });
      const code = await setUpRecoveryCode(api, member.token, member.accountId, newAccountKey(), member.secret);
      await db.insertInto('signed_vault_lists').values({ account_id: member.accountId, counter: 1, signed_list: 'signed by the old keyset', updated_at: 0 }).execute();

      // Only an organizer starts it, never for themselves.
      expectError(await api.post('/v1/family/recoveries', { accountId: organizer.accountId }, member.token), 403, 'not_an_organizer');
      expectError(await api.post('/v1/family/recoveries', { accountId: organizer.accountId }, organizer.token), 400, 'invalid_request');
      const before = smtp.messages.length;
      const started = await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token);
      expect(started.status).toBe(201);
      await waitForMail(smtp, member.email, /started a recovery of your account/, before);
      const { recoveryId, startedAt, expiresAt } = started.body.recovery;
      // It ends by itself after the server's policy (7 days), and both sides are told when.
      expect(Date.parse(expiresAt) - Date.parse(startedAt)).toBe(7 * 24 * 60 * 60_000);
      expect((await api.get('/v1/family', member.token)).body.family.recoveries).toEqual([expect.objectContaining({ recoveryId, stage: 'awaiting-member', startedAt, expiresAt })]);

      // Nothing to reseal until the member has reset.
      expectError(await api.get(`/v1/family/recoveries/${recoveryId}/vaults`, organizer.token), 409, 'invalid_request');

      const newSecret = randomSecret();
      const { reset, keys, recoveryToken, registrationRecord } = await memberReset(api, smtp, member.email, newSecret);
      expect(reset.body).toEqual({ recovered: true, accountId: member.accountId });
      // In the same transaction: the code is gone, every session ended, the vaults set aside, and the vault list the old keyset signed dropped.
      expect(await db.selectFrom('recovery_credentials').select('id').where('account_id', '=', member.accountId).execute()).toEqual([]);
      expect(await db.selectFrom('signed_vault_lists').select('counter').where('account_id', '=', member.accountId).execute()).toEqual([]);
      expectError(await api.get('/v1/vaults', member.token), 401, 'unauthorized');
      expectError((await proveCode(api, member.email, code.text)).proved, 401, 'invalid_credentials');
      // The token worked once.
      expectError(await api.post('/v1/family-recovery/reset/finish', { recoveryToken, registrationRecord, ...keys }), 401, 'invalid_recovery_token');

      const again = await login(api, member.email, newSecret);
      expect(again.status).toBe(200);
      const memberToken = again.body.sessionToken;
      expect((await api.get('/v1/vaults', memberToken)).body.vaults).toEqual([]);

      // A member cannot complete their own recovery, and an organizer of another family cannot see it.
      expectError(await api.post(`/v1/family/recoveries/${recoveryId}/complete`, { memberPublicKey: keys.publicKeys.x25519, vaultKeys: [] }, memberToken), 403, 'not_an_organizer');
      const otherOrganizer = await person(api, smtp, 'org@other.example');
      await createFamily(api, otherOrganizer, []);
      expectError(await api.get(`/v1/family/recoveries/${recoveryId}/vaults`, otherOrganizer.token), 404, 'not_found');

      const pending = await api.get(`/v1/family/recoveries/${recoveryId}/vaults`, organizer.token);
      expect(pending.body).toEqual({ keyId: family.recoveryGroup.keyId, memberPublicKey: keys.publicKeys.x25519, vaults: [memberVault, laterVault].sort().map((vaultId) => ({ vaultId, role: 'owner', sealedVaultKey: expect.any(String) })) });

      // Resealed to an old key, or missing a vault: refused, nothing changes.
      const unchanged = await snapshot(db, ['rate_limits']);
      expectError(await api.post(`/v1/family/recoveries/${recoveryId}/complete`, { memberPublicKey: fakeBlob(32), vaultKeys: [memberVault, laterVault].map((vaultId) => ({ vaultId, sealedVaultKey: sealed() })) }, organizer.token), 409, 'stale_group_key');
      expectError(await api.post(`/v1/family/recoveries/${recoveryId}/complete`, { memberPublicKey: keys.publicKeys.x25519, vaultKeys: [{ vaultId: memberVault, sealedVaultKey: sealed() }] }, organizer.token), 400, 'grants_mismatch');
      expect(await snapshot(db, ['rate_limits'])).toEqual(unchanged);

      const resealed = [memberVault, laterVault].map((vaultId) => ({ vaultId, sealedVaultKey: sealed() }));
      expect((await api.post(`/v1/family/recoveries/${recoveryId}/complete`, { memberPublicKey: keys.publicKeys.x25519, vaultKeys: resealed }, organizer.token)).body).toEqual({ completed: true });
      const vaults = (await api.get('/v1/vaults', memberToken)).body.vaults as { vaultId: string; sealedVaultKey: string }[];
      expect(vaults.map((v) => [v.vaultId, v.sealedVaultKey]).sort()).toEqual(resealed.map((r) => [r.vaultId, r.sealedVaultKey]).sort());
      // A replay finds nothing.
      expectError(await api.post(`/v1/family/recoveries/${recoveryId}/complete`, { memberPublicKey: keys.publicKeys.x25519, vaultKeys: resealed }, organizer.token), 404, 'not_found');
      expect((await api.get('/v1/family', memberToken)).body.family.recoveries).toEqual([]);
    }));

  it('a member who uses their own recovery code cancels the organizer recovery, and keeps the code', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, smtp, 'org@self.example');
      const member = await person(api, smtp, 'member@self.example');
      await createFamily(api, organizer, []);
      expect((await join(api, member, await invite(api, smtp, organizer, member.email), [])).status).toBe(200);
      const code = await setUpRecoveryCode(api, member.token, member.accountId, newAccountKey(), member.secret);
      expect((await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token)).status).toBe(201);

      const { verified } = await recoverUpToToken(api, smtp, member.email, code.text);
      const mailBefore = smtp.messages.length;
      const newSecret = randomSecret();
      const { finished } = await resetWithToken(api, verified.body.recoveryToken, newSecret);
      expect(finished.status).toBe(200);
      expect(await db.selectFrom('family_recoveries').select('id').execute()).toEqual([]);
      // Both are told: the member's device (the answer) and mail, the organizer by mail; and it is audited.
      expect(finished.body.cancelledFamilyRecovery).toEqual({ familyName: 'The Appleseeds', organizer: organizer.email });
      expect(await waitForMail(smtp, organizer.email, /recovered their account with their own recovery code/, mailBefore)).toContain(member.email);
      expect(await waitForMail(smtp, member.email, /was cancelled; we told them/, mailBefore)).toContain(organizer.email);
      const cancelled = await db.selectFrom('audit_events').select('account_id').where('event', '=', 'family.recovery_cancelled').execute();
      expect(cancelled).toEqual([{ account_id: member.accountId }]);
      // The organizer is told in the app too: their family record names the member until they dismiss it; the member's does not.
      const notices = (await api.get('/v1/family', organizer.token)).body.family.cancelledRecoveries;
      expect(notices).toEqual([{ accountId: member.accountId, email: member.email, cancelledAt: expect.any(String) }]);
      expect(Date.parse(notices[0].cancelledAt)).toBeGreaterThan(0);
      const memberNow = await login(api, member.email, newSecret);
      expect((await api.get('/v1/family', memberNow.body.sessionToken)).body.family.cancelledRecoveries).toEqual([]);
      expectError(await api.call('DELETE', `/v1/family/cancelled-recoveries/${member.accountId}`, undefined, memberNow.body.sessionToken), 404, 'not_found');
      expect((await api.call('DELETE', `/v1/family/cancelled-recoveries/${member.accountId}`, undefined, organizer.token)).body.family.cancelledRecoveries).toEqual([]);
      expect((await api.get('/v1/family', organizer.token)).body.family.cancelledRecoveries).toEqual([]);
      expectError(await api.call('DELETE', `/v1/family/cancelled-recoveries/${member.accountId}`, undefined, organizer.token), 404, 'not_found');
      // The code still works.
      expect((await recoverUpToToken(api, smtp, member.email, code.text)).verified.status).toBe(200);
      // And the organizer's recovery link now leads nowhere: the same answer, no recovery found, no code sent.
      const before = smtp.messages.length;
      expect((await api.post('/v1/family-recovery/start', { email: member.email })).status).toBe(200);
      const requested = await db.selectFrom('audit_events').select('account_id').where('event', '=', 'family.recovery_requested').orderBy('at', 'desc').executeTakeFirstOrThrow();
      expect(requested.account_id).toBeNull();
      // A mail the server sends after it (a self-recovery's code) has arrived, so one sent before it would have too.
      await recoverUpToToken(api, smtp, member.email, code.text);
      expect(smtp.messages.slice(before).filter((mail) => mail.raw.includes('family recovery'))).toEqual([]);
      expect(smtp.messages.length).toBeGreaterThan(before);
    }));

  it('rotates the group key when an organizer is demoted: exactly the remaining organizers and grants, compare-and-set on the key id, the old key opens nothing the server holds', () =>
    withServer(async ({ api, db }) => {
      const { keys, first, parent, other, kid, vaults, family } = await twoOrganizersAndAKid(api, 'rotate.example');
      // Someone invited now reads the key id before the rotation, and joins after it.
      const late = await person(api, smtp, 'late@rotate.example');
      const lateInvite = await invite(api, smtp, parent, late.email);
      const lateVault = (await createVault(api, late)).vaultId;
      const latePreview = (await api.post('/v1/family/invitation', { inviteToken: lateInvite }, late.token)).body.recoveryGroup;

      // Only an organizer may read the grants a rotation reseals.
      expectError(await api.get('/v1/family/vault-grants', kid.token), 403, 'not_an_organizer');
      const second = generateGroupKeyPair();
      const rotation = await rotationBody(api, parent, first, second, [parent.accountId]);
      expect(rotation.vaultGrants.map((grant) => grant.vaultId).sort()).toEqual(Object.values(vaults).sort());
      const demote = (body: object, token = parent.token) => api.post(`/v1/family/members/${other.accountId}/role`, { role: 'member', ...body }, token);

      // Refused, and nothing changes: a stale key id, the leaver still sealed to, an organizer left out, a grant missing or foreign, a member asking.
      const before = await snapshot(db, ['rate_limits']);
      expectError(await demote({ rotation: { ...rotation, keyId: fakeBlob(16) } }), 409, 'stale_group_key');
      expectError(await demote({ rotation: { ...rotation, sealedPrivateKeys: [parent.accountId, other.accountId].map((accountId) => ({ accountId, sealedPrivateKey: sealedGroupKey() })) } }), 400, 'grants_mismatch');
      expectError(await demote({ rotation: { ...rotation, sealedPrivateKeys: [{ accountId: kid.accountId, sealedPrivateKey: sealedGroupKey() }] } }), 400, 'grants_mismatch');
      expectError(await demote({ rotation: { ...rotation, vaultGrants: rotation.vaultGrants.slice(1) } }), 400, 'grants_mismatch');
      expectError(await demote({ rotation: { ...rotation, vaultGrants: [...rotation.vaultGrants.slice(1), { vaultId: lateVault, sealedVaultKey: sealed() }] } }), 400, 'grants_mismatch');
      expectError(await demote({ rotation: { ...rotation, vaultGrants: [...rotation.vaultGrants, rotation.vaultGrants[0]!] } }), 400, 'grants_mismatch');
      expectError(await demote({ rotation: { ...rotation, publicKey: 'not-a-key' } }), 400, 'invalid_request');
      expectError(await demote({ rotation }, kid.token), 403, 'not_an_organizer');
      expect(await snapshot(db, ['rate_limits'])).toEqual(before);

      expect((await demote({ rotation })).status).toBe(200);
      const rotated = (await api.get('/v1/family', parent.token)).body.family;
      // The next generation, with the acting organizer's signature and keys, for members to check (§8.7).
      expect(rotated.recoveryGroup).toEqual({
        keyId: expect.any(String),
        publicKey: toBase64Url(second.boxPublicKey),
        generation: family.recoveryGroup.generation + 1,
        signature: rotation.signature,
        signedBy: { accountId: parent.accountId, boxPublicKey: expect.any(String), signPublicKey: expect.any(String) },
        sealedPrivateKey: rotation.sealedPrivateKeys[0]!.sealedPrivateKey,
      });
      expect(rotated.recoveryGroup.keyId).not.toBe(family.recoveryGroup.keyId);
      expect(await db.selectFrom('family_group_keys').select('account_id').execute()).toEqual([{ account_id: parent.accountId }]);
      expect(await db.selectFrom('audit_events').select(['event', 'account_id']).where('event', '=', 'family.group_key_rotated').execute()).toEqual([{ event: 'family.group_key_rotated', account_id: parent.accountId }]);
      // The demoted organizer's client gets no group key and may read no grant; the grants the server holds open with the new key only.
      expect((await api.get('/v1/family', other.token)).body.family).toMatchObject({ role: 'member', recoveryGroup: { sealedPrivateKey: null } });
      expectError(await api.get('/v1/family/vault-grants', other.token), 403, 'not_an_organizer');
      const held = await db.selectFrom('family_vault_grants').select(['vault_id as vaultId', 'sealed_vault_key as sealedVaultKey']).execute();
      expect(held).toHaveLength(3);
      expect(held.filter((grant) => keys.opens(grant, first))).toEqual([]);
      expect(held.every((grant) => keys.opens(grant, second))).toBe(true);

      // A replay finds the key id gone; anything sealed to the old key meanwhile is refused too, and changes nothing.
      const after = await snapshot(db, ['rate_limits']);
      expectError(await demote({ rotation }), 409, 'stale_group_key');
      expectError(await api.post(`/v1/family/members/${other.accountId}/role`, { role: 'organizer', keyId: family.recoveryGroup.keyId, sealedPrivateKey: sealedGroupKey() }, parent.token), 409, 'stale_group_key');
      expectError((await createVault(api, kid, { keyId: family.recoveryGroup.keyId, sealedVaultKey: keys.sealTo(newVaultId(), toBase64Url(first.boxPublicKey)) })).created, 409, 'stale_group_key');
      expectError(await api.post('/v1/family/join', { inviteToken: lateInvite, keyId: latePreview.keyId, vaultGrants: [{ vaultId: lateVault, sealedVaultKey: keys.sealTo(lateVault, latePreview.publicKey) }] }, late.token), 409, 'stale_group_key');
      expect(await snapshot(db, ['rate_limits'])).toEqual(after);
      // The late joiner reads the invitation again, and joins under the new key.
      expect((await join(api, late, lateInvite, [lateVault], keys.sealTo)).status).toBe(200);
      expect(keys.opens((await db.selectFrom('family_vault_grants').select(['vault_id as vaultId', 'sealed_vault_key as sealedVaultKey']).where('vault_id', '=', lateVault).executeTakeFirstOrThrow()), second)).toBe(true);
    }));

  it('rotates the group key when an organizer is removed: they can no longer see or complete a recovery, and the remaining organizer completes it with the new key', () =>
    withServer(async ({ api, db }) => {
      const { keys, first, parent, other, kid, vaults } = await twoOrganizersAndAKid(api, 'remove.example');

      // The kid is being recovered, up to the organizer's step; the other organizer could complete it now.
      const recoveryId = (await api.post('/v1/family/recoveries', { accountId: kid.accountId }, other.token)).body.recovery.recoveryId as string;
      const kidKeys = generateGroupKeyPair(); // any X25519 key pair: the kid's new keyset
      const { keys: kidUpload } = await memberReset(api, smtp, kid.email, randomSecret(), toBase64Url(kidKeys.boxPublicKey));
      expect((await api.get(`/v1/family/recoveries/${recoveryId}/vaults`, other.token)).status).toBe(200);

      // The removed organizer's own vault leaves with them: a rotation still resealing it is refused.
      const second = generateGroupKeyPair();
      const withTheirs = await rotationBody(api, parent, first, second, [parent.accountId]);
      const before = await snapshot(db, ['rate_limits']);
      expectError(await api.call('DELETE', `/v1/family/members/${other.accountId}`, { rotation: withTheirs }, parent.token), 400, 'grants_mismatch');
      expectError(await api.call('DELETE', `/v1/family/members/${other.accountId}`, {}, parent.token), 400, 'invalid_request');
      expect(await snapshot(db, ['rate_limits'])).toEqual(before);
      const rotation = await rotationBody(api, parent, first, second, [parent.accountId], other.accountId);
      expect(rotation.vaultGrants.map((grant) => grant.vaultId).sort()).toEqual([vaults.parent, vaults.kid].sort());
      expect((await api.call('DELETE', `/v1/family/members/${other.accountId}`, { rotation }, parent.token)).status).toBe(200);
      // A replay: they are no longer in the family.
      expectError(await api.call('DELETE', `/v1/family/members/${other.accountId}`, { rotation }, parent.token), 404, 'not_found');

      // The removed organizer sees no recovery and completes none; nothing the server holds opens with the key they had.
      expect((await api.get('/v1/family', other.token)).body).toEqual({ family: null });
      expectError(await api.get(`/v1/family/recoveries/${recoveryId}/vaults`, other.token), 404, 'not_found');
      expectError(await api.post(`/v1/family/recoveries/${recoveryId}/complete`, { memberPublicKey: kidUpload.publicKeys.x25519, vaultKeys: [{ vaultId: vaults.kid, sealedVaultKey: sealed() }] }, other.token), 404, 'not_found');
      const held = await db.selectFrom('family_vault_grants').select(['vault_id as vaultId', 'sealed_vault_key as sealedVaultKey']).execute();
      expect(held.map((grant) => grant.vaultId).sort()).toEqual([vaults.parent, vaults.kid].sort());
      expect(held.filter((grant) => keys.opens(grant, first))).toEqual([]);

      // The remaining organizer opens the kid's vault with the new key and gives it back, sealed to the kid's new key.
      const pending = (await api.get(`/v1/family/recoveries/${recoveryId}/vaults`, parent.token)).body;
      expect(pending.keyId).toBe((await api.get('/v1/family', parent.token)).body.family.recoveryGroup.keyId);
      expect(pending.vaults.map((vault: { vaultId: string }) => vault.vaultId)).toEqual([vaults.kid]);
      expect(keys.opens(pending.vaults[0], first)).toBe(false);
      const vaultKeys = pending.vaults.map(({ vaultId, sealedVaultKey }: { vaultId: string; sealedVaultKey: string }) => ({ vaultId, sealedVaultKey: toBase64Url(resealVaultKey(bytes(sealedVaultKey), vaultId, second, kidKeys.boxPublicKey)) }));
      expect((await api.post(`/v1/family/recoveries/${recoveryId}/complete`, { memberPublicKey: kidUpload.publicKeys.x25519, vaultKeys }, parent.token)).body).toEqual({ completed: true });
      const restored = await db.selectFrom('vault_members').select(['vault_id as vaultId', 'sealed_vault_key as sealedVaultKey']).where('account_id', '=', kid.accountId).execute();
      expect(restored.map((grant) => keys.opens(grant, kidKeys))).toEqual([true]);
    }));
});
