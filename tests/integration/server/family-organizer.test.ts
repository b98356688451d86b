/**
 * An organizer's housekeeping on the real server, on each database: cancelling and sending
 * again an invitation, and stepping down (the successor becomes an organizer and the group key
 * is rotated, in one transaction). Bad input, a member asking, and replays change nothing.
 */
import { describe, expect, it } from 'vitest';
import { familyOrganizerRoutes, familyRecoveryRequestRoutes } from '../../../src/shared/server-api/family-organizer';
import { needsSecondFactor, needsSession } from '../../../src/shared/server-api/http';
import { smtpForThisFile } from '../../support/suite-smtp';
import { testDatabases } from './databases';
import { createFamily, invite, join, person, sealedGroupKey } from './family-helpers';
import { expectError, fakeBlob, snapshot, withTestServer } from './harness';
import { waitForMail } from './recovery-helpers';

const smtp = await smtpForThisFile({ crypto: true });

describe.each(testDatabases)('family organizers on $name', (database) => {
  const withServer = (test: Parameters<typeof withTestServer>[2]) => withTestServer(database, smtp, test);

  it('cancels a pending invitation (its code stops working) and sends one again with a new code, the old one refused; each audited', () =>
    withServer(async ({ api, db }) => {
      expect(Object.values(familyOrganizerRoutes).every((route) => needsSession(route) && needsSecondFactor(route))).toBe(true);
      const organizer = await person(api, smtp, 'org@invites.example');
      const kid = await person(api, smtp, 'kid@invites.example');
      await createFamily(api, organizer, []);
      const first = await invite(api, smtp, organizer, kid.email);
      const again = await invite(api, smtp, organizer, kid.email);
      expect(again).not.toBe(first);
      expectError(await api.post('/v1/family/invitation', { inviteToken: first }, kid.token), 400, 'invalid_invite');
      expect((await api.post('/v1/family/invitation', { inviteToken: again }, kid.token)).status).toBe(200);

      // Refused, changing nothing: a member of no family, an address with no invitation, not an address.
      const before = await snapshot(db, ['rate_limits']);
      expectError(await api.post('/v1/family/invites/cancel', { email: kid.email }, kid.token), 404, 'not_found');
      expectError(await api.post('/v1/family/invites/cancel', { email: 'nobody@invites.example' }, organizer.token), 404, 'not_found');
      expectError(await api.post('/v1/family/invites/cancel', { email: 'not an address' }, organizer.token), 400, 'invalid_request');
      expectError(await api.post('/v1/family/invites/cancel', { email: kid.email, extra: 1 }, organizer.token), 400, 'invalid_request');
      expect(await snapshot(db, ['rate_limits'])).toEqual(before);

      const cancelled = await api.post('/v1/family/invites/cancel', { email: ' KID@invites.example' }, organizer.token);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.family.invites).toEqual([]);
      expectError(await api.post('/v1/family/invitation', { inviteToken: again }, kid.token), 400, 'invalid_invite');
      expectError(await api.post('/v1/family/invites/cancel', { email: kid.email }, organizer.token), 404, 'not_found');
      const events = await db.selectFrom('audit_events').select(['event', 'email']).where('event', 'in', ['family.invited', 'family.invite_cancelled']).orderBy('at').execute();
      expect(events.map((row) => row.event)).toEqual(['family.invited', 'family.invited', 'family.invite_cancelled']);
      expect(events.every((row) => row.email === kid.email)).toBe(true);

      // A member of the family may not cancel.
      const third = await invite(api, smtp, organizer, kid.email);
      expect((await join(api, kid, third, [])).status).toBe(200);
      await invite(api, smtp, organizer, 'late@invites.example');
      expectError(await api.post('/v1/family/invites/cancel', { email: 'late@invites.example' }, kid.token), 403, 'not_an_organizer');
      expect((await api.get('/v1/family', organizer.token)).body.family.invites).toEqual([{ email: 'late@invites.example', expiresAt: expect.any(String) }]);
    }));

  it('steps down: the successor becomes an organizer and the group key is rotated to exactly the organizers who remain; the caller stays a member', () =>
    withServer(async ({ api, db }) => {
      const organizer = await person(api, smtp, 'org@step.example');
      const kid = await person(api, smtp, 'kid@step.example');
      const stranger = await person(api, smtp, 'stranger@step.example');
      const family = await createFamily(api, organizer, []);
      expect((await join(api, kid, await invite(api, smtp, organizer, kid.email), [])).status).toBe(200);
      const { keyId } = family.recoveryGroup;
      const rotationTo = (accountIds: string[], key = keyId) => ({ keyId: key, publicKey: fakeBlob(32), signature: fakeBlob(64), sealedPrivateKeys: accountIds.map((accountId) => ({ accountId, sealedPrivateKey: sealedGroupKey() })), vaultGrants: [] });
      const stepDown = (body: object, token = organizer.token) => api.post('/v1/family/step-down', body, token);

      const before = await snapshot(db, ['rate_limits']);
      // Sealed to the leaver, or not to the successor: refused. So are a stale key, oneself, a stranger, a member asking, bad input.
      expectError(await stepDown({ successorId: kid.accountId, rotation: rotationTo([organizer.accountId, kid.accountId]) }), 400, 'grants_mismatch');
      expectError(await stepDown({ successorId: kid.accountId, rotation: rotationTo([organizer.accountId]) }), 400, 'grants_mismatch');
      expectError(await stepDown({ successorId: kid.accountId, rotation: rotationTo([kid.accountId], fakeBlob(16)) }), 409, 'stale_group_key');
      expectError(await stepDown({ successorId: organizer.accountId, rotation: rotationTo([organizer.accountId]) }), 400, 'invalid_request');
      expectError(await stepDown({ successorId: stranger.accountId, rotation: rotationTo([stranger.accountId]) }), 404, 'not_found');
      expectError(await stepDown({ successorId: organizer.accountId, rotation: rotationTo([organizer.accountId]) }, kid.token), 403, 'not_an_organizer');
      expectError(await stepDown({ successorId: kid.accountId }), 400, 'invalid_request');
      expectError(await stepDown({ successorId: 'nope', rotation: rotationTo([kid.accountId]) }), 400, 'invalid_request');
      expect(await snapshot(db, ['rate_limits'])).toEqual(before);

      const rotation = rotationTo([kid.accountId]);
      const stepped = await stepDown({ successorId: kid.accountId, rotation });
      expect(stepped.status).toBe(200);
      expect(stepped.body.family).toMatchObject({ role: 'member', recoveryGroup: { sealedPrivateKey: null, publicKey: rotation.publicKey, generation: family.recoveryGroup.generation + 1 } });
      expect(stepped.body.family.members.map((member: { accountId: string; role: string }) => [member.accountId, member.role])).toEqual([
        [kid.accountId, 'organizer'],
        [organizer.accountId, 'member'],
      ]);
      expect((await api.get('/v1/family', kid.token)).body.family).toMatchObject({ role: 'organizer', recoveryGroup: { sealedPrivateKey: rotation.sealedPrivateKeys[0]!.sealedPrivateKey } });
      expect(await db.selectFrom('family_group_keys').select('account_id').execute()).toEqual([{ account_id: kid.accountId }]);
      const events = await db.selectFrom('audit_events').select(['event', 'account_id']).where('event', 'in', ['family.stepped_down', 'family.role_changed', 'family.group_key_rotated']).execute();
      expect(events.map((row) => [row.event, row.account_id]).sort()).toEqual(
        [
          ['family.stepped_down', organizer.accountId],
          ['family.role_changed', kid.accountId],
          ['family.group_key_rotated', organizer.accountId],
        ].sort(),
      );
      // A replay finds the key id gone and the caller no longer an organizer; nothing changes.
      const after = await snapshot(db, ['rate_limits']);
      expectError(await stepDown({ successorId: kid.accountId, rotation }), 403, 'not_an_organizer');
      expect(await snapshot(db, ['rate_limits'])).toEqual(after);
      // The new organizer is now the last one: they cannot step down to nobody, but can hand the role back.
      expectError(await stepDown({ successorId: organizer.accountId, rotation: rotationTo([organizer.accountId, kid.accountId], stepped.body.family.recoveryGroup.keyId) }, kid.token), 400, 'grants_mismatch');
    }));

  it('a locked-out member asks their organizers: they are mailed and see the request until they start the recovery; an unknown address gets the same answer and stores nothing', () =>
    withServer(async ({ api, db }) => {
      expect(Object.values(familyRecoveryRequestRoutes).every((route) => !needsSession(route))).toBe(true);
      const organizer = await person(api, smtp, 'org@ask.example');
      const kid = await person(api, smtp, 'kid@ask.example');
      await createFamily(api, organizer, []);
      expect((await join(api, kid, await invite(api, smtp, organizer, kid.email), [])).status).toBe(200);

      // Bad input is refused and changes nothing; an unknown address, or the family's only organizer, gets the same answer and stores nothing.
      const before = await snapshot(db, ['rate_limits', 'audit_events']);
      expectError(await api.post('/v1/family-recovery/ask', { email: 'not an address' }), 400, 'invalid_request');
      expectError(await api.post('/v1/family-recovery/ask', { email: kid.email, more: 1 }), 400, 'invalid_request');
      expect(await api.post('/v1/family-recovery/ask', { email: 'nobody@ask.example' })).toMatchObject({ status: 200, body: { asked: true } });
      expect(await api.post('/v1/family-recovery/ask', { email: organizer.email })).toMatchObject({ status: 200, body: { asked: true } });
      expect(await snapshot(db, ['rate_limits', 'audit_events'])).toEqual(before);

      const mailBefore = smtp.messages.length;
      expect(await api.post('/v1/family-recovery/ask', { email: ' Kid@ask.example' })).toMatchObject({ status: 200, body: { asked: true } });
      expect(await waitForMail(smtp, organizer.email, /asks you to recover their account/, mailBefore)).toContain(kid.email);
      expect((await api.get('/v1/family', organizer.token)).body.family.recoveryRequests).toEqual([{ accountId: kid.accountId, email: kid.email, askedAt: expect.any(String) }]);
      expect((await api.get('/v1/family', kid.token)).body.family.recoveryRequests).toEqual([]);
      const asked = await db.selectFrom('audit_events').select('account_id').where('event', '=', 'family.recovery_asked').orderBy('at').execute();
      expect(asked.map((row) => row.account_id)).toEqual([null, null, kid.accountId]);

      // Starting the recovery answers the request; asking while it is under way stores nothing.
      expect((await api.post('/v1/family/recoveries', { accountId: kid.accountId }, organizer.token)).status).toBe(201);
      expect((await api.get('/v1/family', organizer.token)).body.family.recoveryRequests).toEqual([]);
      expect((await api.post('/v1/family-recovery/ask', { email: kid.email })).status).toBe(200);
      expect(await db.selectFrom('family_recovery_requests').selectAll().execute()).toEqual([]);
    }));
});
