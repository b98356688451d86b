/**
 * The recovery check-up (docs/security-design.md §11.4, §13), on each database: the
 * check's own limit, held by two server instances on one database and apart from the recovery
 * limits; the reminder schedule and the Emergency Kit, per account, with bad input refused.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { Clock, expectError, login, randomSecret, snapshot, startTestServer, type TestServer, withTestServer } from './harness';
import { checkCode, ownerWithCode, startCheck } from './recovery-check-helpers';
import { proveCode, recoverUpToToken, resetWithToken } from './recovery-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });

const MINUTE = 60_000;
const CHECK_LIMIT = 10;
const fresh = { lastCheckedAt: null, reminder: { enabled: true, stage: 0, dueAt: null }, kit: null };

describe.each(testDatabases)('recovery check-up on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);
  const mailOf = (name: string) => `${name}-${database.name}@example.com`;

  it('limits check starts per account across two server instances, apart from the recovery limits', async () => {
    const config = await database.create();
    const clock = new Clock();
    const a = await startTestServer(config, smtp, { clock });
    const b = await startTestServer(config, smtp, { clock });
    try {
      const owner = await ownerWithCode(a.api, smtp, mailOf('limited'));
      // A recovery start of this account, so its limits have rows to leave alone.
      expect((await proveCode(a.api, owner.user.email, owner.code.text)).proved.status).toBe(202);
      const recoveryLimits = () => a.db.selectFrom('rate_limits').selectAll().where('action', 'like', 'recovery-%').where('action', '<>', 'recovery-check:account').orderBy('action').orderBy('subject').execute();
      const recoveryBefore = await recoveryLimits();
      expect(recoveryBefore.length).toBeGreaterThan(0);

      for (let i = 0; i < CHECK_LIMIT; i++) expect((await startCheck(i % 2 ? a.api : b.api, owner.token, owner.code.text)).started.status, `start ${i + 1}`).toBe(200);
      const before = await snapshot(a.db);
      for (const server of [a, b]) {
        const refused = (await startCheck(server.api, owner.token, owner.code.text)).started;
        expectError(refused, 429, 'rate_limited');
      }
      expect(await snapshot(a.db)).toEqual(before);
      expect(await recoveryLimits()).toEqual(recoveryBefore);
      // Another account's checks are its own; and the owner's recovery is not held up by the checks.
      const other = await ownerWithCode(b.api, smtp, mailOf('other'));
      expect((await startCheck(a.api, other.token, other.code.text)).started.status).toBe(200);
      expect((await proveCode(b.api, owner.user.email, owner.code.text)).proved.status).toBe(202);

      // The starts leave the window an hour after they were made.
      clock.advance(60 * MINUTE + 1);
      expect((await checkCode(b.api, owner.token, owner.code.text)).finished.body.checkedAt).toBe(new Date(clock.now()).toISOString());
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps the reminder schedule and the Emergency Kit with the account, for every device, and refuses bad input', () =>
    withServer(async ({ api, db, clock }) => {
      const owner = await ownerWithCode(api, smtp, mailOf('schedule'));
      const phone = (await login(api, owner.user.email, owner.user.secret, { name: 'Phone', platform: 'other' })).body.sessionToken as string;
      const other = await ownerWithCode(api, smtp, mailOf('neighbour'));
      expect((await api.get('/v1/recovery/check-up', owner.token)).body).toEqual(fresh);

      // Stored as the device sends it; the other device sees it.
      const dueAt = new Date(clock.now() + 90 * 24 * 60 * MINUTE).toISOString();
      const schedule = { enabled: true, stage: 2, dueAt };
      expect(await api.call('PUT', '/v1/recovery/check-up/reminder', schedule, owner.token)).toEqual({ status: 200, body: { ...fresh, reminder: schedule } });
      expect((await api.get('/v1/recovery/check-up', phone)).body.reminder).toEqual(schedule);
      expect((await api.call('PUT', '/v1/recovery/check-up/reminder', { enabled: false, stage: 3, dueAt: null }, phone)).body.reminder).toEqual({ enabled: false, stage: 3, dueAt: null });

      // The kit: when and how, audited; the last one counts.
      clock.advance(MINUTE);
      expect((await api.post('/v1/recovery/check-up/kit', { how: 'saved' }, owner.token)).body.kit).toEqual({ keptAt: new Date(clock.now()).toISOString(), how: 'saved' });
      clock.advance(MINUTE);
      const kept = await api.post('/v1/recovery/check-up/kit', { how: 'confirmed' }, phone);
      const kit = { keptAt: new Date(clock.now()).toISOString(), how: 'confirmed' };
      expect(kept.body).toEqual({ lastCheckedAt: null, reminder: { enabled: false, stage: 3, dueAt: null }, kit });
      const kitEvents = await db.selectFrom('audit_events').select(['account_id', 'event']).where('event', '=', 'recovery.kit_kept').execute();
      expect(kitEvents).toEqual([{ account_id: owner.user.accountId, event: 'recovery.kit_kept' }, { account_id: owner.user.accountId, event: 'recovery.kit_kept' }]);

      // Another account sees and changes only its own.
      expect((await api.get('/v1/recovery/check-up', other.token)).body).toEqual(fresh);
      expect((await api.call('PUT', '/v1/recovery/check-up/reminder', schedule, other.token)).status).toBe(200);
      expect((await api.get('/v1/recovery/check-up', owner.token)).body).toEqual(kept.body);

      // Bad input: 400, and nothing changes.
      const tooLate = new Date(clock.now() + 3 * 366 * 24 * 60 * MINUTE).toISOString();
      const before = await snapshot(db);
      const badReminders = [
        { enabled: true, stage: 4, dueAt: null },
        { enabled: true, stage: -1, dueAt: null },
        { enabled: true, stage: 1.5, dueAt: null },
        { enabled: true, stage: 1, dueAt: 'next tuesday' },
        { enabled: true, stage: 1, dueAt: '2030-02-01T00:00:00+02:00' },
        { enabled: true, stage: 1, dueAt: tooLate },
        { enabled: 'yes', stage: 1, dueAt: null },
        { stage: 1, dueAt: null },
        { enabled: true, stage: 1, dueAt: null, snoozed: true },
      ];
      for (const body of badReminders) expectError(await api.call('PUT', '/v1/recovery/check-up/reminder', body, owner.token), 400, 'invalid_request');
      for (const body of [{ how: 'lost' }, {}, { how: 'saved', at: '2030-01-01T00:00:00Z' }]) expectError(await api.post('/v1/recovery/check-up/kit', body, owner.token), 400, 'invalid_request');
      expect(await snapshot(db)).toEqual(before);

      // A recovery with the code gives a new Secret Key: the kit is asked for again; the schedule stays.
      const { verified } = await recoverUpToToken(api, smtp, owner.user.email, owner.code.text);
      const newSecret = randomSecret();
      expect((await resetWithToken(api, verified.body.recoveryToken, newSecret)).finished.status).toBe(200);
      const token = (await login(api, owner.user.email, newSecret)).body.sessionToken as string;
      expect((await api.get('/v1/recovery/check-up', token)).body).toEqual({ lastCheckedAt: null, reminder: { enabled: false, stage: 3, dueAt: null }, kit: null });
    }));
});
