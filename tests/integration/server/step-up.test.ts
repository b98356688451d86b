/**
 * The step-up (docs/security-design.md §13.0.3), on each database: a stolen session with the password but
 * not the authenticator changes nothing; wrong passwords, replayed or foreign step-up ids,
 * expiry, the per-account limit on starts; tokens used once, by their own session only; a
 * security key as the second factor; a pending recovery code activated only by its uploader.
 */
import * as opaque from '@serenity-kit/opaque';
import { describe, expect, it } from 'vitest';
import { STEP_UP_TTL_SECONDS } from '../../../src/shared/server-api/step-up';
import { testDatabases } from './databases';
import { expectError, fakeBlob, keyStretching, login, randomSecret, signUp, snapshot, stepUp, stepUpResponse, type Api, type TestServer, withTestServer } from './harness';
import { newAccountKey, proveCode, setUpRecoveryCode, uploadRecoveryCode } from './recovery-helpers';
import { SoftwareKey } from './software-key';
import { codeAt, enableTotp, wrongCode } from './two-factor-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const TTL = STEP_UP_TTL_SECONDS * 1000;
const paths = { start: '/v1/account/step-up/start', securityKey: '/v1/account/step-up/security-key', finish: '/v1/account/step-up/finish', signOutOthers: '/v1/sessions/sign-out-others' };
type Session = { sessionToken: string; sessionId: string };

/** Step-up 1 and the client's OPAQUE finish: what step 3 sends. */
async function startStepUp(api: Api, token: string, secret: string) {
  await opaque.ready;
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password: secret });
  const started = await api.post(paths.start, { startLoginRequest }, token);
  expect(started.status).toBe(200);
  const finished = opaque.client.finishLogin({ password: secret, clientLoginState, loginResponse: started.body.loginResponse, keyStretching });
  return { started: started.body, proof: { stepUpId: started.body.stepUpId as string, finishLoginRequest: finished?.finishLoginRequest ?? fakeBlob(64) } };
}

describe.each(testDatabases)('the step-up on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);
  const mailOf = (name: string) => `${name}-step-up-${database.name}@example.com`;

  async function account({ api }: TestServer, name: string) {
    const user = await signUp(api, smtp, mailOf(name));
    const session = async () => (await login(api, user.email, user.secret)).body as Session;
    return { user, session };
  }

  it('leaves a stolen session with the password but not the authenticator unable to change how the account is reached', () =>
    withServer(async (server) => {
      const { api, db, clock } = server;
      const { user, session } = await account(server, 'owner');
      const owner = await session();
      const recoveryCode = await setUpRecoveryCode(api, owner.sessionToken, user.accountId, newAccountKey(), user.secret);
      const totp = await enableTotp(api, clock, owner.sessionToken);
      const attacker = (await session()).sessionToken;
      const before = await snapshot(db, ['rate_limits', 'audit_events']);

      expectError(await stepUpResponse(api, attacker, user.secret), 403, 'second_factor_required');
      expectError(await stepUpResponse(api, attacker, user.secret, { code: wrongCode(await codeAt(totp, clock.now())) }), 400, 'invalid_code');
      const record = { registrationRecord: fakeBlob(192), wrappedAccountKey: fakeBlob(72) };
      const garbage = { 'latchkey-step-up': randomSecret() };
      const attempts: [string, string, unknown][] = [
        ['POST', '/v1/account/password/start', { registrationRequest: fakeBlob(32) }],
        ['POST', '/v1/account/password/finish', record],
        ['POST', '/v1/recovery/credential/start', { registrationRequest: fakeBlob(32) }],
        ['POST', '/v1/recovery/credential/finish', record],
        ['POST', '/v1/recovery/credential/activate', {}],
        ['DELETE', '/v1/recovery/credential', undefined],
        ['PUT', '/v1/recovery/checks', { checks: ['email'] }],
        ['POST', paths.signOutOthers, {}],
        ['DELETE', `/v1/sessions/${owner.sessionId}`, undefined],
        ['POST', '/v1/two-factor/totp/disable', { code: wrongCode(await codeAt(totp, clock.now())) }],
      ];
      for (const [method, path, body] of attempts) expectError(await api.call(method, path, body, attacker, undefined, garbage), 403, 'second_factor_required');
      expect(await snapshot(db, ['rate_limits', 'audit_events'])).toEqual(before);
      expect((await api.get('/v1/two-factor', attacker)).body.passed).toBe(false);

      // The owner's session, password, authenticator and recovery code all still work.
      expect((await api.get('/v1/vaults', owner.sessionToken)).status).toBe(200);
      clock.advance(30_000);
      const header = await stepUp(api, owner.sessionToken, user.secret, { code: await codeAt(totp, clock.now()) });
      expect(await api.call('POST', paths.signOutOthers, {}, owner.sessionToken, undefined, header)).toEqual({ status: 200, body: { signedOut: 1 } });
      expectError(await api.get('/v1/account', attacker), 401, 'unauthorized');
      expect((await login(api, user.email, user.secret)).status).toBe(200);
      expect((await proveCode(api, user.email, recoveryCode.text)).proved.status).toBe(202);
    }));

  it('refuses a wrong password, a replayed or another session’s step-up, and a late finish; a token serves its own session once', () =>
    withServer(async (server) => {
      const { api, db, clock } = server;
      const { user, session } = await account(server, 'proofs');
      const [laptop, phone] = [await session(), await session()];
      const mallory = await account(server, 'mallory');
      const malloryToken = (await mallory.session()).sessionToken;

      const before = await snapshot(db, ['rate_limits', 'audit_events']);
      expectError(await stepUpResponse(api, laptop.sessionToken, randomSecret()), 400, 'invalid_credentials');
      expect(await snapshot(db, ['rate_limits', 'audit_events'])).toEqual(before);
      expect(await db.selectFrom('audit_events').select('event').where('event', '=', 'step_up.failed').execute()).toHaveLength(1);

      // A step-up id is answered once, by the session that started it.
      const replayed = await startStepUp(api, laptop.sessionToken, user.secret);
      expect(replayed.started).toMatchObject({ secondFactor: { authenticator: false, securityKey: false }, expiresInSeconds: STEP_UP_TTL_SECONDS });
      expect((await api.post(paths.finish, replayed.proof, laptop.sessionToken)).status).toBe(200);
      expectError(await api.post(paths.finish, replayed.proof, laptop.sessionToken), 400, 'login_expired');
      const laptops = await startStepUp(api, laptop.sessionToken, user.secret);
      expectError(await api.post(paths.finish, laptops.proof, phone.sessionToken), 400, 'login_expired');
      expectError(await api.post(paths.finish, laptops.proof, malloryToken), 400, 'login_expired');
      const finished = await api.post(paths.finish, laptops.proof, laptop.sessionToken);
      expect(finished.body).toEqual({ stepUpToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresInSeconds: STEP_UP_TTL_SECONDS });
      const header = { 'latchkey-step-up': finished.body.stepUpToken as string };

      // The token: not for another session of the account, nor another account; once for its own.
      expectError(await api.call('POST', paths.signOutOthers, {}, phone.sessionToken, undefined, header), 403, 'step_up_required');
      expectError(await api.call('POST', paths.signOutOthers, {}, malloryToken, undefined, header), 403, 'step_up_required');
      expect(await api.call('POST', paths.signOutOthers, {}, laptop.sessionToken, undefined, header)).toEqual({ status: 200, body: { signedOut: 1 } });
      expectError(await api.call('POST', paths.signOutOthers, {}, laptop.sessionToken, undefined, header), 403, 'step_up_required');
      expect((await api.get('/v1/account', malloryToken)).status).toBe(200);

      // A started step-up can be finished for 5 minutes.
      const inTime = await startStepUp(api, laptop.sessionToken, user.secret);
      clock.advance(TTL - 1000);
      expect((await api.post(paths.finish, inTime.proof, laptop.sessionToken)).status).toBe(200);
      const late = await startStepUp(api, laptop.sessionToken, user.secret);
      clock.advance(TTL);
      expectError(await api.post(paths.finish, late.proof, laptop.sessionToken), 400, 'login_expired');
    }));

  it('refuses malformed step-up input with a clear 400, and changes nothing', () =>
    withServer(async (server) => {
      const { api, db } = server;
      const { user, session } = await account(server, 'bad-input');
      const token = (await session()).sessionToken;
      const { proof } = await startStepUp(api, token, user.secret);
      const before = await snapshot(db);
      const bad: [string, unknown][] = [
        [paths.start, {}],
        [paths.start, { startLoginRequest: 'not base64url!' }],
        [paths.start, { startLoginRequest: fakeBlob(32) }],
        [paths.start, { startLoginRequest: opaque.client.startLogin({ password: user.secret }).startLoginRequest, extra: 1 }],
        [paths.securityKey, { credential: fakeBlob(32) }],
        [paths.finish, {}],
        [paths.finish, { ...proof, stepUpId: 'short' }],
        [paths.finish, { ...proof, finishLoginRequest: 42 }],
        [paths.finish, { ...proof, code: '12345' }],
        [paths.finish, { ...proof, code: 'abcdef' }],
        [paths.finish, { ...proof, securityKey: { id: 'x' } }],
        [paths.finish, { ...proof, surprise: true }],
      ];
      for (const [path, body] of bad) expectError(await api.post(path, body, token), 400, 'invalid_request');
      expect(await snapshot(db)).toEqual(before);
      // A well-formed id that was never started.
      expectError(await api.post(paths.finish, { ...proof, stepUpId: randomSecret() }, token), 400, 'login_expired');
      // The step-up under way was not touched.
      expect((await api.post(paths.finish, proof, token)).status).toBe(200);
    }));

  it('allows 10 step-up starts per account in 15 minutes, whichever session makes them', () =>
    withServer(async (server) => {
      const { api, clock } = server;
      const { user, session } = await account(server, 'limit');
      const sessions = [await session(), await session()];
      const other = await account(server, 'limit-other');
      for (let i = 0; i < 10; i++) await startStepUp(api, sessions[i % 2]!.sessionToken, user.secret);
      const start = async (token: string, secret: string) => api.post(paths.start, { startLoginRequest: opaque.client.startLogin({ password: secret }).startLoginRequest }, token);
      expectError(await start(sessions[0]!.sessionToken, user.secret), 429, 'rate_limited');
      expectError(await start((await session()).sessionToken, user.secret), 429, 'rate_limited');
      expect((await start((await other.session()).sessionToken, other.user.secret)).status).toBe(200);
      clock.advance(15 * 60_000);
      expect((await start(sessions[0]!.sessionToken, user.secret)).status).toBe(200);
    }));

  it('accepts a security key’s answer to the step-up challenge as the second factor', () =>
    withServer(async (server) => {
      const { api } = server;
      const { user, session } = await account(server, 'key');
      const owner = await session();
      const key = new SoftwareKey();
      const registration = (await api.post('/v1/two-factor/security-keys/registration/start', {}, owner.sessionToken)).body.options;
      expect((await api.post('/v1/two-factor/security-keys/registration/finish', { name: 'Blue key', response: key.register(registration) }, owner.sessionToken)).status).toBe(200);

      const laptop = (await session()).sessionToken;
      expectError(await api.get('/v1/vaults', laptop), 403, 'second_factor_required');
      const bare = await startStepUp(api, laptop, user.secret);
      expect(bare.started.secondFactor).toEqual({ authenticator: false, securityKey: true });
      expectError(await api.post(paths.finish, bare.proof, laptop), 403, 'second_factor_required');
      // An answer to a sign-in challenge does not serve a step-up.
      const signInOptions = (await api.post('/v1/two-factor/security-keys/authentication/start', {}, laptop)).body.options;
      const misused = await startStepUp(api, laptop, user.secret);
      expectError(await api.post(paths.finish, { ...misused.proof, securityKey: key.authenticate(signInOptions) }, laptop), 400, 'challenge_expired');
      expect((await api.get('/v1/two-factor', laptop)).body.passed).toBe(false);

      const options = (await api.post(paths.securityKey, {}, laptop)).body.options;
      expect(options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([key.id]);
      const { proof } = await startStepUp(api, laptop, user.secret);
      const finished = await api.post(paths.finish, { ...proof, securityKey: key.authenticate(options) }, laptop);
      expect(finished.status).toBe(200);
      expect((await api.get('/v1/two-factor', laptop)).body.passed).toBe(true);
      expect((await api.get('/v1/vaults', laptop)).status).toBe(200);
      const header = { 'latchkey-step-up': finished.body.stepUpToken as string };
      expect(await api.call('DELETE', `/v1/sessions/${owner.sessionId}`, undefined, laptop, undefined, header)).toEqual({ status: 200, body: { signedOut: 1 } });
    }));

  it('activates a pending recovery code only from the session that uploaded it', () =>
    withServer(async (server) => {
      const { api, db } = server;
      const { user, session } = await account(server, 'recovery');
      const [uploader, other] = [await session(), await session()];
      const accountKey = newAccountKey();
      const active = await setUpRecoveryCode(api, uploader.sessionToken, user.accountId, accountKey, user.secret);
      const pending = await uploadRecoveryCode(api, uploader.sessionToken, user.accountId, accountKey, user.secret);
      expect(pending.finish.status).toBe(201);

      const before = await snapshot(db);
      expectError(await api.post('/v1/recovery/credential/activate', {}, other.sessionToken), 404, 'not_found');
      expect(await snapshot(db)).toEqual(before);
      // (Three recovery starts per email and address an hour.)
      expectError((await proveCode(api, user.email, pending.text)).proved, 401, 'invalid_credentials');

      expect((await api.post('/v1/recovery/credential/activate', {}, uploader.sessionToken)).body).toMatchObject({ status: 'active', pending: false });
      expect((await proveCode(api, user.email, pending.text)).proved.status).toBe(202);
      expectError((await proveCode(api, user.email, active.text)).proved, 401, 'invalid_credentials');
    }));
});
