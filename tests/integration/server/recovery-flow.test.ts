import { describe, expect, it } from 'vitest';
import { parseEml } from '../../../src/server/mail/mailbox';
import { testDatabases } from './databases';
import { databaseText, expectError, fakeBlob, fakeWrappedKey, login, randomSecret, signUp, snapshot, type TestServer, withTestServer } from './harness';
import {
  codeIn,
  newAccountKey,
  proveCode,
  randomCodeText,
  recoverUpToToken,
  recoveryStart,
  resetWithToken,
  setUpRecoveryCode,
  unwrapRecovered,
  waitForMail,
} from './recovery-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const MINUTE = 60_000;
/** Tables a refused recovery step may write to (counters, the log, the attempt itself). */
const bookkeeping = ['rate_limits', 'audit_events', 'email_codes', 'recovery_attempts'];

describe.each(testDatabases)('account recovery on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);
  const mailOf = (name: string) => `${name}-${database.name}@example.com`;

  it('recovers a locked-out account: code → email → wrapped key and keyset → new password; every session ends; the code stays valid', () =>
    withServer(async ({ api, db, clock }) => {
      const user = await signUp(api, smtp, mailOf('rosa'));
      const laptop = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const phone = (await login(api, user.email, user.secret, { name: 'Phone', platform: 'other' })).body.sessionToken as string;
      const accountKey = newAccountKey();
      const code = await setUpRecoveryCode(api, laptop, user.accountId, accountKey, user.secret);
      const mailBefore = smtp.messages.length;

      // The user has lost the password (or the Secret Key): only the email and the code are left.
      clock.advance(MINUTE);
      const { proved, verified, keys } = await recoverUpToToken(api, smtp, user.email, code.text);
      expect(proved.body).toEqual({ checks: ['email'], sentTo: `r•••${database.name.at(-1)}@example.com`, codeDigits: 8, expiresInSeconds: 600 });
      expect(Object.keys(verified.body).sort()).toEqual(['account', 'expiresInSeconds', 'recoveryToken']);
      expect(verified.body.expiresInSeconds).toBe(900);
      const account = verified.body.account;
      expect(Object.keys(account).sort()).toEqual(['accountId', 'email', 'encryptedKeyset', 'kdf', 'publicKeys', 'recoveryWrappedAccountKey']);
      expect(account).toMatchObject({ accountId: user.accountId, email: user.email, kdf: user.kdf, publicKeys: user.uploaded.publicKeys, encryptedKeyset: user.uploaded.encryptedKeyset });
      // No vault data of any kind.
      expect(JSON.stringify(verified.body)).not.toMatch(/vault|item|sealed|overview|details/i);
      // The code's wrapping key opens the account key: the client can re-wrap it.
      expect(Buffer.from(unwrapRecovered(account.recoveryWrappedAccountKey, keys, user.accountId))).toEqual(Buffer.from(accountKey.expose()));
      const recoveryToken = verified.body.recoveryToken as string;

      // The recovery token is not a session anywhere.
      for (const path of ['/v1/account', '/v1/sessions', '/v1/recovery/credential', '/v1/audit']) expectError(await api.get(path, recoveryToken), 401, 'unauthorized');

      clock.advance(MINUTE);
      const newSecret = randomSecret();
      const newWrappedKey = fakeWrappedKey();
      const { finished } = await resetWithToken(api, recoveryToken, newSecret, newWrappedKey);
      expect(finished).toEqual({ status: 200, body: { recovered: true, accountId: user.accountId, signedOut: 2, cancelledFamilyRecovery: null } });

      // Every old session is over; the old password fails, the new one works.
      for (const token of [laptop, phone]) expectError(await api.get('/v1/account', token), 401, 'unauthorized');
      expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
      expectError(await login(api, user.email, user.secret), 401, 'invalid_credentials');
      const signedIn = await login(api, user.email, newSecret);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.account).toMatchObject({ accountId: user.accountId, wrappedAccountKey: newWrappedKey, encryptedKeyset: user.uploaded.encryptedKeyset });
      const session = signedIn.body.sessionToken as string;
      expect((await api.get('/v1/recovery/credential', session)).body).toMatchObject({ status: 'active', lastUsedAt: new Date(clock.now()).toISOString() });
      // The token was used up.
      expectError((await resetWithToken(api, recoveryToken, randomSecret())).finished, 401, 'invalid_recovery_token');

      // Emails: the verification code (which is the notice of the attempt), then "recovered".
      const completed = await waitForMail(smtp, user.email, /was recovered/, mailBefore);
      expect(completed).toMatch(/Subject: Your Latchkey account was recovered/);

      // The same code works a second time.
      clock.advance(MINUTE);
      const again = await recoverUpToToken(api, smtp, user.email, code.text);
      expect(Buffer.from(unwrapRecovered(again.verified.body.account.recoveryWrappedAccountKey, again.keys, user.accountId))).toEqual(Buffer.from(accountKey.expose()));
      const thirdSecret = randomSecret();
      expect((await resetWithToken(api, again.verified.body.recoveryToken, thirdSecret)).finished.status).toBe(200);
      expectError(await api.get('/v1/account', session), 401, 'unauthorized');
      expect((await login(api, user.email, thirdSecret)).status).toBe(200);

      // Completion notices are sent before the reset answers; attempt emails carry the code.
      const mails = smtp.messages.slice(mailBefore).filter((m) => m.to.includes(user.email)).map((m) => parseEml(m.raw));
      expect(mails.filter((m) => /verification code is/.test(m.text))).toHaveLength(2);
      expect(mails.filter((m) => m.subject === 'Your Latchkey account was recovered')).toHaveLength(2);
      expect(mails.every((m) => !m.text.includes(code.text) && !m.text.includes(newSecret))).toBe(true);

      // Nothing secret reached the database; the audit log tells the story.
      const stored = await databaseText(db);
      for (const secret of [code.text, code.text.replace(/-/g, ''), newSecret, thirdSecret, recoveryToken, codeIn(mails[0]!.text)]) expect(stored).not.toContain(secret);
      const events = (await db.selectFrom('audit_events').select('event').where('account_id', '=', user.accountId).orderBy('at').execute()).map((e) => e.event);
      expect(events.filter((e) => e.startsWith('recovery.') && !e.startsWith('recovery.code_'))).toEqual([
        'recovery.started',
        'recovery.email_sent',
        'recovery.email_verified',
        'recovery.completed',
        'recovery.started',
        'recovery.email_sent',
        'recovery.email_verified',
        'recovery.completed',
      ]);
    }));

  it('refuses a wrong code, a wrong emailed code, an unknown email and an account without a code alike, changes nothing, and tells the owner', () =>
    withServer(async ({ api, db }) => {
      const owner = await signUp(api, smtp, mailOf('olga'));
      const noCode = await signUp(api, smtp, mailOf('nico'));
      const ghost = mailOf('ghost');
      const token = (await login(api, owner.email, owner.secret)).body.sessionToken as string;
      const code = await setUpRecoveryCode(api, token, owner.accountId, newAccountKey(), owner.secret);
      const before = await snapshot(db, bookkeeping);
      const mailBefore = smtp.messages.length;

      // Step 1 answers in the same shape for all three.
      const starts = await Promise.all([owner.email, noCode.email, ghost].map((email) => recoveryStart(api, email, randomCodeText())));
      const shape = (body: { attemptId: string; loginResponse: string }) => ({ keys: Object.keys(body).sort(), lengths: [body.attemptId.length, body.loginResponse.length] });
      for (const { started } of starts) {
        expect(started.status).toBe(200);
        expect(shape(started.body)).toEqual(shape(starts[0]!.started.body));
      }
      const wrongCode = await proveCode(api, owner.email, randomCodeText());
      const withoutCode = await proveCode(api, noCode.email, randomCodeText());
      const unknown = await proveCode(api, ghost, randomCodeText());
      for (const { proved } of [wrongCode, withoutCode, unknown]) {
        expectError(proved, 401, 'invalid_credentials');
        expect(proved.body).toEqual(wrongCode.proved.body);
      }
      expect(await waitForMail(smtp, owner.email, /the recovery code was wrong/, mailBefore)).toMatch(/Subject: A Latchkey account recovery attempt failed/);
      expect(await waitForMail(smtp, noCode.email, /has no recovery code/, mailBefore)).toBeTruthy();

      // The right code, then a wrong emailed code.
      const mailBeforeCode = smtp.messages.length;
      const right = await proveCode(api, owner.email, code.text);
      expect(right.proved.status).toBe(202);
      const emailed = codeIn(await waitForMail(smtp, owner.email, /verification code is/, mailBeforeCode));
      const wrongEmailed = emailed === '00000000' ? '11111111' : '00000000';
      const refused = await api.post('/v1/recovery/verify', { attemptId: right.attemptId, check: 'email', code: wrongEmailed });
      expectError(refused, 400, 'invalid_code');
      expect(refused.body.error.message).toMatch(/4 attempt/);
      expect(await waitForMail(smtp, owner.email, /verification code was wrong/, mailBeforeCode)).toBeTruthy();

      expect(await snapshot(db, bookkeeping)).toEqual(before);
      expect(smtp.messages.slice(mailBefore).some((m) => m.to.includes(ghost))).toBe(false);
      const failures = await db.selectFrom('audit_events').select(['event', 'account_id', 'email']).where('event', 'in', ['recovery.proof_failed', 'recovery.email_code_failed']).execute();
      expect(failures).toEqual(
        expect.arrayContaining([
          { event: 'recovery.proof_failed', account_id: owner.accountId, email: owner.email },
          { event: 'recovery.proof_failed', account_id: noCode.accountId, email: noCode.email },
          { event: 'recovery.proof_failed', account_id: null, email: ghost },
          { event: 'recovery.email_code_failed', account_id: owner.accountId, email: owner.email },
        ]),
      );
      expect(failures).toHaveLength(4);
      // The audit log holds no code.
      expect(JSON.stringify(await db.selectFrom('audit_events').selectAll().execute())).not.toContain(emailed);

      // The right emailed code still works after a wrong one (attempts left).
      expect((await api.post('/v1/recovery/verify', { attemptId: right.attemptId, check: 'email', code: emailed })).status).toBe(200);
    }));

  it('refuses steps out of order, a reused or expired step, a token as a session, and a recovery whose code changed meanwhile', () =>
    withServer(async ({ api, db, clock }) => {
      const user = await signUp(api, smtp, mailOf('oscar'));
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const accountKey = newAccountKey();
      const code = await setUpRecoveryCode(api, token, user.accountId, accountKey, user.secret);
      const before = await snapshot(db, bookkeeping);

      // Verify and reset before the code is proved.
      const { started } = await recoveryStart(api, user.email, code.text);
      expectError(await api.post('/v1/recovery/verify', { attemptId: started.body.attemptId, check: 'email', code: '12345678' }), 401, 'recovery_expired');
      expectError((await resetWithToken(api, started.body.attemptId, randomSecret())).started, 401, 'invalid_recovery_token');
      expectError((await resetWithToken(api, fakeBlob(32), randomSecret())).started, 401, 'invalid_recovery_token');
      expectError(await api.post('/v1/recovery/prove', { attemptId: fakeBlob(32), finishLoginRequest: fakeBlob(64) }), 401, 'recovery_expired');

      // A proof is used once; a start lives five minutes.
      const proved = await proveCode(api, user.email, code.text);
      expect(proved.proved.status).toBe(202);
      expectError(await api.post('/v1/recovery/prove', { attemptId: proved.attemptId, finishLoginRequest: fakeBlob(64) }), 401, 'recovery_expired');
      const late = await recoveryStart(api, user.email, code.text);
      clock.advance(5 * MINUTE + 1);
      expectError(await api.post('/v1/recovery/prove', { attemptId: late.started.body.attemptId, finishLoginRequest: fakeBlob(64) }), 401, 'recovery_expired');
      // The emailed code lives ten minutes.
      clock.advance(5 * MINUTE);
      expectError(await api.post('/v1/recovery/verify', { attemptId: proved.attemptId, check: 'email', code: '12345678' }), 401, 'recovery_expired');
      expect(await snapshot(db, bookkeeping)).toEqual(before);

      // A token: verified once, not a session, dead after 15 minutes.
      clock.advance(61 * MINUTE);
      const first = await recoverUpToToken(api, smtp, user.email, code.text);
      const recoveryToken = first.verified.body.recoveryToken as string;
      expectError(await api.post('/v1/recovery/verify', { attemptId: first.attemptId, check: 'email', code: '12345678' }), 401, 'recovery_expired');
      expectError(await api.get('/v1/account', recoveryToken), 401, 'unauthorized');
      expectError(await api.get('/v1/sessions', recoveryToken), 401, 'unauthorized');
      expectError(await api.post('/v1/account/password/start', { registrationRequest: fakeBlob(32) }, recoveryToken), 401, 'unauthorized');
      clock.advance(15 * MINUTE + 1);
      expectError((await resetWithToken(api, recoveryToken, randomSecret())).started, 401, 'invalid_recovery_token');

      // The owner replaces the code while a recovery with the old one is under way: it cannot finish.
      const second = await recoverUpToToken(api, smtp, user.email, code.text);
      const ownerToken = (await login(api, user.email, user.secret)).body.sessionToken as string;
      await setUpRecoveryCode(api, ownerToken, user.accountId, accountKey, user.secret);
      expectError((await resetWithToken(api, second.verified.body.recoveryToken, randomSecret())).started, 401, 'invalid_recovery_token');
      expect((await login(api, user.email, user.secret)).status).toBe(200);
      expect((await api.get('/v1/account', ownerToken)).status).toBe(200);
    }));

  it('rate-limits recovery proofs per email and emailed-code checks', () =>
    withServer(async ({ api, clock }) => {
      const user = await signUp(api, smtp, mailOf('lena'));
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const code = await setUpRecoveryCode(api, token, user.accountId, newAccountKey(), user.secret);
      // Three starts per email from one address per hour, whatever the code and whether the email has an account (start-limits.test.ts).
      for (let i = 0; i < 2; i++) expectError((await proveCode(api, user.email, randomCodeText())).proved, 401, 'invalid_credentials');
      const third = await proveCode(api, ` ${user.email.toUpperCase()}`, code.text);
      expect(third.proved.status).toBe(202);
      expectError((await recoveryStart(api, user.email, code.text)).started, 429, 'rate_limited');
      for (let i = 0; i < 3; i++) expect((await recoveryStart(api, mailOf('nobody'), randomCodeText())).started.status).toBe(200);
      expectError((await recoveryStart(api, mailOf('nobody'), randomCodeText())).started, 429, 'rate_limited');

      // Emailed-code checks: five per code, ten per email per hour.
      for (let i = 0; i < 5; i++) expectError(await api.post('/v1/recovery/verify', { attemptId: third.attemptId, check: 'email', code: '00000000' }), 400, 'invalid_code');
      for (let i = 0; i < 5; i++) expectError(await api.post('/v1/recovery/verify', { attemptId: third.attemptId, check: 'email', code: '00000000' }), 429, 'too_many_attempts');
      expectError(await api.post('/v1/recovery/verify', { attemptId: third.attemptId, check: 'email', code: '00000000' }), 429, 'rate_limited');

      clock.advance(61 * MINUTE);
      expect((await proveCode(api, user.email, code.text)).proved.status).toBe(202);
    }));

  it('shows the owner their own security events, newest first, a page at a time', () =>
    withServer(async ({ api, clock }) => {
      const user = await signUp(api, smtp, mailOf('paul'));
      const other = await signUp(api, smtp, mailOf('quinn'));
      const tokens: string[] = [];
      for (let i = 0; i < 3; i++) {
        clock.advance(1000);
        tokens.push((await login(api, user.email, user.secret)).body.sessionToken as string);
      }
      await login(api, other.email, other.secret);
      clock.advance(1000);
      await login(api, user.email, randomSecret());
      const token = tokens[0]!;
      const all = await api.get('/v1/audit', token);
      expect(all.status).toBe(200);
      const events = all.body.events as { id: string; at: string; event: string; sessionId: string | null; ip: string | null }[];
      expect(events.map((e) => e.event)).toEqual(['login.failed', 'login.succeeded', 'login.succeeded', 'login.succeeded', 'signup.completed']);
      expect([...events].sort((a, b) => b.at.localeCompare(a.at))).toEqual(events);
      expect(events[1]).toMatchObject({ ip: '127.0.0.1', sessionId: expect.any(String) });
      expect(all.body.next).toBeNull();

      const pages: string[] = [];
      let next: string | null = null;
      do {
        const page = await api.get(`/v1/audit?limit=2${next ? `&before=${encodeURIComponent(next)}` : ''}`, token);
        expect(page.status).toBe(200);
        expect(page.body.events.length).toBeLessThanOrEqual(2);
        pages.push(...page.body.events.map((e: { id: string }) => e.id));
        next = page.body.next;
      } while (next);
      expect(pages).toEqual(events.map((e) => e.id));

      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'before=nope', 'unknown=1', 'limit=1&limit=2']) {
        expectError(await api.get(`/v1/audit?${query}`, token), 400, 'invalid_request');
      }
    }));
});
