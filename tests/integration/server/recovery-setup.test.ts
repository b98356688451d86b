import { describe, expect, it } from 'vitest';
import { ClientAt } from './client-address';
import { testDatabases } from './databases';
import { expectError, login, signUp, snapshot, stepUp, type TestServer, withTestServer } from './harness';
import { newAccountKey, proveCode, setUpRecoveryCode, uploadRecoveryCode } from './recovery-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const MINUTE = 60_000;

describe.each(testDatabases)('recovery code setup on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  it('uploads a pending code without touching the active one, and replaces it only on activation', () =>
    withServer(async ({ api, url, db, clock }) => {
      const user = await signUp(api, smtp, `setup-${database.name}@example.com`);
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const accountKey = newAccountKey();
      const none = { status: 'none', createdAt: null, lastUsedAt: null, pending: false, pendingExpiresAt: null };
      expect(await api.get('/v1/recovery/credential', token)).toEqual({ status: 200, body: none });
      const accountBefore = await db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();

      const first = await setUpRecoveryCode(api, token, user.accountId, accountKey, user.secret);
      const firstCreated = new Date(clock.now()).toISOString();
      expect((await api.get('/v1/recovery/credential', token)).body).toEqual({ status: 'active', createdAt: firstCreated, lastUsedAt: null, pending: false, pendingExpiresAt: null });
      // Setting up a code changes neither the password nor the wrapped account key.
      expect(await db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow()).toEqual(accountBefore);
      expect((await login(api, user.email, user.secret)).status).toBe(200);

      // A second code, uploaded but not confirmed: the first keeps working, the second does not yet.
      clock.advance(MINUTE);
      const second = await uploadRecoveryCode(api, token, user.accountId, accountKey, user.secret);
      expect(second.finish).toEqual({ status: 201, body: { pending: true, expiresAt: new Date(clock.now() + 30 * MINUTE).toISOString() } });
      expect((await api.get('/v1/recovery/credential', token)).body).toEqual({
        status: 'active',
        createdAt: firstCreated,
        lastUsedAt: null,
        pending: true,
        pendingExpiresAt: new Date(clock.now() + 30 * MINUTE).toISOString(),
      });
      expect((await proveCode(api, user.email, first.text)).proved.status).toBe(202);
      expectError((await proveCode(api, user.email, second.text)).proved, 401, 'invalid_credentials');

      // Confirmation: the second replaces the first, in one step.
      clock.advance(MINUTE);
      const activated = await api.post('/v1/recovery/credential/activate', {}, token);
      expect(activated).toEqual({ status: 200, body: { status: 'active', createdAt: new Date(clock.now()).toISOString(), lastUsedAt: null, pending: false, pendingExpiresAt: null } });
      expect(await db.selectFrom('recovery_credentials').select('state').execute()).toEqual([{ state: 'active' }]);
      // From another address: one address has three recovery starts per email an hour (§13.5).
      const elsewhere = new ClientAt(url, '127.0.0.2');
      expectError((await proveCode(elsewhere, user.email, first.text)).proved, 401, 'invalid_credentials');
      expect((await proveCode(elsewhere, user.email, second.text)).proved.status).toBe(202);
      // Nothing is pending any more.
      expectError(await api.post('/v1/recovery/credential/activate', {}, token), 404, 'not_found');

      const events = (await db.selectFrom('audit_events').select('event').execute()).map((e) => e.event);
      expect(events.filter((e) => e === 'recovery.code_uploaded')).toHaveLength(2);
      expect(events.filter((e) => e === 'recovery.code_activated')).toHaveLength(2);
    }));

  it('lets a pending code expire after 30 minutes, replaces a pending code with a newer one, and deletes the code', () =>
    withServer(async ({ api, db, clock }) => {
      const user = await signUp(api, smtp, `expiry-${database.name}@example.com`);
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const accountKey = newAccountKey();
      const active = await setUpRecoveryCode(api, token, user.accountId, accountKey, user.secret);

      await uploadRecoveryCode(api, token, user.accountId, accountKey, user.secret);
      clock.advance(30 * MINUTE + 1);
      expect((await api.get('/v1/recovery/credential', token)).body).toMatchObject({ status: 'active', pending: false, pendingExpiresAt: null });
      const before = await snapshot(db, ['audit_events']);
      expectError(await api.post('/v1/recovery/credential/activate', {}, token), 404, 'not_found');
      expect(await snapshot(db, ['audit_events'])).toEqual(before);
      expect((await proveCode(api, user.email, active.text)).proved.status).toBe(202);

      // A newer upload replaces the pending one: only the newest can be confirmed.
      const older = await uploadRecoveryCode(api, token, user.accountId, accountKey, user.secret);
      const newer = await uploadRecoveryCode(api, token, user.accountId, accountKey, user.secret);
      expect(await db.selectFrom('recovery_credentials').select('state').orderBy('state').execute()).toEqual([{ state: 'active' }, { state: 'pending' }]);
      expect((await api.post('/v1/recovery/credential/activate', {}, token)).status).toBe(200);
      expectError((await proveCode(api, user.email, older.text)).proved, 401, 'invalid_credentials');
      clock.advance(61 * MINUTE); // past the recovery rate limit window
      expect((await proveCode(api, user.email, newer.text)).proved.status).toBe(202);

      // Delete: recovery by code is off, and the code no longer proves anything.
      expectError(await api.call('DELETE', '/v1/recovery/credential', undefined, token), 403, 'step_up_required');
      expect(await api.call('DELETE', '/v1/recovery/credential', undefined, token, undefined, await stepUp(api, token, user.secret))).toEqual({ status: 200, body: { deleted: true } });
      expect((await api.get('/v1/recovery/credential', token)).body).toEqual({ status: 'none', createdAt: null, lastUsedAt: null, pending: false, pendingExpiresAt: null });
      expect(await db.selectFrom('recovery_credentials').selectAll().execute()).toEqual([]);
      expectError((await proveCode(api, user.email, newer.text)).proved, 401, 'invalid_credentials');
      expectError(await api.call('DELETE', '/v1/recovery/credential', undefined, token, undefined, await stepUp(api, token, user.secret)), 404, 'not_found');
      expect((await db.selectFrom('audit_events').select('event').where('event', '=', 'recovery.code_deleted').execute()).length).toBe(1);
    }));

  it('keeps each account’s code to itself', () =>
    withServer(async ({ api }) => {
      const alice = await signUp(api, smtp, `alice-${database.name}@example.com`);
      const bob = await signUp(api, smtp, `bob-${database.name}@example.com`);
      const aliceToken = (await login(api, alice.email, alice.secret)).body.sessionToken as string;
      const bobToken = (await login(api, bob.email, bob.secret)).body.sessionToken as string;
      const aliceCode = await setUpRecoveryCode(api, aliceToken, alice.accountId, newAccountKey(), alice.secret);
      expect((await api.get('/v1/recovery/credential', bobToken)).body.status).toBe('none');
      expectError(await api.call('DELETE', '/v1/recovery/credential', undefined, bobToken, undefined, await stepUp(api, bobToken, bob.secret)), 404, 'not_found');
      expectError((await proveCode(api, bob.email, aliceCode.text)).proved, 401, 'invalid_credentials');
      expect((await proveCode(api, alice.email, aliceCode.text)).proved.status).toBe(202);
    }));
});
