/**
 * Account-security routes (docs/security-design.md §13.0.3), on each database: the route table
 * (every route has a class; every authenticated change under the account-security paths is
 * `security`, or one of the few `sign-in` routes by which a session proves who it is), the
 * 2FA gate on every `security` route at run time, the step-up token on every `stepUp` route
 * (missing, garbage, another session's, used up, expired: 403 and nothing changes), and the
 * class of each operation in the OpenAPI description.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { routeClasses, STEP_UP_HEADER, needsSecondFactor, needsSession, type RouteDefinition } from '../../../src/shared/server-api/http';
import { apiRoutes } from '../../../src/shared/server-api/routes';
import { STEP_UP_TTL_SECONDS } from '../../../src/shared/server-api/step-up';
import { testDatabases } from './databases';
import { expectError, fakeEnvelope, fakeWrappedKey, login, randomSecret, signUp, snapshot, stepUp, type Api, type TestServer, wellFormedRecord, withTestServer } from './harness';
import { codeAt, enableTotp } from './two-factor-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

const name = (route: RouteDefinition) => `${route.method} ${route.path}`;

/** The only `sign-in` routes: how a session passes the second factor or the step-up. */
const signInRoutes = [
  'POST /v1/account/step-up/start',
  'POST /v1/account/step-up/security-key',
  'POST /v1/account/step-up/finish',
  'POST /v1/two-factor/totp/verify',
  'POST /v1/two-factor/security-keys/authentication/start',
  'POST /v1/two-factor/security-keys/authentication/finish',
  'POST /v1/recovery/second-factor',
];
/**
 * Authenticated changes under those paths that are not `security`: they do not change how the
 * account is reached. The recovery check-up proves the code and changes nothing but the time
 * of the last check; the reminder schedule, the Emergency Kit, the account's sealed name (its
 * profile) and an organizer's dismissed notice of a cancelled recovery are what the devices show.
 */
const notSecurityChanges: Record<string, RouteDefinition['access']> = {
  'POST /v1/recovery/check/start': 'write',
  'POST /v1/recovery/check/finish': 'write',
  'PUT /v1/recovery/check-up/reminder': 'write',
  'POST /v1/recovery/check-up/kit': 'write',
  'PUT /v1/account/profile': 'write',
  'DELETE /v1/family/cancelled-recoveries/:accountId': 'write',
};
const accountSecurityPaths = [/^\/v1\/account(\/|$)/, /^\/v1\/sessions(\/|$)/, /^\/v1\/recovery(\/|$)/, /^\/v1\/two-factor(\/|$)/, /^\/v1\/famil(y|ies)(\/|$)/, /^\/v1\/vaults\/:vaultId\/members(\/|$)/];

/** Well-formed bodies for the `stepUp` routes (the token is checked after validation); `{}` for the rest. */
const sampleBodies: Record<string, unknown> = { 'PUT /v1/recovery/checks': { checks: ['email'] } };
beforeAll(async () => {
  // Records and envelopes the server's input checks accept (§13.4).
  const registrationRecord = await wellFormedRecord();
  sampleBodies['POST /v1/account/password/finish'] = { registrationRecord, wrappedAccountKey: fakeWrappedKey() };
  sampleBodies['POST /v1/recovery/credential/finish'] = { registrationRecord, wrappedAccountKey: fakeEnvelope(EnvelopeKind.AccountKeyByRecovery, 32) };
});
const bodyOf = (route: RouteDefinition) => (route.body ? (sampleBodies[name(route)] ?? {}) : undefined);
const pathOf = (route: RouteDefinition, params: Record<string, string>) => route.path.replace(/:(\w+)/g, (_, param: string) => params[param] ?? 'AAAAAA');

const securityRoutes = apiRoutes.filter((route) => route.access === 'security');
const stepUpRoutes = apiRoutes.filter((route) => route.access === 'security' && route.stepUp === true);

describe('the route table', () => {
  it('gives every route a class', () => {
    for (const route of apiRoutes) expect(routeClasses, name(route)).toContain(route.access);
  });

  it('makes every authenticated change to how an account is reached a security route, or one of the sign-in steps', () => {
    expect(apiRoutes.filter((route) => route.access === 'sign-in').map(name).sort()).toEqual([...signInRoutes].sort());
    const changes = apiRoutes.filter((route) => needsSession(route) && route.method !== 'GET' && accountSecurityPaths.some((path) => path.test(route.path)));
    expect(changes.length).toBeGreaterThan(25);
    for (const route of changes) expect(notSecurityChanges[name(route)] ?? (signInRoutes.includes(name(route)) ? 'sign-in' : 'security'), name(route)).toBe(route.access);
    // Every exception is a route that exists, and is still behind the 2FA gate.
    for (const exception of Object.keys(notSecurityChanges)) {
      const route = changes.find((candidate) => name(candidate) === exception);
      expect(route && needsSecondFactor(route), exception).toBe(true);
    }
    // The step-up routes: password, recovery code and checks, signing out other devices.
    expect(stepUpRoutes.map(name).sort()).toEqual(
      ['POST /v1/account/password/finish', 'DELETE /v1/sessions/:sessionId', 'POST /v1/sessions/sign-out-others', 'POST /v1/recovery/credential/finish', 'DELETE /v1/recovery/credential', 'PUT /v1/recovery/checks'].sort(),
    );
    for (const route of stepUpRoutes) expect(Object.keys(sampleBodies).includes(name(route)) || !route.body || route.body.safeParse({}).success, name(route)).toBe(true);
  });
});

describe.each(testDatabases)('account-security routes on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  /** An account with the authenticator on, the session that turned it on, and a step-up for any session. */
  async function ownerWithAuthenticator({ api, clock }: TestServer, email: string) {
    const user = await signUp(api, smtp, email);
    const owner = (await login(api, user.email, user.secret)).body as { sessionToken: string; sessionId: string };
    const totp = await enableTotp(api, clock, owner.sessionToken);
    /** A step-up with the code of the next step (a code is accepted once). */
    const stepUpWithCode = async (token: string) => {
      clock.advance(30_000);
      return stepUp(api, token, user.secret, { code: await codeAt(totp, clock.now()) });
    };
    return { user, owner, stepUpWithCode };
  }

  const send = (api: Api, route: RouteDefinition, token: string, params: Record<string, string>, header: Record<string, string> = {}) =>
    api.call(route.method, pathOf(route, params), bodyOf(route), token, undefined, header);

  it('refuses every security route to a session that has not passed the second factor, and changes nothing', () =>
    withServer(async (server) => {
      const { api, db } = server;
      const { user, owner } = await ownerWithAuthenticator(server, `gate-${database.name}@example.com`);
      const stranger = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const before = await snapshot(db);
      expect(securityRoutes.length).toBeGreaterThan(20);
      for (const route of securityRoutes) {
        const response = await send(api, route, stranger, { sessionId: owner.sessionId, accountId: user.accountId });
        expect({ route: name(route), code: response.body?.error?.code }).toEqual({ route: name(route), code: 'second_factor_required' });
        expectError(response, 403, 'second_factor_required');
      }
      expect(await snapshot(db)).toEqual(before);
      // The owner's session, which passed it, is let through.
      expect((await api.get('/v1/two-factor/security-keys', owner.sessionToken)).status).toBe(200);
    }));

  it('refuses every step-up route without a valid step-up token of this session, and changes nothing', () =>
    withServer(async (server) => {
      const { api, db, clock } = server;
      const { user, owner, stepUpWithCode } = await ownerWithAuthenticator(server, `step-up-${database.name}@example.com`);
      const other = (await login(api, user.email, user.secret)).body as { sessionToken: string; sessionId: string };
      const params = { sessionId: other.sessionId };
      for (const route of stepUpRoutes) {
        route.params?.parse(params);
        route.body?.parse(bodyOf(route));
      }
      const useUp = (token: string, header: Record<string, string>) => api.call('DELETE', '/v1/sessions/no-such-session', undefined, token, undefined, header);

      const othersHeader = await stepUpWithCode(other.sessionToken);
      const usedHeader = await stepUpWithCode(owner.sessionToken);
      expectError(await useUp(owner.sessionToken, usedHeader), 404, 'not_found');
      const mallory = await ownerWithAuthenticator(server, `mallory-${database.name}@example.com`);
      const strangersHeader = await mallory.stepUpWithCode(mallory.owner.sessionToken);
      const bad = [{}, { [STEP_UP_HEADER]: 'garbage' }, { [STEP_UP_HEADER]: randomSecret() }, { [STEP_UP_HEADER]: '' }, othersHeader, usedHeader, strangersHeader];
      expect((await api.get('/v1/account', owner.sessionToken)).status).toBe(200);
      const before = await snapshot(db);
      for (const route of stepUpRoutes) {
        for (const header of bad) expectError(await send(api, route, owner.sessionToken, params, header), 403, 'step_up_required');
      }
      expect(await snapshot(db)).toEqual(before);
      // The other session's token was good, for that session only.
      expectError(await useUp(other.sessionToken, othersHeader), 404, 'not_found');

      // Expired: 5 minutes after the step-up; one made 30 seconds later still works.
      const expiring = await stepUpWithCode(owner.sessionToken);
      const younger = await stepUpWithCode(owner.sessionToken);
      clock.advance(STEP_UP_TTL_SECONDS * 1000 - 30_000);
      expect((await api.get('/v1/account', owner.sessionToken)).status).toBe(200);
      const beforeExpired = await snapshot(db);
      for (const route of stepUpRoutes) expectError(await send(api, route, owner.sessionToken, params, expiring), 403, 'step_up_required');
      expect(await snapshot(db)).toEqual(beforeExpired);
      expectError(await useUp(owner.sessionToken, younger), 404, 'not_found');

      // With a fresh token each, every route gets past the step-up (codes are limited to 5 in 15 minutes).
      // The password last: the sample record is no real one, and the server stores it as given.
      for (const route of [...stepUpRoutes.filter((r) => r.path !== '/v1/account/password/finish'), ...stepUpRoutes.filter((r) => r.path === '/v1/account/password/finish')]) {
        clock.advance(15 * 60_000);
        const response = await send(api, route, owner.sessionToken, params, await stepUpWithCode(owner.sessionToken));
        expect({ route: name(route), code: response.body?.error?.code ?? 'ok' }).not.toEqual({ route: name(route), code: 'step_up_required' });
        expect(response.status, name(route)).not.toBe(403);
      }
    }));

  it('names each operation’s class, and the step-up, in the OpenAPI description', () =>
    withServer(async ({ api }) => {
      const doc = (await api.get('/openapi.json')).body;
      for (const route of apiRoutes) {
        const description = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()].description as string;
        expect(description, name(route)).toMatch(new RegExp(`^Class ${route.access}\\b`));
        expect(description.includes(STEP_UP_HEADER), name(route)).toBe(route.access === 'security' && route.stepUp === true);
        if (route.access === 'security') expect(description, name(route)).toContain('second_factor_required');
      }
    }));
});
