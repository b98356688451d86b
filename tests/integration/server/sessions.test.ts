import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { expectError, login, signUp, snapshot, stepUp, type TestServer, withTestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

const DAY = 24 * 60 * 60_000;

describe.each(testDatabases)('sessions and devices on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  it('lists devices, marks the current one, signs out one and then all others', () =>
    withServer(async ({ api, db, clock }) => {
      const user = await signUp(api, smtp, 'devices@example.com');
      const laptop = (await login(api, user.email, user.secret, { name: 'Laptop', platform: 'macos' })).body;
      clock.advance(1000);
      const desktop = (await login(api, user.email, user.secret, { name: 'Desktop', platform: 'windows' })).body;
      clock.advance(1000);
      const tablet = (await login(api, user.email, user.secret, { name: 'Tablet', platform: 'linux' })).body;

      const listed = await api.get('/v1/sessions', laptop.sessionToken);
      expect(listed.status).toBe(200);
      expect(listed.body.devices.map((d: { deviceName: string; platform: string; current: boolean }) => [d.deviceName, d.platform, d.current])).toEqual([
        ['Laptop', 'macos', true],
        ['Desktop', 'windows', false],
        ['Tablet', 'linux', false],
      ]);
      expect(Object.keys(listed.body.devices[0]).sort()).toEqual(['createdAt', 'current', 'deviceName', 'lastUsedAt', 'platform', 'sessionId']);
      expect(JSON.stringify(listed.body)).not.toContain(desktop.sessionToken);

      // Another account cannot sign out this account's devices.
      const mallory = await signUp(api, smtp, 'mallory@example.com');
      const malloryToken = (await login(api, mallory.email, mallory.secret)).body.sessionToken;
      const malloryStepUp = await stepUp(api, malloryToken, mallory.secret);
      const laptopStepUp = await stepUp(api, laptop.sessionToken, user.secret);
      const before = await snapshot(db, ['rate_limits', 'audit_events', 'step_ups']);
      expectError(await api.call('DELETE', `/v1/sessions/${desktop.sessionId}`, undefined, malloryToken, undefined, malloryStepUp), 404, 'not_found');
      expectError(await api.call('DELETE', '/v1/sessions/no-such-session', undefined, laptop.sessionToken, undefined, laptopStepUp), 404, 'not_found');
      // Without a fresh proof of the password, a session signs out no other device.
      expectError(await api.call('DELETE', `/v1/sessions/${desktop.sessionId}`, undefined, laptop.sessionToken), 403, 'step_up_required');
      expectError(await api.post('/v1/sessions/sign-out-others', {}, laptop.sessionToken), 403, 'step_up_required');
      expect(await snapshot(db, ['rate_limits', 'audit_events', 'step_ups'])).toEqual(before);

      expect(await api.call('DELETE', `/v1/sessions/${desktop.sessionId}`, undefined, laptop.sessionToken, undefined, await stepUp(api, laptop.sessionToken, user.secret))).toEqual({ status: 200, body: { signedOut: 1 } });
      expectError(await api.get('/v1/sessions', desktop.sessionToken), 401, 'unauthorized');
      expect((await api.get('/v1/sessions', laptop.sessionToken)).body.devices).toHaveLength(2);

      expect(await api.call('POST', '/v1/sessions/sign-out-others', {}, tablet.sessionToken, undefined, await stepUp(api, tablet.sessionToken, user.secret))).toEqual({ status: 200, body: { signedOut: 1 } });
      expectError(await api.get('/v1/sessions', laptop.sessionToken), 401, 'unauthorized');
      const remaining = await api.get('/v1/sessions', tablet.sessionToken);
      expect(remaining.body.devices.map((d: { deviceName: string }) => d.deviceName)).toEqual(['Tablet']);
      expect((await api.get('/v1/sessions', malloryToken)).status).toBe(200);

      // Signing out this device ends it.
      expect(await api.post('/v1/session/sign-out', {}, tablet.sessionToken)).toEqual({ status: 200, body: { signedOut: 1 } });
      expectError(await api.get('/v1/account', tablet.sessionToken), 401, 'unauthorized');
      const events = (await db.selectFrom('audit_events').select('event').execute()).map((e) => e.event);
      expect(events.filter((e) => e === 'session.signed_out')).toHaveLength(2);
      expect(events).toContain('session.signed_out_others');
    }));

  it('ends a session after 14 idle days, and after 90 days however active', () =>
    withServer(async ({ api, clock }) => {
      const user = await signUp(api, smtp, 'expiry@example.com');
      const idle = (await login(api, user.email, user.secret, { name: 'Idle', platform: 'linux' })).body.sessionToken;
      const active = (await login(api, user.email, user.secret, { name: 'Active', platform: 'linux' })).body.sessionToken;
      clock.advance(13 * DAY);
      expect((await api.get('/v1/account', active)).status).toBe(200);
      clock.advance(DAY + 1);
      expectError(await api.get('/v1/account', idle), 401, 'unauthorized');
      for (let day = 14; day + 10 < 90; day += 10) {
        clock.advance(10 * DAY);
        expect((await api.get('/v1/account', active)).status).toBe(200);
      }
      const listed = await api.get('/v1/sessions', active);
      expect(listed.body.devices.map((d: { deviceName: string }) => d.deviceName)).toEqual(['Active']);
      clock.advance(10 * DAY); // past 90 days since sign-in
      const expired = await api.get('/v1/account', active);
      expectError(expired, 401, 'unauthorized');
      expect(expired.body.error.message).toMatch(/expired/);
    }));
});
