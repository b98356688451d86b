/**
 * The identity checks after a recovery code, against the real server on each
 * database: the default (email), changing the choice (2FA gate, owner's email, bad input), a
 * recovery with email deselected and the authenticator chosen, replay, the second factor of
 * the session after it, and the rule for a factor removed while it is chosen.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { expectError, login, randomSecret, signUp, snapshot, stepUp, type Api, type TestServer, withTestServer } from './harness';
import { codeIn, newAccountKey, proveCode, recoverUpToToken, resetWithToken, setUpRecoveryCode, waitForMail } from './recovery-helpers';
import { codeAt, enableTotp, wrongCode } from './two-factor-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const STEP = 30_000;
const emailCodeSent = /verification code is/;
const checksOf = async (api: Api, token: string) => (await api.get('/v1/recovery/checks', token)).body;
const events = async (server: TestServer, accountId: string) =>
  (await server.db.selectFrom('audit_events').select('event').where('account_id', '=', accountId).orderBy('at').execute()).map((row) => row.event);

describe.each(testDatabases)('recovery identity checks on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);
  const mailOf = (name: string) => `${name}-checks-${database.name}@example.com`;

  /** An account with a recovery code, the authenticator on, and a session that passed it. */
  /** Changes the checks after a step-up: the password, and a code of the next step where the authenticator is on. */
  async function putChecks({ api, clock }: TestServer, token: string, password: string, totpSecret: string | null, checks: unknown) {
    if (totpSecret) clock.advance(STEP);
    const header = await stepUp(api, token, password, totpSecret ? { code: await codeAt(totpSecret, clock.now()) } : {});
    return api.call('PUT', '/v1/recovery/checks', { checks }, token, undefined, header);
  }

  async function ownerWithAuthenticator(server: TestServer, name: string) {
    const { api, clock } = server;
    const user = await signUp(api, smtp, mailOf(name));
    const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
    const code = await setUpRecoveryCode(api, token, user.accountId, newAccountKey(), user.secret);
    const secret = await enableTotp(api, clock, token);
    return { user, token, code, secret };
  }

  it('asks for the emailed code by default, and nothing else is accepted', () =>
    withServer(async ({ api }) => {
      const user = await signUp(api, smtp, mailOf('dana'));
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const code = await setUpRecoveryCode(api, token, user.accountId, newAccountKey(), user.secret);
      expect(await checksOf(api, token)).toEqual({ checks: ['email'], available: { email: true, authenticator: false, securityKey: false } });

      const mailBefore = smtp.messages.length;
      const { proved, attemptId } = await proveCode(api, user.email, code.text);
      expect(proved.status).toBe(202);
      expect(proved.body).toMatchObject({ checks: ['email'], codeDigits: 8 });
      expect(proved.body.sentTo).toMatch(/^d•••/);
      const emailed = codeIn(await waitForMail(smtp, user.email, emailCodeSent, mailBefore));
      // Not chosen, so refused however right the code looks; the emailed code still works after.
      expectError(await api.post('/v1/recovery/verify', { attemptId, check: 'authenticator', code: '123456' }), 403, 'check_not_allowed');
      expectError(await api.post('/v1/recovery/verify', { attemptId, check: 'securityKey' }), 403, 'check_not_allowed');
      expect((await api.post('/v1/recovery/verify', { attemptId, check: 'email', code: emailed })).status).toBe(200);
    }));

  it('changes the choice only from a session that passed the second factor, and emails the owner', () =>
    withServer(async (server) => {
      const { api, db } = server;
      const { user, token, secret: totp } = await ownerWithAuthenticator(server, 'ezra');
      expect(await checksOf(api, token)).toEqual({ checks: ['email'], available: { email: true, authenticator: true, securityKey: false } });

      // A new device that has not given a code yet may read the choice, not change it.
      const unverified = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const before = await snapshot(db);
      expectError(await api.call('PUT', '/v1/recovery/checks', { checks: ['authenticator'] }, unverified), 403, 'second_factor_required');
      expect(await snapshot(db)).toEqual(before);
      expect((await checksOf(api, unverified)).checks).toEqual(['email']);

      const mailBefore = smtp.messages.length;
      // Nor may a session that passed it, without a fresh proof of the password and the second factor.
      expectError(await api.call('PUT', '/v1/recovery/checks', { checks: ['authenticator'] }, token), 403, 'step_up_required');
      expect(await snapshot(db)).toEqual(before);
      const changed = await putChecks(server, token, user.secret, totp, ['authenticator', 'email']);
      expect(changed.body).toEqual({ checks: ['email', 'authenticator'], available: { email: true, authenticator: true, securityKey: false } });
      expect(await waitForMail(smtp, user.email, /a code from your authenticator app/, mailBefore)).toMatch(/identity checks for recovering your Latchkey account .* were changed/);
      expect((await putChecks(server, token, user.secret, totp, ['authenticator'])).body.checks).toEqual(['authenticator']);
      expect((await events(server, user.accountId)).filter((event) => event === 'recovery.checks_changed')).toHaveLength(2);
      expect((await db.selectFrom('accounts').select('recovery_checks').where('id', '=', user.accountId).executeTakeFirstOrThrow()).recovery_checks).toBe('authenticator');
    }));

  it('refuses an empty choice, a factor that is not set up and malformed choices, changing nothing', () =>
    withServer(async ({ api, db }) => {
      const user = await signUp(api, smtp, mailOf('fern'));
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const choices: unknown[] = [[], ['authenticator'], ['email', 'securityKey'], ['email', 'email'], ['sms'], 'email', ['email', 'authenticator', 'securityKey', 'email']];
      const headers: Record<string, string>[] = [];
      for (const _choice of choices) headers.push(await stepUp(api, token, user.secret));
      // The step-ups themselves are state too; what must not change is everything else.
      const before = await snapshot(db, ['step_ups']);
      const mailBefore = smtp.messages.length;
      const put = (index: number) => api.call('PUT', '/v1/recovery/checks', { checks: choices[index] }, token, undefined, headers[index]);
      expectError(await put(0), 400, 'invalid_request');
      const noApp = await put(1);
      expectError(noApp, 400, 'check_unavailable');
      expect(noApp.body.error.message).toMatch(/turn it on first/);
      const noKey = await put(2);
      expectError(noKey, 400, 'check_unavailable');
      expect(noKey.body.error.message).toMatch(/register a security key first/);
      for (const index of [3, 4, 5, 6]) expectError(await put(index), 400, 'invalid_request');
      expect(await snapshot(db, ['step_ups'])).toEqual(before);
      expect(smtp.messages.length).toBe(mailBefore);
      expect((await checksOf(api, token)).checks).toEqual(['email']);
    }));

  it('recovers with the code and the authenticator and no email; an emailed code, a wrong or missing code, and a replayed code are refused', () =>
    withServer(async (server) => {
      const { api, clock } = server;
      const { user, token, code, secret } = await ownerWithAuthenticator(server, 'gil');
      // While email is still allowed, a recovery gets a valid emailed code...
      let mailBefore = smtp.messages.length;
      await proveCode(api, user.email, code.text);
      const emailed = codeIn(await waitForMail(smtp, user.email, emailCodeSent, mailBefore));
      // ...then the owner deselects email: that recovery ends, and the emailed code is no way in.
      expect((await putChecks(server, token, user.secret, secret, ['authenticator'])).status).toBe(200);
      // Past the authenticator's limit window, which the step-up's code counted in, so the tries below start afresh.
      clock.advance(30 * 60_000);

      mailBefore = smtp.messages.length;
      const { proved, attemptId } = await proveCode(api, user.email, code.text);
      expect(proved.body).toEqual({ checks: ['authenticator'], sentTo: null, codeDigits: 8, expiresInSeconds: 600 });
      // The owner hears of it, without any code.
      expect(await waitForMail(smtp, user.email, /is being recovered/, mailBefore)).not.toMatch(/\d{6}/);
      const verify = (body: Record<string, unknown>) => api.post('/v1/recovery/verify', { attemptId, ...body });
      expectError(await verify({ check: 'email', code: emailed }), 403, 'check_not_allowed');
      expectError(await verify({ check: 'authenticator' }), 400, 'invalid_request');
      expectError(await verify({ check: 'authenticator', code: '12345678' }), 400, 'invalid_request');
      clock.advance(STEP);
      const current = await codeAt(secret, clock.now());
      const failMail = smtp.messages.length;
      expectError(await verify({ check: 'authenticator', code: wrongCode(current) }), 400, 'invalid_code');
      expect(await waitForMail(smtp, user.email, /authenticator app code was wrong/, failMail)).toBeTruthy();
      // A code already used (here to pass 2FA on a device) is refused in recovery too.
      const device = (await login(api, user.email, user.secret)).body.sessionToken as string;
      expect((await api.post('/v1/two-factor/totp/verify', { code: current }, device)).status).toBe(200);
      expectError(await verify({ check: 'authenticator', code: current }), 400, 'invalid_code');

      clock.advance(STEP);
      const verified = await verify({ check: 'authenticator', code: await codeAt(secret, clock.now()) });
      expect(verified.status).toBe(200);
      expect(verified.body.account.accountId).toBe(user.accountId);
      expect(smtp.messages.slice(mailBefore).some((mail) => mail.to.includes(user.email) && emailCodeSent.test(mail.raw))).toBe(false);
      const recoveryToken = verified.body.recoveryToken as string;
      // The token is no session, and before the reset it passes no second factor.
      expectError(await api.post('/v1/recovery/second-factor', { recoveryToken }, device), 403, 'second_factor_required');

      const newSecret = randomSecret();
      expect((await resetWithToken(api, recoveryToken, newSecret)).finished.status).toBe(200);
      expect(await waitForMail(smtp, user.email, /was recovered/, mailBefore)).toMatch(/your recovery code and your authenticator app/);
      const session = (await login(api, user.email, newSecret)).body.sessionToken as string;
      // Signed in with the new password: still no vault until the second factor...
      expectError(await api.get('/v1/vaults', session), 403, 'second_factor_required');
      // ...which this recovery's authenticator check gives, once, to a session of this account only.
      const stranger = await signUp(api, smtp, mailOf('stranger'));
      const strangerSession = (await login(api, stranger.email, stranger.secret)).body.sessionToken as string;
      expectError(await api.post('/v1/recovery/second-factor', { recoveryToken }, strangerSession), 403, 'second_factor_required');
      expect(await api.post('/v1/recovery/second-factor', { recoveryToken }, session)).toEqual({ status: 200, body: { passed: true } });
      expect((await api.get('/v1/vaults', session)).status).toBe(200);
      const another = (await login(api, user.email, newSecret)).body.sessionToken as string;
      expectError(await api.post('/v1/recovery/second-factor', { recoveryToken }, another), 403, 'second_factor_required');
      expectError(await api.get('/v1/vaults', another), 403, 'second_factor_required');
      expect(await events(server, user.accountId)).toEqual(expect.arrayContaining(['recovery.code_proved', 'recovery.check_refused', 'recovery.authenticator_failed', 'recovery.authenticator_verified', 'recovery.completed']));
    }));

  it('a recovery code with the emailed check alone reads nothing: the new session still needs the second factor', () =>
    withServer(async (server) => {
      const { api } = server;
      const { user, code } = await ownerWithAuthenticator(server, 'hana');
      const { verified } = await recoverUpToToken(api, smtp, user.email, code.text);
      const recoveryToken = verified.body.recoveryToken as string;
      const newSecret = randomSecret();
      expect((await resetWithToken(api, recoveryToken, newSecret)).finished.status).toBe(200);
      const session = (await login(api, user.email, newSecret)).body.sessionToken as string;
      expectError(await api.get('/v1/vaults', session), 403, 'second_factor_required');
      expectError(await api.post('/v1/recovery/second-factor', { recoveryToken }, session), 403, 'second_factor_required');
      expectError(await api.get('/v1/vaults', session), 403, 'second_factor_required');
    }));

  it('when the chosen authenticator is turned off, the choice falls back to email, and the owner is told', () =>
    withServer(async (server) => {
      const { api, clock } = server;
      const { user, token, code, secret } = await ownerWithAuthenticator(server, 'ines');
      expect((await putChecks(server, token, user.secret, secret, ['authenticator'])).status).toBe(200);
      // A recovery under way was offered the app: it ends with the change.
      const { attemptId } = await proveCode(api, user.email, code.text);

      clock.advance(STEP);
      const mailBefore = smtp.messages.length;
      expect((await api.post('/v1/two-factor/totp/disable', { code: await codeAt(secret, clock.now()) }, token)).status).toBe(200);
      expect(await checksOf(api, token)).toEqual({ checks: ['email'], available: { email: true, authenticator: false, securityKey: false } });
      expect(await waitForMail(smtp, user.email, /second factor was removed/, mailBefore)).toMatch(/a code sent to this email address/);
      expect(await events(server, user.accountId)).toContain('recovery.checks_changed');
      expectError(await api.post('/v1/recovery/verify', { attemptId, check: 'authenticator', code: '123456' }), 401, 'recovery_expired');

      // The code still works, by email.
      const { proved } = await recoverUpToToken(api, smtp, user.email, code.text);
      expect(proved.body.checks).toEqual(['email']);
    }));
});
