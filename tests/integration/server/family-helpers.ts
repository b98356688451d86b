/** Families at the API level, for the server tests: people signed in, their vaults, a family, invitations. */
import * as opaque from '@serenity-kit/opaque';
import { expect } from 'vitest';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { type Api, fakeBlob, fakeEnvelope, fakeKeyset, fakeWrappedKey, keyStretching, login, signUp, type SignedUp, type TestSmtp } from './harness';
import { waitForMail } from './recovery-helpers';

/** Stand-ins for sealed boxes (the server only stores and routes them): 160 random bytes as base64url. */
/** A vault key grant (0x04: key and a 22-character vault id), and a family group key sealed to an organizer (0x07). */
export const sealed = () => fakeEnvelope(EnvelopeKind.VaultKeySealed, 54);
export const sealedGroupKey = () => fakeEnvelope(EnvelopeKind.FamilyGroupKeySealed, 64);
export const newVaultId = () => fakeBlob(16);

export interface Person extends SignedUp {
  token: string;
}

export async function person(api: Api, smtp: TestSmtp, email: string): Promise<Person> {
  const user = await signUp(api, smtp, email);
  const signedIn = await login(api, user.email, user.secret);
  expect(signedIn.status).toBe(200);
  return { ...user, token: signedIn.body.sessionToken };
}

/** A vault of `owner`'s; `shared` gives it an (opaque) encrypted name, which makes it a shared vault. */
export async function createVault(api: Api, owner: Person, recoveryGrant?: { keyId: string; sealedVaultKey: string }, shared?: { attributes: string }) {
  const vaultId = newVaultId();
  const created = await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealed(), ...(recoveryGrant && { recoveryGrant }), ...(shared && { shared }) }, owner.token);
  return { vaultId, created };
}

/** A family with `organizer` and a grant for each vault: a stand-in box, or (with `group`) the vault key sealed to a real group key. */
export async function createFamily(api: Api, organizer: Person, vaultIds: string[], group?: { publicKey: string; sealTo: (vaultId: string, groupPublicKey: string) => string }) {
  const publicKey = group?.publicKey ?? fakeBlob(32);
  const vaultGrants = vaultIds.map((vaultId) => ({ vaultId, sealedVaultKey: group ? group.sealTo(vaultId, publicKey) : sealed() }));
  const created = await api.post('/v1/families', { familyId: fakeBlob(16), name: 'The Appleseeds', recoveryGroup: { publicKey, signature: fakeBlob(64), sealedPrivateKeys: [{ accountId: organizer.accountId, sealedPrivateKey: sealedGroupKey() }], vaultGrants } }, organizer.token);
  expect(created.status).toBe(201);
  return created.body.family as { familyId: string; recoveryGroup: { keyId: string; publicKey: string; generation: number } };
}

/** Invites `email`, reads the invitation code from the mail, and returns it. */
export async function invite(api: Api, smtp: TestSmtp, organizer: Person, email: string): Promise<string> {
  const before = smtp.messages.length;
  expect((await api.post('/v1/family/invites', { email }, organizer.token)).status).toBe(201);
  const mail = await waitForMail(smtp, email.trim().toLowerCase(), /invitation code is/, before);
  return /invitation code is: ([A-Za-z0-9_-]{43})/.exec(mail)![1]!;
}

/** Joins with a grant for each vault: a stand-in box, or the vault key sealed to the group by `sealTo`. */
export async function join(api: Api, member: Person, inviteToken: string, vaultIds: string[], sealTo?: (vaultId: string, groupPublicKey: string) => string) {
  const preview = await api.post('/v1/family/invitation', { inviteToken }, member.token);
  expect(preview.status).toBe(200);
  const { keyId, publicKey } = preview.body.recoveryGroup;
  return api.post('/v1/family/join', { inviteToken, keyId, vaultGrants: vaultIds.map((vaultId) => ({ vaultId, sealedVaultKey: sealTo ? sealTo(vaultId, publicKey) : sealed() })) }, member.token);
}

/** The member's side of an organizer recovery: email code, token, new OPAQUE record and keys (`x25519`: their new public key). */
export async function memberReset(api: Api, smtp: TestSmtp, email: string, newSecret: string, x25519 = fakeBlob(32)) {
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
  const keys = { wrappedAccountKey: fakeWrappedKey(), publicKeys: { x25519, ed25519: fakeBlob(32) }, encryptedKeyset: fakeKeyset() };
  const reset = await api.post('/v1/family-recovery/reset/finish', { recoveryToken, registrationRecord, ...keys });
  return { verified, reset, keys, recoveryToken: recoveryToken as string, registrationRecord };
}
