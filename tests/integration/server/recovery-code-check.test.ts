/**
 * Checking a recovery code (docs/security-design.md §11.4), on each database: a good
 * code gives back the envelope that opens the account key the device holds and keeps the time
 * of the check, and nothing else changes; bad codes, other sessions and missing codes are
 * refused and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { recoveryCheckRoutes } from '../../../src/shared/server-api/recovery-check';
import { testDatabases } from './databases';
import { createFamily, invite, join, memberReset, person } from './family-helpers';
import { type Api, expectError, fakeBlob, login, randomSecret, snapshot, stepUp, type TestServer, withTestServer } from './harness';
import { checkCode, finishCheck, ownerWithCode, startCheck } from './recovery-check-helpers';
import { newAccountKey, randomCodeText, setUpRecoveryCode, unwrapRecovered, waitForMail } from './recovery-helpers';
import { enableTotp } from './two-factor-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const MINUTE = 60_000;
/** What a start writes: its limit's count, its audit event, the check under way. */
const startWrites = ['rate_limits', 'audit_events', 'recovery_check_attempts'];

const without = (tables: Record<string, unknown[]>, names: readonly string[]) => Object.fromEntries(Object.entries(tables).filter(([name]) => !names.includes(name)));

/** No mail went out since `since`: a marker mail sent now is the only new one (mail is sent in order by one server). */
async function expectNoMailSince(api: Api, since: number, marker: string): Promise<void> {
  expect((await api.post('/v1/signup/start', { email: marker })).status).toBe(202);
  await waitForMail(smtp, marker, /./, since);
  expect(smtp.messages.slice(since).map((message) => message.to)).toEqual([[marker]]);
}

describe.each(testDatabases)('recovery code check on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);
  const mailOf = (name: string) => `${name}-${database.name}@example.com`;
  const events = async ({ db }: TestServer, accountId: string) =>
    (await db.selectFrom('audit_events').select('event').where('account_id', '=', accountId).orderBy('at').orderBy('event').execute()).map((row) => row.event);

  it('proves a good code: the envelope opens the account key, the time is kept and audited, nothing else changes, no mail', () =>
    withServer(async (server) => {
      const { api, db, clock } = server;
      const owner = await ownerWithCode(api, smtp, mailOf('good'));
      clock.advance(MINUTE);
      // The session's use is recorded once a minute: that write happens here, not during the check.
      expect((await api.get('/v1/recovery/check-up', owner.token)).status).toBe(200);
      const before = await snapshot(db);
      const credentialBefore = await db.selectFrom('recovery_credentials').selectAll().executeTakeFirstOrThrow();
      const eventsBefore = await events(server, owner.user.accountId);
      const mails = smtp.messages.length;

      const { check, finished } = await checkCode(api, owner.token, owner.code.text);
      expect(Object.keys(check.started.body).sort()).toEqual(['checkId', 'loginResponse']);
      const checkedAt = new Date(clock.now()).toISOString();
      expect(finished.body).toEqual({ recoveryWrappedAccountKey: credentialBefore.wrapped_account_key, checkedAt });
      expect(Buffer.from(unwrapRecovered(finished.body.recoveryWrappedAccountKey, check.keys, owner.user.accountId))).toEqual(Buffer.from(owner.accountKey.expose()));

      // Exactly what changed: the credential's check time, the check's limit, two audit events.
      const after = await snapshot(db);
      const written = ['recovery_credentials', 'rate_limits', 'audit_events'];
      expect(without(after, written)).toEqual(without(before, written));
      expect(await db.selectFrom('recovery_credentials').selectAll().execute()).toEqual([{ ...credentialBefore, last_checked_at: expect.anything() }]);
      expect(Number((await db.selectFrom('recovery_credentials').select('last_checked_at').executeTakeFirstOrThrow()).last_checked_at)).toBe(clock.now());
      const limits = await db.selectFrom('rate_limits').selectAll().where('action', '=', 'recovery-check:account').execute();
      expect(limits).toEqual([{ action: 'recovery-check:account', subject: owner.user.accountId, hits: String(clock.now()) }]);
      expect(after.rate_limits?.length).toBe((before.rate_limits?.length ?? 0) + 1);
      expect(await events(server, owner.user.accountId)).toEqual([...eventsBefore, 'recovery.check_started', 'recovery.checked']);
      const checked = await db.selectFrom('audit_events').selectAll().where('event', '=', 'recovery.checked').executeTakeFirstOrThrow();
      expect({ session: checked.session_id, at: Number(checked.at) }).toEqual({ session: owner.sessionId, at: clock.now() });

      // Every device sees it; the code is not "used", and the account signs in as before.
      const phone = (await login(api, owner.user.email, owner.user.secret, { name: 'Phone', platform: 'other' })).body.sessionToken as string;
      expect((await api.get('/v1/recovery/check-up', phone)).body).toEqual({ lastCheckedAt: checkedAt, reminder: { enabled: true, stage: 0, dueAt: null }, kit: null });
      expect((await api.get('/v1/recovery/credential', phone)).body).toMatchObject({ status: 'active', lastUsedAt: null });
      await expectNoMailSince(api, mails, mailOf('marker-good'));

      // A check id works once.
      expectError(await finishCheck(api, owner.token, check), 401, 'check_expired');
    }));

  it('refuses a wrong code, an old replaced code and another account’s code at the device, and records nothing', () =>
    withServer(async (server) => {
      const { api, db } = server;
      const owner = await ownerWithCode(api, smtp, mailOf('owner'));
      const old = owner.code;
      await setUpRecoveryCode(api, owner.token, owner.user.accountId, owner.accountKey, owner.user.secret);
      const other = await ownerWithCode(api, smtp, mailOf('other'));
      const mails = smtp.messages.length;
      for (const codeText of [randomCodeText(), old.text, other.code.text]) {
        const before = await snapshot(db);
        const check = await startCheck(api, owner.token, codeText);
        expect(check.started.status).toBe(200);
        // The device's OPAQUE finish fails: the code never reaches the server, nothing is recorded.
        expect(check.finishLoginRequest).toBeNull();
        expect(await snapshot(db, startWrites)).toEqual(without(before, startWrites));
        // A client that sends a proof anyway gets the same refusal as an expired check.
        expectError(await finishCheck(api, owner.token, check), 401, 'check_expired');
        expect(await snapshot(db, ['rate_limits', 'audit_events'])).toEqual(without(before, ['rate_limits', 'audit_events']));
      }
      expect((await db.selectFrom('recovery_credentials').select('last_checked_at').where('state', '=', 'active').execute()).map((row) => row.last_checked_at)).toEqual([null, null]);
      // All at one time: the log orders them by name.
      expect((await events(server, owner.user.accountId)).filter((event) => event.startsWith('recovery.check'))).toEqual([...Array(3).fill('recovery.check_failed'), ...Array(3).fill('recovery.check_started')]);
      await expectNoMailSince(api, mails, mailOf('marker-bad'));

      // A start that is no OPAQUE message is a 400 that counts nothing.
      const before = await snapshot(db);
      expectError(await api.post('/v1/recovery/check/start', { startLoginRequest: fakeBlob(10) }, owner.token), 400, 'invalid_request');
      expect(await snapshot(db)).toEqual(before);
    }));

  it('binds a check to its session and its code: other sessions, other accounts, a second finish, expiry and a replaced code are refused', () =>
    withServer(async ({ api, db, clock }) => {
      const owner = await ownerWithCode(api, smtp, mailOf('bound'));
      const laptop = (await login(api, owner.user.email, owner.user.secret, { name: 'Laptop 2', platform: 'linux' })).body.sessionToken as string;
      const mallory = await ownerWithCode(api, smtp, mailOf('mallory'));
      const check = await startCheck(api, owner.token, owner.code.text);
      const before = await snapshot(db);
      for (const token of [mallory.token, laptop]) expectError(await finishCheck(api, token, check), 401, 'check_expired');
      for (const path of ['/v1/recovery/check/start', '/v1/recovery/check/finish']) {
        expectError(await api.post(path, { checkId: check.started.body.checkId, finishLoginRequest: check.finishLoginRequest }), 401, 'unauthorized');
      }
      expect(await snapshot(db)).toEqual(before);
      // Untouched by those: its own session finishes it.
      expect((await finishCheck(api, owner.token, check)).status).toBe(200);

      // Expired after 5 minutes.
      const late = await startCheck(api, owner.token, owner.code.text);
      clock.advance(5 * MINUTE);
      expectError(await finishCheck(api, owner.token, late), 401, 'check_expired');

      // A code replaced after the start: the check was of the old one.
      const replaced = await startCheck(api, owner.token, owner.code.text);
      const next = await setUpRecoveryCode(api, owner.token, owner.user.accountId, owner.accountKey, owner.user.secret);
      expectError(await finishCheck(api, owner.token, replaced), 401, 'check_expired');
      // The new code starts with no check; checking it works.
      expect((await api.get('/v1/recovery/check-up', owner.token)).body.lastCheckedAt).toBeNull();
      expect((await db.selectFrom('recovery_credentials').select('last_checked_at').where('account_id', '=', owner.user.accountId).execute()).map((row) => row.last_checked_at)).toEqual([null]);
      const { finished } = await checkCode(api, owner.token, next.text);
      expect((await api.get('/v1/recovery/check-up', owner.token)).body.lastCheckedAt).toBe(finished.body.checkedAt);
    }));

  it('answers 409 no_recovery_code without an active code (deleted, or after an organizer recovery), and changes nothing', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, smtp, mailOf('organizer'));
      const member = await person(api, smtp, mailOf('member'));
      await createFamily(api, organizer, []);
      expect((await join(api, member, await invite(api, smtp, organizer, member.email), [])).status).toBe(200);
      const code = await setUpRecoveryCode(api, member.token, member.accountId, newAccountKey(), member.secret);
      expect((await api.post('/v1/recovery/check-up/kit', { how: 'printed' }, member.token)).status).toBe(200);
      expect((await api.post('/v1/family/recoveries', { accountId: member.accountId }, organizer.token)).status).toBe(201);
      const newSecret = randomSecret();
      expect((await memberReset(api, smtp, member.email, newSecret)).reset.status).toBe(200);
      const token = (await login(api, member.email, newSecret)).body.sessionToken as string;
      // The new Secret Key makes the kept kit useless: the checklist asks again.
      expect((await api.get('/v1/recovery/check-up', token)).body).toEqual({ lastCheckedAt: null, reminder: { enabled: true, stage: 0, dueAt: null }, kit: null });
      const before = await snapshot(db);
      expectError((await startCheck(api, token, code.text)).started, 409, 'no_recovery_code');
      expect(await snapshot(db)).toEqual(before);

      // Without a code at all (never set up, or deleted): the same.
      const owner = await ownerWithCode(api, smtp, mailOf('deleted'));
      expect((await api.call('DELETE', '/v1/recovery/credential', undefined, owner.token, undefined, await stepUp(api, owner.token, owner.user.secret))).status).toBe(200);
      const beforeDeleted = await snapshot(db);
      expectError((await startCheck(api, owner.token, owner.code.text)).started, 409, 'no_recovery_code');
      expect(await snapshot(db)).toEqual(beforeDeleted);
    }));

  it('keeps every check-up route behind the session and the 2FA gate', () =>
    withServer(async ({ api, db, clock }) => {
      const owner = await ownerWithCode(api, smtp, mailOf('gated'));
      await enableTotp(api, clock, owner.token);
      const ungated = (await login(api, owner.user.email, owner.user.secret)).body.sessionToken as string;
      const bodies: Record<string, unknown> = {
        checkStart: { startLoginRequest: fakeBlob(96) },
        checkFinish: { checkId: fakeBlob(32), finishLoginRequest: fakeBlob(64) },
        setReminder: { enabled: false, stage: 1, dueAt: null },
        keptKit: { how: 'saved' },
      };
      const before = await snapshot(db);
      for (const [key, route] of Object.entries(recoveryCheckRoutes)) {
        const send = (token?: string) => api.call(route.method, route.path, bodies[key], token);
        expectError(await send(), 401, 'unauthorized');
        expectError(await send(ungated), 403, 'second_factor_required');
      }
      expect(await snapshot(db)).toEqual(before);
      expect((await startCheck(api, owner.token, owner.code.text)).started.status).toBe(200);
    }));
});
