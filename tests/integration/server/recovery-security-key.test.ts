/**
 * Recovery with the email check replaced by a security key, against the real server
 * on each database, with a real software P-256 key: it works with the key and no email, it is
 * refused without the key, with another key, with a replayed challenge, and with an emailed
 * code once email is deselected; the key's check also passes the new session's second factor;
 * and removing the last key brings email back as the check.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { expectError, login, randomSecret, signUp, snapshot, stepUp, type Api, withTestServer } from './harness';
import { newAccountKey, proveCode, resetWithToken, setUpRecoveryCode } from './recovery-helpers';
import { SoftwareKey } from './software-key';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const keysPath = '/v1/two-factor/security-keys';

async function registerKey(api: Api, token: string, key: SoftwareKey): Promise<string> {
  const started = await api.post(`${keysPath}/registration/start`, {}, token);
  const added = await api.post(`${keysPath}/registration/finish`, { name: 'Blue key', response: key.register(started.body.options) }, token);
  expect(added.status).toBe(200);
  return added.body.key.id as string;
}

describe.each(testDatabases)('recovery with a security key on $name', (database) => {
  it('replaces the email check: works with the key and sends no email code; refused without it, with another key, and with email', () =>
    withTestServer(database, smtp, async ({ api, db }) => {
      const user = await signUp(api, smtp, `keyholder-${database.name}@example.com`);
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const code = await setUpRecoveryCode(api, token, user.accountId, newAccountKey(), user.secret);
      const key = new SoftwareKey();
      const keyId = await registerKey(api, token, key);
      const chosen = await api.call('PUT', '/v1/recovery/checks', { checks: ['securityKey'] }, token, undefined, await stepUp(api, token, user.secret));
      expect(chosen.body).toEqual({ checks: ['securityKey'], available: { email: true, authenticator: false, securityKey: true } });

      const mailBefore = smtp.messages.length;
      const first = await proveCode(api, user.email, code.text);
      expect(first.proved.status).toBe(202);
      expect(first.proved.body).toMatchObject({ checks: ['securityKey'], sentTo: null });
      const options = first.proved.body.securityKey;
      expect(options.allowCredentials.map((credential: { id: string }) => credential.id)).toEqual([key.id]);

      // Email is not a check any more: an emailed code is refused, and none was sent.
      expectError(await api.post('/v1/recovery/verify', { attemptId: first.attemptId, check: 'email', code: '12345678' }), 403, 'check_not_allowed');
      // Without the key's answer: a clear 400 that counts nothing.
      const before = await snapshot(db);
      expectError(await api.post('/v1/recovery/verify', { attemptId: first.attemptId, check: 'securityKey' }), 400, 'invalid_request');
      expect(await snapshot(db)).toEqual(before);
      // Another key (not registered to this account) is refused, and the challenge is used up.
      expectError(await api.post('/v1/recovery/verify', { attemptId: first.attemptId, check: 'securityKey', response: new SoftwareKey().authenticate(options) }), 400, 'security_key_refused');
      expectError(await api.post('/v1/recovery/verify', { attemptId: first.attemptId, check: 'securityKey', response: key.authenticate(options) }), 400, 'challenge_expired');

      // A new attempt, and the right key.
      const second = await proveCode(api, user.email, code.text);
      const verified = await api.post('/v1/recovery/verify', { attemptId: second.attemptId, check: 'securityKey', response: key.authenticate(second.proved.body.securityKey) });
      expect(verified.status).toBe(200);
      expect(smtp.messages.slice(mailBefore).filter((mail) => mail.to.includes(user.email) && mail.raw.includes('verification code is'))).toEqual([]);

      const newSecret = randomSecret();
      expect((await resetWithToken(api, verified.body.recoveryToken, newSecret)).finished.status).toBe(200);
      // The recovery proved the key: the first session after it may pass the gate with the used token, once.
      const session = (await login(api, user.email, newSecret)).body.sessionToken as string;
      expectError(await api.get('/v1/vaults', session), 403, 'second_factor_required');
      expect((await api.post('/v1/recovery/second-factor', { recoveryToken: verified.body.recoveryToken }, session)).body).toEqual({ passed: true });
      expect((await api.get('/v1/vaults', session)).status).toBe(200);
      const other = (await login(api, user.email, newSecret)).body.sessionToken as string;
      expectError(await api.post('/v1/recovery/second-factor', { recoveryToken: verified.body.recoveryToken }, other), 403, 'second_factor_required');

      const events = (await db.selectFrom('audit_events').select('event').where('account_id', '=', user.accountId).execute()).map((row) => row.event);
      expect(events).toEqual(expect.arrayContaining(['recovery.security_key_failed', 'recovery.security_key_verified']));

      // Removing the last key brings email back as the check, and tells the owner.
      const removed = await api.call('DELETE', `${keysPath}/${keyId}`, undefined, session);
      expect(removed.status).toBe(200);
      expect((await api.get('/v1/recovery/checks', session)).body.checks).toEqual(['email']);
      await expect.poll(() => smtp.messages.some((mail) => mail.to.includes(user.email) && mail.raw.includes('recovery'))).toBe(true);
    }));
});
