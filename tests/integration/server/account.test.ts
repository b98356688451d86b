import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import {
  changePassword,
  databaseText,
  expectError,
  fakeBlob,
  fakeKeyset,
  fakeWrappedKey,
  login,
  loginStart,
  randomSecret,
  register,
  signUp,
  snapshot,
  stepUp,
  verifyEmail,
  wellFormedRecord,
  withTestServer,
  type TestServer,
} from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

const MINUTE = 60_000;

describe.each(testDatabases)('accounts on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  it('signs up with an emailed code and OPAQUE, then signs in; no secret reaches the database', () =>
    withServer(async ({ api, db }) => {
      const mailBefore = smtp.messages.length;
      const user = await signUp(api, smtp, '  Alice.Example@Example.COM ');
      expect(user.accountId).toMatch(/^[0-9A-Z]{6}$/);
      expect(user.kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 4 });
      expect(Buffer.from(user.kdf.salt, 'base64url').length).toBeGreaterThanOrEqual(16);

      const mail = smtp.messages.slice(mailBefore).filter((m) => m.to.includes('alice.example@example.com'));
      expect(mail).toHaveLength(1);
      const account = await db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect(account).toMatchObject({
        id: user.accountId,
        email: 'alice.example@example.com',
        argon2_memory_kib: 65536,
        argon2_iterations: 3,
        argon2_parallelism: 4,
        argon2_salt: user.kdf.salt,
        wrapped_account_key: user.uploaded.wrappedAccountKey,
        public_key_x25519: user.uploaded.publicKeys.x25519,
        public_key_ed25519: user.uploaded.publicKeys.ed25519,
        encrypted_keyset: user.uploaded.encryptedKeyset,
      });

      const signedIn = await login(api, 'ALICE.example@example.com', user.secret, { name: 'Alice’s laptop', platform: 'macos' });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(signedIn.body.account).toEqual({ accountId: user.accountId, email: user.email, kdf: user.kdf, ...user.uploaded, twoFactorRequired: false });
      const me = await api.get('/v1/account', signedIn.body.sessionToken);
      expect(me).toEqual({ status: 200, body: signedIn.body.account });
      // The account state says when the account asks for a second factor, so the app can show it.
      await db.updateTable('accounts').set({ two_factor_required: 1 }).where('id', '=', user.accountId).execute();
      expect((await api.get('/v1/account', signedIn.body.sessionToken)).body).toMatchObject({ twoFactorRequired: true });
      await db.updateTable('accounts').set({ two_factor_required: 0 }).where('id', '=', user.accountId).execute();

      const stored = await databaseText(db);
      expect(stored).not.toContain(user.secret);
      expect(stored).not.toContain(signedIn.body.sessionToken);
      expect(stored).not.toContain(lastCode());
      const events = await db.selectFrom('audit_events').select('event').orderBy('at').execute();
      expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['signup.code_sent', 'signup.completed', 'login.succeeded']));
    }));

  function lastCode(): string {
    return /verification code is: (\d{8})/.exec(smtp.messages.at(-1)?.raw ?? '')?.[1] ?? 'none';
  }

  it('refuses a wrong secret with invalid_credentials and opens no session', () =>
    withServer(async ({ api, db }) => {
      const user = await signUp(api, smtp, 'bob@example.com');
      const wrong = await login(api, user.email, randomSecret());
      expectError(wrong, 401, 'invalid_credentials');
      expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
      const failures = await db.selectFrom('audit_events').selectAll().where('event', '=', 'login.failed').execute();
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ account_id: user.accountId, email: user.email });
    }));

  it('changes the password: the old one stops working, the new one works, the wrapped key is replaced', () =>
    withServer(async ({ api, db }) => {
      const user = await signUp(api, smtp, 'carol@example.com');
      const session = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const newSecret = randomSecret();
      expectError(await api.post('/v1/account/password/finish', { registrationRecord: fakeBlob(192), wrappedAccountKey: fakeBlob(72) }), 401, 'unauthorized');
      const before = await db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect((await changePassword(api, session, newSecret, {})).body.error.code).toBe('step_up_required');
      const changed = await changePassword(api, session, newSecret, await stepUp(api, session, user.secret));
      expect(changed).toEqual({ status: 200, body: { changed: true } });
      const after = await db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect(after.opaque_record).not.toBe(before.opaque_record);
      expect(after.wrapped_account_key).not.toBe(before.wrapped_account_key);
      expect(after.argon2_salt).toBe(before.argon2_salt);
      expectError(await login(api, user.email, user.secret), 401, 'invalid_credentials');
      expect((await login(api, user.email, newSecret)).status).toBe(200);
      expect((await db.selectFrom('audit_events').select('event').where('event', '=', 'password.changed').execute()).length).toBe(1);
    }));

  it('answers login parameters and login start for an unknown email in the same shape, with a stable salt', () =>
    withServer(async ({ api }) => {
      const user = await signUp(api, smtp, 'dave@example.com');
      const parameters = (email: string) => api.post('/v1/login/parameters', { email });
      const real = await parameters(user.email);
      const ghost1 = await parameters('nobody@example.com');
      const ghost2 = await parameters(' NOBODY@example.com');
      const other = await parameters('someone-else@example.com');
      for (const response of [real, ghost1, ghost2, other]) expect(response.status).toBe(200);
      const shape = (body: typeof real.body) => ({
        keys: Object.keys(body.kdf).sort(),
        params: [body.kdf.algorithm, body.kdf.memoryKiB, body.kdf.iterations, body.kdf.parallelism],
        saltLength: body.kdf.salt.length,
      });
      expect(shape(ghost1.body)).toEqual(shape(real.body));
      expect(real.body.kdf).toEqual(user.kdf);
      expect(ghost2.body.kdf.salt).toBe(ghost1.body.kdf.salt);
      expect(other.body.kdf.salt).not.toBe(ghost1.body.kdf.salt);
      const started = (await loginStart(api, user.email, user.secret)).started;
      const ghostStarted = (await loginStart(api, 'nobody@example.com', randomSecret())).started;
      const startShape = (body: typeof started.body) => ({ keys: Object.keys(body).sort(), lengths: [body.loginId.length, body.loginResponse.length] });
      expect(startShape(ghostStarted.body)).toEqual(startShape(started.body));
      // Finishing an unknown-email login fails exactly like a wrong password.
      expectError(await login(api, 'nobody@example.com', randomSecret()), 401, 'invalid_credentials');
    }));

  it('refuses wrong, expired, replaced, reused and over-tried codes, and creates nothing', () =>
    withServer(async ({ api, db, clock }) => {
      const email = 'erin@example.com';
      expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
      const code = lastCodeFor(email);
      const wrongCode = code === '00000000' ? '11111111' : '00000000';
      const before = await snapshot(db, ['email_codes', 'rate_limits', 'audit_events']);

      const wrong = await api.post('/v1/signup/verify', { email, code: wrongCode });
      expectError(wrong, 400, 'invalid_code');
      expect(wrong.body.error.message).toMatch(/4 attempt/);
      // The count a client shows travels as a field, not only in the words.
      expect(wrong.body.error.details).toEqual({ attemptsLeft: 4 });
      expect(JSON.stringify(wrong.body)).not.toContain(wrongCode);

      // A new code replaces the old one.
      expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
      const second = lastCodeFor(email);
      if (second !== code) expectError(await api.post('/v1/signup/verify', { email, code }), 400, 'invalid_code');

      // Expired after ten minutes.
      clock.advance(10 * MINUTE + 1);
      expectError(await api.post('/v1/signup/verify', { email, code: second }), 400, 'code_expired');

      // Five attempts, then even the right code is refused.
      expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
      const third = lastCodeFor(email);
      const notThird = third === '00000000' ? '11111111' : '00000000';
      for (let i = 0; i < 5; i++) expectError(await api.post('/v1/signup/verify', { email, code: notThird }), 400, 'invalid_code');
      expectError(await api.post('/v1/signup/verify', { email, code: third }), 429, 'too_many_attempts');
      expect(await snapshot(db, ['email_codes', 'rate_limits', 'audit_events'])).toEqual(before);
      const stored = await db.selectFrom('email_codes').select(['code_hash', 'attempts']).execute();
      expect(JSON.stringify(stored)).not.toContain(third);

      // Used once, then refused.
      clock.advance(61 * MINUTE); // past the per-email sign-up rate limit window
      const verified = await verifyEmail(api, smtp, email);
      expect(verified.signupToken).toBeTruthy();
      expectError(await api.post('/v1/signup/verify', { email, code: lastCodeFor(email) }), 400, 'invalid_code');
    }));

  function lastCodeFor(email: string): string {
    const raw = smtp.messages.filter((m) => m.to.includes(email)).at(-1)?.raw ?? '';
    return /verification code is: (\d{8})/.exec(raw)?.[1] ?? 'none';
  }

  it('binds registration to a live, single-use sign-up token', () =>
    withServer(async ({ api, db, clock }) => {
      const garbage = fakeBlob(32);
      const before = await snapshot(db, ['rate_limits', 'audit_events', 'email_codes']);
      expectError(await api.post('/v1/signup/registration/start', { signupToken: garbage, registrationRequest: fakeBlob(32) }), 401, 'invalid_signup_token');
      const { signupToken } = await verifyEmail(api, smtp, 'frank@example.com');
      const afterVerify = await snapshot(db, ['rate_limits', 'audit_events', 'email_codes']);
      expect(afterVerify.signup_tokens).toHaveLength(1);
      expect(afterVerify.accounts).toEqual(before.accounts);
      expectError(
        await api.post('/v1/signup/registration/finish', { signupToken: garbage, registrationRecord: await wellFormedRecord(), wrappedAccountKey: fakeWrappedKey(), publicKeys: { x25519: fakeBlob(32), ed25519: fakeBlob(32) }, encryptedKeyset: fakeKeyset() }),
        401,
        'invalid_signup_token',
      );
      expectError(await api.post('/v1/signup/registration/start', { signupToken, registrationRequest: 'AAAA' }), 400, 'invalid_request');
      const first = await register(api, signupToken, randomSecret());
      expect(first.finished.status).toBe(201);
      const accounts = await db.selectFrom('accounts').selectAll().execute();
      const reused = await register(api, signupToken, randomSecret()).catch(() => null);
      expect(reused).toBeNull(); // registration start refuses the used token
      expect(await db.selectFrom('accounts').selectAll().execute()).toEqual(accounts);

      const { signupToken: late } = await verifyEmail(api, smtp, 'grace@example.com');
      clock.advance(31 * MINUTE);
      expectError(await api.post('/v1/signup/registration/start', { signupToken: late, registrationRequest: fakeBlob(32) }), 401, 'invalid_signup_token');
      expect(await db.selectFrom('accounts').select('email').execute()).toEqual([{ email: 'frank@example.com' }]);
    }));

  it('never creates a second account for an email, and tells an existing owner instead of sending a code', () =>
    withServer(async ({ api, db }) => {
      const email = 'heidi@example.com';
      const first = await verifyEmail(api, smtp, email);
      const second = await verifyEmail(api, smtp, email);
      expect((await register(api, first.signupToken, randomSecret())).finished.status).toBe(201);
      const accounts = await db.selectFrom('accounts').selectAll().execute();
      const dup = await register(api, second.signupToken, randomSecret());
      expectError(dup.finished, 409, 'email_taken');
      expect(await db.selectFrom('accounts').selectAll().execute()).toEqual(accounts);

      const count = smtp.messages.length;
      const again = await api.post('/v1/signup/start', { email });
      expect(again.status).toBe(202);
      expect(again.body).toEqual({ sent: true, codeDigits: 8, expiresInSeconds: 600 });
      const notice = smtp.messages.slice(count).find((m) => m.to.includes(email));
      expect(notice?.raw).toMatch(/already has one/);
      expect(notice?.raw).not.toMatch(/verification code/i);
      // Verify answers as it would for a new address: a wrong code, attempts left.
      expectError(await api.post('/v1/signup/verify', { email, code: '12345678' }), 400, 'invalid_code');
    }));

  it('uses a login attempt once, and only for five minutes', () =>
    withServer(async ({ api, clock }) => {
      const user = await signUp(api, smtp, 'ivan@example.com');
      const { started } = await loginStart(api, user.email, user.secret);
      const device = { name: 'Phone', platform: 'other' };
      clock.advance(5 * MINUTE + 1);
      expectError(await api.post('/v1/login/finish', { loginId: started.body.loginId, finishLoginRequest: fakeBlob(64), device }), 401, 'login_expired');
      expectError(await api.post('/v1/login/finish', { loginId: started.body.loginId, finishLoginRequest: fakeBlob(64), device }), 401, 'login_expired');
      expect((await login(api, user.email, user.secret)).status).toBe(200);
    }));
});
