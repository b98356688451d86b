/**
 * Bad records (docs/security-design.md §13.4): an OPAQUE registration record, an envelope or a public key the server
 * stores must have the right length and structure (the OPAQUE library can read the record);
 * anything else is a 400 that changes nothing. Each refusal is followed by the well-formed
 * request succeeding, so the refusal is the value's doing and not the state's.
 */
import * as opaque from '@serenity-kit/opaque';
import { describe, expect, it } from 'vitest';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { testDatabases } from './databases';
import { type Api, expectError, fakeBlob, fakeEnvelope, fakeKeyset, fakeWrappedKey, keyStretching, login, randomSecret, signUp, snapshot, stepUp, verifyEmail, wellFormedRecord, withTestServer, type TestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

/** A record of the right length whose client public key is not a ristretto255 point (all zero): only the library can tell. */
function unreadable(record: string): string {
  const bytes = Buffer.from(record, 'base64url');
  bytes.fill(0, 0, 32);
  return bytes.toString('base64url');
}

/** Records that must be refused, made from a well-formed one. */
function badRecords(record: string): string[] {
  const bytes = Buffer.from(record, 'base64url');
  return ['str', record.slice(0, 200), Buffer.concat([bytes, Buffer.from([0])]).toString('base64url'), bytes.toString('base64'), unreadable(record)];
}

/** Everything that is not envelope `kind` with a `plaintext`-byte plaintext (wrong kind, version, length, encoding). */
function badEnvelopes(kind: EnvelopeKind, plaintext: number): string[] {
  const otherKind = kind === EnvelopeKind.AccountKeyByAuk ? EnvelopeKind.AccountKeyByRecovery : EnvelopeKind.AccountKeyByAuk;
  const good = Buffer.from(fakeEnvelope(kind, plaintext), 'base64url');
  const otherVersion = Buffer.from(good);
  otherVersion[0] = 0x02;
  return ['str', fakeEnvelope(otherKind, plaintext), otherVersion.toString('base64url'), fakeEnvelope(kind, plaintext - 1), fakeEnvelope(kind, plaintext + 1), `${good.toString('base64url')}=`];
}

/** Not a 32-byte public key: too short, too long, or 32 bytes with stray bits in the last character. */
const badPublicKeys = () => [fakeBlob(31), fakeBlob(33), `${fakeBlob(32).slice(0, 42)}B`, 'str'];

/** The new record of a password or recovery-code registration, through the route's start step. */
async function newRecord(api: Api, startPath: string, body: Record<string, string>, token?: string): Promise<string> {
  await opaque.ready;
  const password = randomSecret();
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password });
  const started = await api.call('POST', startPath, { ...body, registrationRequest }, token);
  expect(started.status).toBe(200);
  return opaque.client.finishRegistration({ password, clientRegistrationState, registrationResponse: started.body.registrationResponse, keyStretching }).registrationRecord;
}

/** Password change finish, with a step-up token: a refused body does not use it up (the checks run before it). */
const passwordFinish = (api: Api, token: string, body: unknown, stepUpHeader: Record<string, string>) => api.call('POST', '/v1/account/password/finish', body, token, undefined, stepUpHeader);
/** Recovery code setup finish, likewise. */
const recoveryCredentialFinish = (api: Api, token: string, body: unknown, stepUpHeader: Record<string, string>) => api.call('POST', '/v1/recovery/credential/finish', body, token, undefined, stepUpHeader);

/** Sends each variant of `good` and expects a 400 that changes no table (sessions aside: authenticating touches them). */
async function expectRefused({ db }: TestServer, variants: unknown[], send: (body: unknown) => Promise<{ status: number; body: unknown }>): Promise<void> {
  const before = await snapshot(db, ['sessions']);
  for (const variant of variants) expectError(await send(variant), 400, 'invalid_request');
  expect(await snapshot(db, ['sessions'])).toEqual(before);
}

describe.each(testDatabases)('records checked before they are stored on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  it('sign-up: a malformed record, wrapped key, public key or keyset is refused; the well-formed ones then sign in', () =>
    withServer(async (server) => {
      const { api } = server;
      const { signupToken } = await verifyEmail(api, smtp, 'rita@example.com');
      const secret = randomSecret();
      await opaque.ready;
      const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: secret });
      const started = await api.post('/v1/signup/registration/start', { signupToken, registrationRequest });
      const { registrationRecord } = opaque.client.finishRegistration({ password: secret, clientRegistrationState, registrationResponse: started.body.registrationResponse, keyStretching });
      const good = { signupToken, registrationRecord, wrappedAccountKey: fakeWrappedKey(), publicKeys: { x25519: fakeBlob(32), ed25519: fakeBlob(32) }, encryptedKeyset: fakeKeyset() };
      const variants = [
        ...badRecords(registrationRecord).map((bad) => ({ ...good, registrationRecord: bad })),
        ...badEnvelopes(EnvelopeKind.AccountKeyByAuk, 32).map((bad) => ({ ...good, wrappedAccountKey: bad })),
        ...badEnvelopes(EnvelopeKind.KeysetPrivate, 64).map((bad) => ({ ...good, encryptedKeyset: bad })),
        ...badPublicKeys().flatMap((bad) => [{ ...good, publicKeys: { ...good.publicKeys, x25519: bad } }, { ...good, publicKeys: { ...good.publicKeys, ed25519: bad } }]),
      ];
      await expectRefused(server, variants, (body) => api.post('/v1/signup/registration/finish', body));
      expect((await api.post('/v1/signup/registration/finish', good)).status).toBe(201);
      expect((await login(api, 'rita@example.com', secret)).status).toBe(200);
    }));

  it('password change and recovery code setup: a malformed record or wrapped key is refused; the well-formed ones are stored', () =>
    withServer(async (server) => {
      const { api, db } = server;
      const user = await signUp(api, smtp, 'sam@example.com');
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      // Both step-ups before the password changes.
      const passwordStepUp = await stepUp(api, token, user.secret);
      const codeStepUp = await stepUp(api, token, user.secret);

      const record = await newRecord(api, '/v1/account/password/start', {}, token);
      const password = { registrationRecord: record, wrappedAccountKey: fakeWrappedKey() };
      const passwordVariants = [
        ...badRecords(record).map((bad) => ({ ...password, registrationRecord: bad })),
        ...badEnvelopes(EnvelopeKind.AccountKeyByAuk, 32).map((bad) => ({ ...password, wrappedAccountKey: bad })),
      ];
      await expectRefused(server, passwordVariants, (body) => passwordFinish(api, token, body, passwordStepUp));
      expect((await passwordFinish(api, token, password, passwordStepUp)).status).toBe(200);
      const account = await db.selectFrom('accounts').select(['opaque_record', 'wrapped_account_key']).executeTakeFirstOrThrow();
      expect(account).toEqual({ opaque_record: record, wrapped_account_key: password.wrappedAccountKey });

      const codeRecord = await newRecord(api, '/v1/recovery/credential/start', {}, token);
      const code = { registrationRecord: codeRecord, wrappedAccountKey: fakeEnvelope(EnvelopeKind.AccountKeyByRecovery, 32) };
      const codeVariants = [
        ...badRecords(codeRecord).map((bad) => ({ ...code, registrationRecord: bad })),
        ...badEnvelopes(EnvelopeKind.AccountKeyByRecovery, 32).map((bad) => ({ ...code, wrappedAccountKey: bad })),
      ];
      await expectRefused(server, codeVariants, (body) => recoveryCredentialFinish(api, token, body, codeStepUp));
      expect((await recoveryCredentialFinish(api, token, code, codeStepUp)).status).toBe(201);
    }));

  it('both account recoveries check the record before the token: an unreadable one is 400, a readable one reaches the token check', () =>
    withServer(async (server) => {
      const { api } = server;
      const record = await wellFormedRecord();
      const routes = {
        '/v1/recovery/reset/finish': { recoveryToken: fakeBlob(32), registrationRecord: record, wrappedAccountKey: fakeWrappedKey() },
        '/v1/family-recovery/reset/finish': {
          recoveryToken: fakeBlob(32),
          registrationRecord: record,
          wrappedAccountKey: fakeWrappedKey(),
          publicKeys: { x25519: fakeBlob(32), ed25519: fakeBlob(32) },
          encryptedKeyset: fakeKeyset(),
        },
      };
      for (const [path, good] of Object.entries(routes)) {
        await expectRefused(server, [...badRecords(record).map((bad) => ({ ...good, registrationRecord: bad })), ...badEnvelopes(EnvelopeKind.AccountKeyByAuk, 32).map((bad) => ({ ...good, wrappedAccountKey: bad }))], (body) =>
          api.post(path, body),
        );
        expect((await api.post(path, good)).status, path).toBe(401);
      }
    }));

  it('vaults, items and families: a wrong-kind or wrong-length envelope or public key is refused; the well-formed vault is made', () =>
    withServer(async (server) => {
      const { api } = server;
      const user = await signUp(api, smtp, 'tess@example.com');
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const vaultId = fakeBlob(16);
      const vault = { vaultId, sealedVaultKey: fakeEnvelope(EnvelopeKind.VaultKeySealed, 54) };
      const sealedKeyVariants = [fakeEnvelope(EnvelopeKind.FamilyGroupKeySealed, 54), fakeEnvelope(EnvelopeKind.VaultKeySealed, 0), 'str', `${vault.sealedVaultKey.slice(0, -1)}=`];
      await expectRefused(
        server,
        [
          ...sealedKeyVariants.map((bad) => ({ ...vault, sealedVaultKey: bad })),
          ...sealedKeyVariants.map((bad) => ({ ...vault, recoveryGrant: { keyId: fakeBlob(16), sealedVaultKey: bad } })),
          { ...vault, shared: { attributes: fakeEnvelope(EnvelopeKind.ItemOverview, 20) } },
        ],
        (body) => api.post('/v1/vaults', body, token),
      );
      expect((await api.post('/v1/vaults', vault, token)).status).toBe(201);

      const item = { expectedVersion: 0, overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256), details: fakeEnvelope(EnvelopeKind.PaddedItemDetails, 256) };
      const itemPath = `/v1/vaults/${vaultId}/items/${fakeBlob(16)}`;
      await expectRefused(server, [{ ...item, overview: item.details }, { ...item, details: item.overview }, { ...item, overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256).replace(/^AQ./, 'AgU') }], (body) =>
        api.call('PUT', itemPath, body, token),
      );
      expect((await api.call('PUT', itemPath, item, token)).status).toBe(200);

      const member = { accountId: 'ABC123', publicKey: fakeBlob(32), sealedVaultKey: vault.sealedVaultKey };
      await expectRefused(server, badPublicKeys().map((bad) => ({ ...member, publicKey: bad })), (body) => api.post(`/v1/vaults/${vaultId}/members`, body, token));

      const group = { publicKey: fakeBlob(32), signature: fakeBlob(64), sealedPrivateKeys: [{ accountId: user.accountId, sealedPrivateKey: fakeEnvelope(EnvelopeKind.FamilyGroupKeySealed, 64) }], vaultGrants: [] };
      const groupVariants = [
        ...badPublicKeys().map((bad) => ({ ...group, publicKey: bad })),
        ...[fakeBlob(63), fakeBlob(65), '', 'not base64url!'].map((bad) => ({ ...group, signature: bad })),
        ...[fakeEnvelope(EnvelopeKind.VaultKeySealed, 64), fakeEnvelope(EnvelopeKind.FamilyGroupKeySealed, 32)].map((bad) => ({ ...group, sealedPrivateKeys: [{ accountId: user.accountId, sealedPrivateKey: bad }] })),
      ];
      await expectRefused(server, groupVariants.map((recoveryGroup) => ({ familyId: fakeBlob(16), name: 'Family', recoveryGroup })), (body) => api.post('/v1/families', body, token));
      await expectRefused(server, badPublicKeys().map((bad) => ({ memberPublicKey: bad, vaultKeys: [] })), (body) => api.post(`/v1/family/recoveries/${fakeBlob(16)}/complete`, body, token));
    }));
});
