/**
 * Families on the real server, on each database: creating a family with its recovery group,
 * inviting and joining, the recovery grant every member's vault must carry, roles, and an
 * organizer recovery end to end (the member's reset deletes their recovery code and sets
 * their vaults aside; an organizer reseals them). And what the API refuses: a member
 * completing their own recovery, an organizer of another family, a removed organizer,
 * replays, and bad input that changes nothing.
 */
import * as opaque from '@serenity-kit/opaque';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyRoutes, memberRecoveryRoutes } from '../../../src/shared/server-api/family';
import { testDatabases } from './databases';
import { type Api, expectError, fakeBlob, keyStretching, login, randomSecret, signUp, snapshot, startSmtp, type TestSmtp, withTestServer, type SignedUp } from './harness';
import { setUpRecoveryCode, newAccountKey, proveCode, recoveryCrypto, recoverUpToToken, resetWithToken, waitForMail } from './recovery-helpers';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
  await recoveryCrypto();
});
afterAll(async () => smtp.close());

/** Stand-ins for sealed boxes (the server only stores and routes them): 160 random bytes as base64url. */
const sealed = () => fakeBlob(160);
const newVaultId = () => fakeBlob(16);

interface Person extends SignedUp {
  token: string;
}

async function person(api: Api, email: string): Promise<Person> {
  const user = await signUp(api, smtp, email);
  const signedIn = await login(api, user.email, user.secret);
  expect(signedIn.status).toBe(200);
  return { ...user, token: signedIn.body.sessionToken };
}

async function createVault(api: Api, owner: Person, recoveryGrant?: { keyId: string; sealedVaultKey: string }) {
  const vaultId = newVaultId();
  const created = await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealed(), ...(recoveryGrant ? { recoveryGrant } : {}) }, owner.token);
  return { vaultId, created };
}

async function createFamily(api: Api, organizer: Person, vaultIds: string[]) {
  const created = await api.post(
    '/v1/families',
    { name: 'The Appleseeds', recoveryGroup: { publicKey: fakeBlob(32), sealedPrivateKeys: [{ accountId: organizer.accountId, sealedPrivateKey: sealed() }], vaultGrants: vaultIds.map((vaultId) => ({ vaultId, sealedVaultKey: sealed() })) } },
    organizer.token,
  );
  expect(created.status).toBe(201);
  return created.body.family as { familyId: string; recoveryGroup: { keyId: string; publicKey: string } };
}

/** Invites `email`, reads the invitation code from the mail, and returns it. */
async function invite(api: Api, organizer: Person, email: string): Promise<string> {
  const before = smtp.messages.length;
  expect((await api.post('/v1/family/invites', { email }, organizer.token)).status).toBe(201);
  const mail = await waitForMail(smtp, email.trim().toLowerCase(), /invitation code is/, before);
  return /invitation code is: ([A-Za-z0-9_-]{43})/.exec(mail)![1]!;
}

async function join(api: Api, member: Person, inviteToken: string, vaultIds: string[]) {
  const preview = await api.post('/v1/family/invitation', { inviteToken }, member.token);
  expect(preview.status).toBe(200);
  return api.post('/v1/family/join', { inviteToken, keyId: preview.body.recoveryGroup.keyId, vaultGrants: vaultIds.map((vaultId) => ({ vaultId, sealedVaultKey: sealed() })) }, member.token);
}

/** The member's side of an organizer recovery: email code, token, new OPAQUE record and keys. */
async function memberReset(api: Api, email: string, newSecret: string) {
  const before = smtp.messages.length;
  expect((await api.post('/v1/family-recovery/start', { email })).status).toBe(200);
  const code = /verification code is: (\d{8})/.exec(await waitForMail(smtp, email, /family recovery/i, before))![1]!;
  const verified = await api.post('/v1/family-recovery/verify', { email, code });
  expect(verified.status).toBe(200);
  const { recoveryToken } = verified.body;
  await opaque.ready;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: newSecret });
  const started = await api.post('/v1/family-recovery/reset/start', { recoveryToken, registrationRequest });
  expect(started.status).toBe(200);
  const { registrationRecord } = opaque.client.finishRegistration({ password: newSecret, clientRegistrationState, registrationResponse: started.body.registrationResponse, keyStretching });
  const keys = { wrappedAccountKey: fakeBlob(72), publicKeys: { x25519: fakeBlob(32), ed25519: fakeBlob(32) }, encryptedKeyset: fakeBlob(200) };
  const reset = await api.post('/v1/family-recovery/reset/finish', { recoveryToken, registrationRecord, ...keys });
  return { verified, reset, keys, recoveryToken: recoveryToken as string, registrationRecord };
}

describe.each(testDatabases)('families on $name', (database) => {
  const withServer = (test: Parameters<typeof withTestServer>[2]) => withTestServer(database, smtp, test);

  it('creates a family whose recovery group covers every vault; members join by emailed invitation and their new vaults need a recovery grant', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, 'org@family.example');
      const { vaultId: orgVault } = await createVault(api, organizer);

      // The grants must cover exactly the organizer's vaults: none, or a foreign one, is refused and changes nothing.
      const before = await snapshot(db, ['rate_limits']);
      for (const vaultGrants of [[], [{ vaultId: newVaultId(), sealedVaultKey: sealed() }]]) {
        const refused = await api.post('/v1/families', { name: 'X', recoveryGroup: { publicKey: fakeBlob(32), sealedPrivateKeys: [{ accountId: organizer.accountId, sealedPrivateKey: sealed() }], vaultGrants } }, organizer.token);
        expectError(refused, 400, 'grants_mismatch');
      }
      expectError(await api.post('/v1/families', { name: 'X', recoveryGroup: { publicKey: 'short', sealedPrivateKeys: [], vaultGrants: [] } }, organizer.token), 400, 'invalid_request');
      expect(await snapshot(db, ['rate_limits'])).toEqual(before);

      const family = await createFamily(api, organizer, [orgVault]);
      expect((await api.get('/v1/family', organizer.token)).body.family).toMatchObject({ name: 'The Appleseeds', role: 'organizer', members: [{ accountId: organizer.accountId, role: 'organizer' }] });
      expectError(await api.post('/v1/families', { name: 'Again', recoveryGroup: { publicKey: fakeBlob(32), sealedPrivateKeys: [{ accountId: organizer.accountId, sealedPrivateKey: sealed() }], vaultGrants: [{ vaultId: orgVault, sealedVaultKey: sealed() }] } }, organizer.token), 409, 'in_a_family');

      // A vault made now must carry its key sealed to the group, under the current key id.
      expectError((await createVault(api, organizer)).created, 400, 'recovery_grant_required');
      expectError((await createVault(api, organizer, { keyId: fakeBlob(16), sealedVaultKey: sealed() })).created, 409, 'stale_group_key');
      const { vaultId: secondVault, created } = await createVault(api, organizer, { keyId: family.recoveryGroup.keyId, sealedVaultKey: sealed() });
      expect(created.status).toBe(201);
      expect(await db.selectFrom('family_vault_grants').select('vault_id').where('family_id', '=', family.familyId).orderBy('vault_id').execute()).toEqual([orgVault, secondVault].sort().map((vault_id) => ({ vault_id })));

      // The invitation goes to an address; only that account may use it, once.
      const member = await person(api, 'kid@family.example');
      const stranger = await person(api, 'stranger@elsewhere.example');
      const { vaultId: memberVault } = await createVault(api, member);
      const inviteToken = await invite(api, organizer, 'Kid@Family.example ');
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

  it('promotes with the group key sealed to the new organizer, never demotes or removes the last organizer, and a removed organizer loses the group key', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, 'org@roles.example');
      const member = await person(api, 'member@roles.example');
      await createFamily(api, organizer, []);
      expect((await join(api, member, await invite(api, organizer, member.email), [])).status).toBe(200);

      expectError(await api.post(`/v1/family/members/${organizer.accountId}/role`, { role: 'member' }, organizer.token), 409, 'last_organizer');
      expectError(await api.call('DELETE', `/v1/family/members/${organizer.accountId}`, undefined, organizer.token), 409, 'last_organizer');
      expectError(await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'organizer' }, organizer.token), 400, 'invalid_request');

      const promoted = await api.post(`/v1/family/members/${member.accountId}/role`, { role: 'organizer', sealedPrivateKey: sealed() }, organizer.token);
      expect(promoted.status).toBe(200);
      expect((await api.get('/v1/family', member.token)).body.family.recoveryGroup.sealedPrivateKey).toEqual(expect.any(String));

      // The second organizer removes the first: their sealed group key is gone, and so is their family.
      const removed = await api.call('DELETE', `/v1/family/members/${organizer.accountId}`, undefined, member.token);
      expect(removed.status).toBe(200);
      expect(await db.selectFrom('family_group_keys').select('account_id').execute()).toEqual([{ account_id: member.accountId }]);
      expect((await api.get('/v1/family', organizer.token)).body).toEqual({ family: null });
      expectError(await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token), 404, 'not_found');
    }));

  it('puts every family route behind the 2FA gate; only the locked-out member\'s recovery routes need no session', () =>
    withServer(async ({ api, db }) => {
      expect(Object.values(familyRoutes).every((route) => route.auth && route.secondFactor)).toBe(true);
      expect(Object.values(memberRecoveryRoutes).every((route) => !route.auth)).toBe(true);
      const organizer = await person(api, 'org@gate.example');
      await createFamily(api, organizer, []);
      await db.updateTable('accounts').set({ two_factor_required: 1 }).where('id', '=', organizer.accountId).execute();
      const before = await snapshot(db);
      expectError(await api.get('/v1/family', organizer.token), 403, 'second_factor_required');
      expectError(await api.post('/v1/family/invites', { email: 'kid@gate.example' }, organizer.token), 403, 'second_factor_required');
      expect(await snapshot(db)).toEqual(before);
    }));

  it('recovers a member through an organizer: the reset deletes their recovery code and sets their vaults aside until an organizer reseals them', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, 'org@recovery.example');
      const member = await person(api, 'member@recovery.example');
      const family = await createFamily(api, organizer, []);
      const { vaultId: memberVault } = await createVault(api, member);
      expect((await join(api, member, await invite(api, organizer, member.email), [memberVault])).status).toBe(200);
      const { vaultId: laterVault } = await createVault(api, member, { keyId: family.recoveryGroup.keyId, sealedVaultKey: sealed() });
      const code = await setUpRecoveryCode(api, member.token, member.accountId, newAccountKey());

      // Only an organizer starts it, never for themselves.
      expectError(await api.post('/v1/family/recoveries', { accountId: organizer.accountId }, member.token), 403, 'not_an_organizer');
      expectError(await api.post('/v1/family/recoveries', { accountId: organizer.accountId }, organizer.token), 400, 'invalid_request');
      const before = smtp.messages.length;
      const started = await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token);
      expect(started.status).toBe(201);
      await waitForMail(smtp, member.email, /started a recovery of your account/, before);
      const { recoveryId } = started.body.recovery;
      expect((await api.get('/v1/family', member.token)).body.family.recoveries).toEqual([expect.objectContaining({ recoveryId, stage: 'awaiting-member' })]);

      // Nothing to reseal until the member has reset.
      expectError(await api.get(`/v1/family/recoveries/${recoveryId}/vaults`, organizer.token), 409, 'invalid_request');

      const newSecret = randomSecret();
      const { reset, keys, recoveryToken, registrationRecord } = await memberReset(api, member.email, newSecret);
      expect(reset.body).toEqual({ recovered: true, accountId: member.accountId });
      // In the same transaction: the code is gone, every session ended, the vaults set aside.
      expect(await db.selectFrom('recovery_credentials').select('id').where('account_id', '=', member.accountId).execute()).toEqual([]);
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
      const otherOrganizer = await person(api, 'org@other.example');
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
      const organizer = await person(api, 'org@self.example');
      const member = await person(api, 'member@self.example');
      await createFamily(api, organizer, []);
      expect((await join(api, member, await invite(api, organizer, member.email), [])).status).toBe(200);
      const code = await setUpRecoveryCode(api, member.token, member.accountId, newAccountKey());
      expect((await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token)).status).toBe(201);

      const { verified } = await recoverUpToToken(api, smtp, member.email, code.text);
      expect((await resetWithToken(api, verified.body.recoveryToken, randomSecret())).finished.status).toBe(200);
      expect(await db.selectFrom('family_recoveries').select('id').execute()).toEqual([]);
      // The code still works.
      expect((await recoverUpToToken(api, smtp, member.email, code.text)).verified.status).toBe(200);
      // And the organizer's recovery link now leads nowhere: the same answer, no code sent.
      const before = smtp.messages.length;
      expect((await api.post('/v1/family-recovery/start', { email: member.email })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(smtp.messages.slice(before).filter((mail) => mail.raw.includes('family recovery'))).toEqual([]);
    }));
});
