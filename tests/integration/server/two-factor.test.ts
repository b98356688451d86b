/**
 * The authenticator app as a second factor, against the real server on each database:
 * enabling it, the 2FA gate on every new session, the clock window, replay, the limit shared
 * by two instances, turning it off, and bad input that changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { Clock, databaseText, expectError, login, signUp, snapshot, startTestServer, withTestServer } from './harness';
import { codeAt, enableTotp, wrongCode } from './two-factor-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

/** Resolves once `email` has been sent a message containing `text` (owner notices go out in the background). */
const mailArrives = (email: string, text: string) => expect.poll(() => smtp.messages.some((mail) => mail.to.includes(email) && mail.raw.includes(text))).toBe(true);

describe.each(testDatabases)('two-factor authentication on $name', (database) => {
  const withServer = (test: Parameters<typeof withTestServer>[2]) => withTestServer(database, smtp, test);

  it('turns on with a code from the app: until then nothing changes, then the account needs it and this session has passed it', () =>
    withServer(async ({ api, db, clock }) => {
      const user = await signUp(api, smtp, 'totp-on@example.com');
      const token = (await login(api, user.email, user.secret)).body.sessionToken;
      expect((await api.get('/v1/two-factor', token)).body).toEqual({ required: false, passed: true, totp: { enabledAt: null }, securityKeys: 0 });

      const started = await api.post('/v1/two-factor/totp/start', {}, token);
      expect(started.status).toBe(200);
      const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
      expect(new URL(otpauthUri).searchParams.get('secret')).toBe(secret);
      // Sealed at rest: the secret is nowhere in the database.
      expect(await databaseText(db)).not.toContain(secret);

      const before = await snapshot(db, ['rate_limits', 'audit_events']);
      expectError(await api.post('/v1/two-factor/totp/activate', { code: await codeAt(secret, clock.now() + 120_000) }, token), 400, 'invalid_code');
      expect(await snapshot(db, ['rate_limits', 'audit_events'])).toEqual(before);
      expect((await api.get('/v1/two-factor', token)).body.required).toBe(false);

      const activated = await api.post('/v1/two-factor/totp/activate', { code: await codeAt(secret, clock.now()) }, token);
      expect(activated.body).toEqual({ required: true, passed: true, totp: { enabledAt: new Date(clock.now()).toISOString() }, securityKeys: 0 });
      expect((await api.get('/v1/vaults', token)).status).toBe(200);
      await mailArrives(user.email, 'Two-step verification is on');
      expectError(await api.post('/v1/two-factor/totp/start', {}, token), 409, 'two_factor_enabled');
      const events = (await db.selectFrom('audit_events').select('event').where('account_id', '=', user.accountId).execute()).map((e) => e.event);
      expect(events).toEqual(expect.arrayContaining(['two_factor.totp_started', 'two_factor.failed', 'two_factor.totp_enabled']));
    }));

  it('gates every new session until it gives a code; a code works one step either side of now, and once', () =>
    withServer(async ({ api, clock }) => {
      const user = await signUp(api, smtp, 'totp-gate@example.com');
      const secret = await enableTotp(api, clock, (await login(api, user.email, user.secret)).body.sessionToken);
      clock.advance(90_000);
      const laptop = (await login(api, user.email, user.secret)).body.sessionToken;
      const phone = (await login(api, user.email, user.secret)).body.sessionToken;
      expect((await api.get('/v1/two-factor', laptop)).body).toMatchObject({ required: true, passed: false });
      expectError(await api.get('/v1/vaults', laptop), 403, 'second_factor_required');

      expectError(await api.post('/v1/two-factor/totp/verify', { code: await codeAt(secret, clock.now() - 60_000) }, laptop), 400, 'invalid_code');
      const previousStep = await codeAt(secret, clock.now() - 30_000);
      expect((await api.post('/v1/two-factor/totp/verify', { code: previousStep }, laptop)).body).toMatchObject({ required: true, passed: true });
      expect((await api.get('/v1/vaults', laptop)).status).toBe(200);

      // The same code again, from another device: refused (replay).
      expectError(await api.post('/v1/two-factor/totp/verify', { code: previousStep }, phone), 400, 'invalid_code');
      expectError(await api.get('/v1/vaults', phone), 403, 'second_factor_required');
      expect((await api.post('/v1/two-factor/totp/verify', { code: await codeAt(secret, clock.now() + 30_000) }, phone)).status).toBe(200);
      expect((await api.get('/v1/vaults', phone)).status).toBe(200);
    }));

  it('turns off only with a current code; new sessions are then not asked', () =>
    withServer(async ({ api, clock }) => {
      const user = await signUp(api, smtp, 'totp-off@example.com');
      const token = (await login(api, user.email, user.secret)).body.sessionToken;
      const secret = await enableTotp(api, clock, token);
      clock.advance(30_000);
      expectError(await api.post('/v1/two-factor/totp/disable', { code: wrongCode(await codeAt(secret, clock.now())) }, token), 400, 'invalid_code');
      // A session that has not passed the factor cannot turn it off.
      const stranger = (await login(api, user.email, user.secret)).body.sessionToken;
      expectError(await api.post('/v1/two-factor/totp/disable', { code: await codeAt(secret, clock.now()) }, stranger), 403, 'second_factor_required');
      expect((await api.post('/v1/two-factor/totp/disable', { code: await codeAt(secret, clock.now()) }, token)).body).toEqual({ required: false, passed: true, totp: { enabledAt: null }, securityKeys: 0 });
      await mailArrives(user.email, 'Two-step verification was turned off');
      expect((await api.get('/v1/vaults', stranger)).status).toBe(200);
    }));

  it('refuses malformed codes and fields with a clear error and changes nothing', () =>
    withServer(async ({ api, db }) => {
      const user = await signUp(api, smtp, 'totp-bad@example.com');
      const token = (await login(api, user.email, user.secret)).body.sessionToken;
      await api.post('/v1/two-factor/totp/start', {}, token);
      const before = await snapshot(db);
      for (const body of [{ code: '12345' }, { code: '1234567' }, { code: 'abcdef' }, { code: 123456 }, {}, { code: '123456', extra: 1 }]) {
        const response = await api.post('/v1/two-factor/totp/activate', body, token);
        expectError(response, 400, 'invalid_request');
        expect(response.body.error.message).toMatch(/^body/);
      }
      expectError(await api.post('/v1/two-factor/totp/start', { secret: 'JBSWY3DPEHPK3PXP' }, token), 400, 'invalid_request');
      expectError(await api.post('/v1/two-factor/totp/verify', { code: '123456' }), 401, 'unauthorized');
      expect(await snapshot(db)).toEqual(before);
    }));

  it('limits code guesses per account across two server instances on one database', async () => {
    const config = await database.create();
    const clock = new Clock();
    const a = await startTestServer(config, smtp, { clock });
    const b = await startTestServer(config, smtp, { clock });
    try {
      const user = await signUp(a.api, smtp, 'totp-limit@example.com');
      const secret = await enableTotp(a.api, clock, (await login(a.api, user.email, user.secret)).body.sessionToken);
      clock.advance(60_000);
      const token = (await login(b.api, user.email, user.secret)).body.sessionToken;
      const right = await codeAt(secret, clock.now());
      const wrong = wrongCode(right);
      // The activation's code counted too: 4 more guesses fill the 5 of this window.
      for (let i = 0; i < 4; i++) expectError(await (i % 2 ? a.api : b.api).post('/v1/two-factor/totp/verify', { code: wrong }, token), 400, 'invalid_code');
      expectError(await a.api.post('/v1/two-factor/totp/verify', { code: right }, token), 429, 'rate_limited');
      expectError(await b.api.post('/v1/two-factor/totp/verify', { code: right }, token), 429, 'rate_limited');
      clock.advance(15 * 60_000);
      expect((await b.api.post('/v1/two-factor/totp/verify', { code: await codeAt(secret, clock.now()) }, token)).status).toBe(200);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
