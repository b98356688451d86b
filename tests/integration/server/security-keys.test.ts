/**
 * Security keys as a second factor, against the real server on each database, with a
 * software authenticator (real P-256 keys, real 'none' attestation and assertion signatures):
 * registering, the 2FA gate, origin and RP ID checks, single-use and expiring challenges,
 * unknown keys, the counter, the limit shared by two instances, removing, and bad input.
 */
import { describe, expect, it } from 'vitest';
import { startServer } from '../../../src/server/index';
import { testDatabases } from './databases';
import { Clock, expectError, login, signUp, snapshot, startTestServer, withTestServer, type Api } from './harness';
import { SoftwareKey, type Ceremony } from './software-key';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

const mailArrives = (email: string, text: string) => expect.poll(() => smtp.messages.some((mail) => mail.to.includes(email) && mail.raw.includes(text))).toBe(true);

const paths = {
  list: '/v1/two-factor/security-keys',
  registrationStart: '/v1/two-factor/security-keys/registration/start',
  registrationFinish: '/v1/two-factor/security-keys/registration/finish',
  authenticationStart: '/v1/two-factor/security-keys/authentication/start',
  authenticationFinish: '/v1/two-factor/security-keys/authentication/finish',
};

async function registerKey(api: Api, token: string, key: SoftwareKey, name: string, ceremony: Ceremony = {}) {
  const started = await api.post(paths.registrationStart, {}, token);
  expect(started.status).toBe(200);
  return api.post(paths.registrationFinish, { name, response: key.register(started.body.options, ceremony) }, token);
}

async function useKey(api: Api, token: string, key: SoftwareKey, ceremony: Ceremony & { counter?: number } = {}) {
  const started = await api.post(paths.authenticationStart, {}, token);
  expect(started.status).toBe(200);
  return api.post(paths.authenticationFinish, { response: key.authenticate(started.body.options, ceremony) }, token);
}

async function accountWithKey(api: Api, email: string, key = new SoftwareKey()) {
  const user = await signUp(api, smtp, email);
  const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
  expect((await registerKey(api, token, key, 'Blue key')).status).toBe(200);
  const newDevice = async () => (await login(api, user.email, user.secret)).body.sessionToken as string;
  return { user, token, key, newDevice };
}

describe.each(testDatabases)('security keys on $name', (database) => {
  const withServer = (test: Parameters<typeof withTestServer>[2]) => withTestServer(database, smtp, test);

  it('registers named keys; the account then gates every new session until one of them signs', () =>
    withServer(async ({ api, db, clock }) => {
      const user = await signUp(api, smtp, 'keys-on@example.com');
      const token = (await login(api, user.email, user.secret)).body.sessionToken;
      const started = await api.post(paths.registrationStart, {}, token);
      expect(started.body.options).toMatchObject({ rp: { id: 'app.latchkey.invalid', name: 'Latchkey' }, attestation: 'none', excludeCredentials: [], authenticatorSelection: { userVerification: 'discouraged' } });
      const blue = new SoftwareKey();
      const added = await api.post(paths.registrationFinish, { name: 'Blue key', response: blue.register(started.body.options) }, token);
      expect(added.body).toEqual({
        status: { required: true, passed: true, totp: { enabledAt: null }, securityKeys: 1 },
        key: { id: expect.any(String), name: 'Blue key', createdAt: new Date(clock.now()).toISOString(), lastUsedAt: null },
      });
      await mailArrives(user.email, 'A security key named "Blue key" was registered');
      // A second key; the first is excluded from its options, so a browser will not register it twice.
      clock.advance(1000);
      const green = new SoftwareKey();
      const second = await api.post(paths.registrationStart, {}, token);
      expect(second.body.options.excludeCredentials).toEqual([{ id: blue.id, type: 'public-key', transports: ['usb'] }]);
      expect((await api.post(paths.registrationFinish, { name: 'Green key', response: green.register(second.body.options) }, token)).status).toBe(200);
      // The same credential again: refused, nothing added.
      expectError(await registerKey(api, token, blue, 'Blue again'), 409, 'security_key_exists');
      expect((await api.get(paths.list, token)).body.keys.map((key: { name: string }) => key.name)).toEqual(['Blue key', 'Green key']);

      clock.advance(60_000);
      const laptop = (await login(api, user.email, user.secret)).body.sessionToken;
      expect((await api.get('/v1/two-factor', laptop)).body).toEqual({ required: true, passed: false, totp: { enabledAt: null }, securityKeys: 2 });
      expectError(await api.get('/v1/vaults', laptop), 403, 'second_factor_required');
      expectError(await api.get(paths.list, laptop), 403, 'second_factor_required');
      expectError(await api.post(paths.registrationStart, {}, laptop), 403, 'second_factor_required');
      const options = (await api.post(paths.authenticationStart, {}, laptop)).body.options;
      expect(options).toMatchObject({ rpId: 'app.latchkey.invalid', userVerification: 'discouraged' });
      expect(options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([blue.id, green.id]);
      expect((await api.post(paths.authenticationFinish, { response: green.authenticate(options) }, laptop)).body).toMatchObject({ required: true, passed: true });
      expect((await api.get('/v1/vaults', laptop)).status).toBe(200);
      const keys = (await api.get(paths.list, laptop)).body.keys;
      expect(keys[1]).toMatchObject({ name: 'Green key', lastUsedAt: new Date(clock.now()).toISOString() });
      const events = (await db.selectFrom('audit_events').select('event').where('account_id', '=', user.accountId).execute()).map((e) => e.event);
      expect(events.filter((e) => e === 'two_factor.security_key_added')).toHaveLength(2);
      expect(events).toContain('two_factor.passed');
    }));

  it('refuses an answer for another origin or RP ID, and stores nothing', () =>
    withServer(async ({ api, db }) => {
      const { token, key, newDevice } = await accountWithKey(api, 'keys-origin@example.com');
      const other = new SoftwareKey();
      const before = await snapshot(db, ['rate_limits', 'audit_events', 'webauthn_challenges']);
      expectError(await registerKey(api, token, other, 'Phished', { origin: 'https://evil.example' }), 400, 'security_key_refused');
      expectError(await registerKey(api, token, other, 'Electron', { origin: 'latchkey://app' }), 400, 'security_key_refused');
      expectError(await registerKey(api, token, other, 'Other RP', { rpId: 'evil.example' }), 400, 'security_key_refused');
      expect(await snapshot(db, ['rate_limits', 'audit_events', 'webauthn_challenges'])).toEqual(before);

      const laptop = await newDevice();
      expectError(await useKey(api, laptop, key, { origin: 'https://evil.example' }), 400, 'security_key_refused');
      expectError(await useKey(api, laptop, key, { rpId: 'latchkey.invalid' }), 400, 'security_key_refused');
      expect((await api.get('/v1/two-factor', laptop)).body.passed).toBe(false);
      expect((await db.selectFrom('audit_events').select('event').where('event', '=', 'two_factor.failed').execute()).length).toBe(5);
    }));

  it('uses a challenge once, for its purpose and session, within its lifetime', () =>
    withServer(async ({ api, clock }) => {
      const { key, newDevice } = await accountWithKey(api, 'keys-challenge@example.com');
      const laptop = await newDevice();
      const phone = await newDevice();
      // Replay: the same answer twice.
      const options = (await api.post(paths.authenticationStart, {}, laptop)).body.options;
      const answer = key.authenticate(options);
      expect((await api.post(paths.authenticationFinish, { response: answer }, laptop)).status).toBe(200);
      expectError(await api.post(paths.authenticationFinish, { response: answer }, laptop), 400, 'challenge_expired');
      // Another session's challenge.
      const phoneOptions = (await api.post(paths.authenticationStart, {}, phone)).body.options;
      const tablet = await newDevice();
      expectError(await api.post(paths.authenticationFinish, { response: key.authenticate(phoneOptions) }, tablet), 400, 'challenge_expired');
      // A registration challenge does not serve a sign-in.
      const registration = (await api.post(paths.registrationStart, {}, laptop)).body.options;
      expectError(await api.post(paths.authenticationFinish, { response: key.authenticate({ challenge: registration.challenge, rpId: registration.rp.id }) }, laptop), 400, 'challenge_expired');
      // Expired: two minutes.
      const late = (await api.post(paths.authenticationStart, {}, phone)).body.options;
      clock.advance(2 * 60_000 + 1);
      expectError(await api.post(paths.authenticationFinish, { response: key.authenticate(late) }, phone), 400, 'challenge_expired');
      // Starting again replaces the challenge: an answer to the older one is refused, and uses up the newer.
      const first = (await api.post(paths.authenticationStart, {}, phone)).body.options;
      const latest = (await api.post(paths.authenticationStart, {}, phone)).body.options;
      expectError(await api.post(paths.authenticationFinish, { response: key.authenticate(first) }, phone), 400, 'security_key_refused');
      expectError(await api.post(paths.authenticationFinish, { response: key.authenticate(latest) }, phone), 400, 'challenge_expired');
      expect((await useKey(api, phone, key)).status).toBe(200);
    }));

  it("refuses a key that is not the account's, and a counter that did not go up", () =>
    withServer(async ({ api }) => {
      const { key, newDevice } = await accountWithKey(api, 'keys-unknown@example.com');
      const someoneElses = await accountWithKey(api, 'keys-someone@example.com');
      const laptop = await newDevice();
      expectError(await useKey(api, laptop, new SoftwareKey()), 400, 'security_key_refused');
      expectError(await useKey(api, laptop, someoneElses.key), 400, 'security_key_refused');
      expect((await useKey(api, laptop, key, { counter: 5 })).status).toBe(200);
      // A clone, or an old answer, shows a counter no higher than the last one seen.
      const phone = await newDevice();
      expectError(await useKey(api, phone, key, { counter: 5 }), 400, 'security_key_refused');
      expectError(await useKey(api, phone, key, { counter: 3 }), 400, 'security_key_refused');
      expect((await api.get('/v1/two-factor', phone)).body.passed).toBe(false);
      expect((await useKey(api, phone, key, { counter: 6 })).status).toBe(200);
    }));

  it('removes keys (with the second factor passed); removing the last factor turns two-step verification off', () =>
    withServer(async ({ api, db, clock }) => {
      const { user, token, newDevice } = await accountWithKey(api, 'keys-remove@example.com');
      // Listed in the order they were added.
      clock.advance(1000);
      expect((await registerKey(api, token, new SoftwareKey(), 'Green key')).status).toBe(200);
      const [blue, green] = (await api.get(paths.list, token)).body.keys as { id: string }[];
      const stranger = await newDevice();
      expectError(await api.call('DELETE', `${paths.list}/${blue!.id}`, undefined, stranger), 403, 'second_factor_required');
      const someoneElse = await accountWithKey(api, 'keys-remove-other@example.com');
      expectError(await api.call('DELETE', `${paths.list}/${blue!.id}`, undefined, someoneElse.token), 404, 'not_found');

      expect((await api.call('DELETE', `${paths.list}/${blue!.id}`, undefined, token)).body).toMatchObject({ required: true, securityKeys: 1 });
      await mailArrives(user.email, 'The security key named "Blue key" was removed');
      expectError(await api.call('DELETE', `${paths.list}/${blue!.id}`, undefined, token), 404, 'not_found');
      expect((await api.call('DELETE', `${paths.list}/${green!.id}`, undefined, token)).body).toEqual({ required: false, passed: true, totp: { enabledAt: null }, securityKeys: 0 });
      await mailArrives(user.email, 'Two-step verification was turned off');
      expect((await api.get('/v1/vaults', stranger)).status).toBe(200);
      expectError(await api.post(paths.authenticationStart, {}, stranger), 404, 'not_found');
      const events = (await db.selectFrom('audit_events').select('event').where('account_id', '=', user.accountId).execute()).map((e) => e.event);
      expect(events.filter((e) => e === 'two_factor.security_key_removed')).toHaveLength(2);
    }));

  it('refuses malformed input on every route with a clear 400, and changes nothing', () =>
    withServer(async ({ api, db }) => {
      const { token, key } = await accountWithKey(api, 'keys-bad@example.com');
      const options = (await api.post(paths.registrationStart, {}, token)).body.options;
      const good = new SoftwareKey().register(options);
      const assertion = key.authenticate((await api.post(paths.authenticationStart, {}, token)).body.options);
      const before = await snapshot(db);
      const bad: [string, string, unknown][] = [
        ['POST', paths.registrationStart, { name: 'x' }],
        ['POST', paths.registrationFinish, { response: good }],
        ['POST', paths.registrationFinish, { name: '', response: good }],
        ['POST', paths.registrationFinish, { name: ' padded ', response: good }],
        ['POST', paths.registrationFinish, { name: 'a'.repeat(65), response: good }],
        ['POST', paths.registrationFinish, { name: 'tab\there', response: good }],
        ['POST', paths.registrationFinish, { name: 'Key', response: { ...good, type: 'password' } }],
        ['POST', paths.registrationFinish, { name: 'Key', response: { ...good, id: 'not base64url!' } }],
        ['POST', paths.registrationFinish, { name: 'Key', response: { ...good, response: { clientDataJSON: good.response.clientDataJSON } } }],
        ['POST', paths.registrationFinish, { name: 'Key', response: good, extra: true }],
        ['POST', paths.authenticationStart, { credential: key.id }],
        ['POST', paths.authenticationFinish, {}],
        ['POST', paths.authenticationFinish, { response: { ...assertion, response: { ...assertion.response, signature: 42 } } }],
        ['POST', paths.authenticationFinish, { response: { ...assertion, rawId: undefined } }],
        ['POST', paths.authenticationFinish, { response: { ...assertion, surprise: 1 } }],
        ['DELETE', `${paths.list}/not*an*id`, undefined],
        ['DELETE', `${paths.list}/${'a'.repeat(33)}`, undefined],
      ];
      for (const [method, path, body] of bad) {
        const response = await api.call(method, path, body, token);
        expectError(response, 400, 'invalid_request');
        expect(response.body.error.message).toMatch(/^(body|params)/);
      }
      expectError(await api.post(paths.authenticationFinish, { response: assertion }), 401, 'unauthorized');
      expect(await snapshot(db)).toEqual(before);
      // The challenges were not used up by the refused requests.
      expect((await api.post(paths.registrationFinish, { name: 'Green key', response: good }, token)).status).toBe(200);
    }));

  it('limits answers per account across two server instances on one database', async () => {
    const config = await database.create();
    const clock = new Clock();
    const a = await startTestServer(config, smtp, { clock });
    const b = await startTestServer(config, smtp, { clock });
    try {
      const { key, newDevice } = await accountWithKey(a.api, 'keys-limit@example.com');
      const token = await newDevice();
      // The registration counted too: 9 more refused answers fill the 10 of this window.
      for (let i = 0; i < 9; i++) expectError(await useKey(i % 2 ? a.api : b.api, token, key, { origin: 'https://evil.example' }), 400, 'security_key_refused');
      expectError(await useKey(a.api, token, key), 429, 'rate_limited');
      expectError(await useKey(b.api, token, key), 429, 'rate_limited');
      clock.advance(15 * 60_000);
      expect((await useKey(b.api, token, key)).status).toBe(200);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps two-step verification on when the authenticator app goes but a key stays', () =>
    withServer(async ({ api, clock }) => {
      const { generate } = await import('otplib');
      const { token } = await accountWithKey(api, 'keys-and-app@example.com');
      const { secret } = (await api.post('/v1/two-factor/totp/start', {}, token)).body;
      expect((await api.post('/v1/two-factor/totp/activate', { code: await generate({ secret, epoch: Math.floor(clock.now() / 1000) }) }, token)).status).toBe(200);
      clock.advance(30_000);
      const disabled = await api.post('/v1/two-factor/totp/disable', { code: await generate({ secret, epoch: Math.floor(clock.now() / 1000) }) }, token);
      expect(disabled.body).toEqual({ required: true, passed: true, totp: { enabledAt: null }, securityKeys: 1 });
    }));
});

describe('WebAuthn settings', () => {
  it('refuses, at start-up, origins no browser would let use the RP ID', async () => {
    const database = { kind: 'sqlite', file: ':memory:' } as const;
    await expect(startServer({ database, logLevel: 'silent', webauthn: { origins: ['latchkey://app'] } })).rejects.toThrow(/must be an https:\/\/ origin/);
    await expect(startServer({ database, logLevel: 'silent', webauthn: { origins: ['https://evil.example'] } })).rejects.toThrow(/not on the RP ID/);
    await expect(startServer({ database, logLevel: 'silent', webauthn: { rpId: 'Bad RP' } })).rejects.toThrow(/not a lower-case domain name/);
  });
});
