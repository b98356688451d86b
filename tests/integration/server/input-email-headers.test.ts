/**
 * Bad input (docs/security-design.md §13.4): control characters, and anything that is not an email address once
 * normalised, are a 400 on every route that takes an email (no 500, nothing stored, no mail);
 * every answer says no-store and nosniff; a route without a body refuses one.
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../src/shared/server-api/routes';
import { testDatabases } from './databases';
import { expectError, fakeBlob, login, signUp, snapshot, withTestServer, type TestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

/** Every route whose body has an email, with the rest of a well-formed body. */
const emailRoutes: Record<string, { body: (email: string) => Record<string, string>; auth?: true }> = {
  '/v1/signup/start': { body: (email) => ({ email }) },
  '/v1/signup/verify': { body: (email) => ({ email, code: '12345678' }) },
  '/v1/login/parameters': { body: (email) => ({ email }) },
  '/v1/login/start': { body: (email) => ({ email, startLoginRequest: fakeBlob(96) }) },
  '/v1/recovery/start': { body: (email) => ({ email, startLoginRequest: fakeBlob(96) }) },
  '/v1/family/invites': { body: (email) => ({ email }), auth: true },
  '/v1/family/invites/cancel': { body: (email) => ({ email }), auth: true },
  '/v1/family-recovery/ask': { body: (email) => ({ email }) },
  '/v1/family-recovery/start': { body: (email) => ({ email }) },
  '/v1/family-recovery/verify': { body: (email) => ({ email, code: '12345678' }) },
};

const badEmails = [
  // Control characters (Unicode Cc: C0, DEL, C1) anywhere, even where trimming would have removed them.
  'al\u0000ice@example.com',
  'alice@example.com\u0000',
  '\u0000alice@example.com',
  'ali\tce@example.com',
  'alice@example.com\n',
  '\ralice@example.com',
  'alice@exa\u007fmple.com',
  'alice@example.com\u0085',
  'al\u009fice@example.com',
  // Not an address once normalised (NFKD turns the full-width @ into a second @), or not one at all.
  'a\uff20b@example.com',
  'alice@example..com',
  'alice@.example.com',
  `${'a'.repeat(65)}@example.com`,
  'alice example@example.com',
  'alice',
];

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request as any HTTP client may send it (fetch refuses a GET with a body): a string body with its length, an array in chunks. */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: string | string[]): Promise<RawAnswer> {
  // Node sends GET and DELETE bodies unframed unless told how.
  const length = typeof body === 'string' ? { 'content-length': String(Buffer.byteLength(body)) } : body ? { 'transfer-encoding': 'chunked' } : {};
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, url), { method, headers: { ...headers, ...length } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    for (const chunk of [body ?? []].flat()) request.write(chunk);
    request.end();
  });
}

function expectHardened(answer: RawAnswer, status: number): void {
  expect({ status: answer.status, cacheControl: answer.headers['cache-control'], nosniff: answer.headers['x-content-type-options'] }).toEqual({ status, cacheControl: 'no-store', nosniff: 'nosniff' });
}

async function signedIn(server: TestServer, email: string): Promise<string> {
  const user = await signUp(server.api, smtp, email);
  return (await login(server.api, user.email, user.secret)).body.sessionToken as string;
}

describe.each(testDatabases)('input the server refuses on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  it('lists every route that takes an email', () => {
    const withEmail = apiRoutes.filter((route) => route.body && 'email' in route.body.shape).map((route) => route.path);
    expect(withEmail.sort()).toEqual(Object.keys(emailRoutes).sort());
  });

  it('refuses control characters and non-addresses with 400 on every email route, storing and sending nothing', () =>
    withServer(async (server) => {
      const { api, db } = server;
      const token = await signedIn(server, 'uma@example.com');
      const before = await snapshot(db, ['sessions']);
      const mailBefore = smtp.messages.length;
      for (const [path, route] of Object.entries(emailRoutes)) {
        for (const email of badEmails) {
          const answer = await api.post(path, route.body(email), route.auth && token);
          expect({ path, email, status: answer.status }).toEqual({ path, email, status: 400 });
          expectError(answer, 400, 'invalid_request');
        }
      }
      expect(await snapshot(db, ['sessions'])).toEqual(before);
      expect(smtp.messages.length).toBe(mailBefore);
      // The same routes take a well-formed address, spaces and case as before.
      expect((await api.post('/v1/login/parameters', { email: '  UMA@Example.com ' })).status).toBe(200);
      expect((await api.post('/v1/signup/start', { email: ' Vera@Example.COM ' })).status).toBe(202);
    }));

  it('says no-store and nosniff on every answer: success, validation error, authentication error, wrong media type, 404', () =>
    withServer(async ({ url }) => {
      expectHardened(await raw(url, 'GET', '/version', {}), 200);
      expectHardened(await raw(url, 'GET', '/v1/account', {}), 401);
      expectHardened(await raw(url, 'POST', '/v1/signup/start', { 'content-type': 'application/json' }, '{}'), 400);
      expectHardened(await raw(url, 'POST', '/v1/signup/start', { 'content-type': 'text/plain' }, 'alice@example.com'), 415);
      expectHardened(await raw(url, 'POST', '/v1/signup/start', { 'content-type': 'application/json' }, '{"email":'), 400);
      expectHardened(await raw(url, 'GET', '/v1/nowhere', {}), 404);
    }));

  it('refuses a body on a route that takes none, after authentication and before anything changes', () =>
    withServer(async (server) => {
      const { url, db } = server;
      const token = await signedIn(server, 'walt@example.com');
      const auth = { authorization: `Bearer ${token}` };
      const json = { ...auth, 'content-type': 'application/json' };
      const session = await db.selectFrom('sessions').select('id').executeTakeFirstOrThrow();
      const refused = [
        await raw(url, 'GET', '/v1/account', json, '{}'),
        await raw(url, 'GET', '/v1/account', { ...auth, 'content-type': 'text/plain' }, 'x'),
        await raw(url, 'GET', '/v1/account', json, ['{', '}']),
        await raw(url, 'GET', '/version', { 'content-type': 'application/json' }, '{}'),
        await raw(url, 'DELETE', `/v1/sessions/${session.id}`, json, '{}'),
      ];
      for (const answer of refused) {
        expectHardened(answer, 400);
        expectError({ status: answer.status, body: JSON.parse(answer.body) }, 400, 'body_not_allowed');
      }
      // A stranger learns nothing about the route: authentication comes first.
      expect((await raw(url, 'GET', '/v1/account', { 'content-type': 'application/json' }, '{}')).status).toBe(401);
      expect(await db.selectFrom('sessions').select('id').execute()).toEqual([session]);
      // Without the body (or with an empty one) the same requests are answered.
      expect((await raw(url, 'GET', '/v1/account', { ...auth, 'content-length': '0' })).status).toBe(200);
      // (Signing a device out also needs a step-up token: without a body, that is the next check it meets.)
      const withoutBody = await raw(url, 'DELETE', `/v1/sessions/${session.id}`, auth);
      expectError({ status: withoutBody.status, body: JSON.parse(withoutBody.body) }, 403, 'step_up_required');
    }));

  // The check is attached to each route as it is added (http/headers.ts): none may be left out, the sync poll included.
  it('refuses a body on every route of the shared list that takes none', () =>
    withServer(async (server) => {
      const token = await signedIn(server, 'xena@example.com');
      const json = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const withoutBody = apiRoutes.filter((route) => !route.body);
      expect(withoutBody.map((route) => route.path)).toContain('/v1/vaults/:vaultId/changes');
      for (const route of withoutBody) {
        const answer = await raw(server.url, route.method, route.path.replace(/:[A-Za-z]+/g, 'x'), json, '{}');
        expect({ route: `${route.method} ${route.path}`, code: (JSON.parse(answer.body) as { error?: { code: string } }).error?.code }).toEqual({ route: `${route.method} ${route.path}`, code: 'body_not_allowed' });
      }
    }));
});
