import { describe, expect, it } from 'vitest';
import { startServer } from '../../../src/server/index';
import { needsSession } from '../../../src/shared/server-api/http';
import { apiRoutes } from '../../../src/shared/server-api/routes';
import { testDatabases } from './databases';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { changePassword, expectError, fakeBlob, fakeEnvelope, fakeKeyset, fakeWrappedKey, login, randomSecret, signUp, snapshot, startTestServer, stepUp } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

/** A well-formed body for every route that takes one. */
function sampleBodies(): Record<string, Record<string, unknown>> {
  return {
    '/v1/signup/start': { email: 'sample@example.com' },
    '/v1/signup/verify': { email: 'sample@example.com', code: '12345678' },
    '/v1/signup/registration/start': { signupToken: fakeBlob(32), registrationRequest: fakeBlob(32) },
    '/v1/signup/registration/finish': {
      signupToken: fakeBlob(32),
      registrationRecord: fakeBlob(192),
      wrappedAccountKey: fakeWrappedKey(),
      publicKeys: { x25519: fakeBlob(32), ed25519: fakeBlob(32) },
      encryptedKeyset: fakeKeyset(),
    },
    '/v1/login/parameters': { email: 'sample@example.com' },
    '/v1/login/start': { email: 'sample@example.com', startLoginRequest: fakeBlob(96) },
    '/v1/login/finish': { loginId: fakeBlob(32), finishLoginRequest: fakeBlob(64), device: { name: 'Laptop', platform: 'linux' } },
    '/v1/account/password/start': { registrationRequest: fakeBlob(32) },
    '/v1/account/password/finish': { registrationRecord: fakeBlob(192), wrappedAccountKey: fakeWrappedKey() },
    '/v1/sessions/sign-out-others': {},
    '/v1/session/sign-out': {},
    // The step-up before an account-security change.
    '/v1/account/step-up/start': { startLoginRequest: fakeBlob(96) },
    '/v1/account/step-up/security-key': {},
    '/v1/account/step-up/finish': { stepUpId: fakeBlob(32), finishLoginRequest: fakeBlob(64) },
    // Vaults and items: keyed "METHOD path" where one path has several methods.
    '/v1/vaults': { vaultId: fakeBlob(16), sealedVaultKey: fakeEnvelope(EnvelopeKind.VaultKeySealed, 54) },
    'PUT /v1/vaults/:vaultId/items/:itemId': { overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256), details: fakeEnvelope(EnvelopeKind.PaddedItemDetails, 512), expectedVersion: 0 },
    'PUT /v1/vaults/:vaultId/items': { items: [{ itemId: fakeBlob(16), overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256), details: fakeEnvelope(EnvelopeKind.PaddedItemDetails, 512), expectedVersion: 0 }] },
    'DELETE /v1/vaults/:vaultId/items/:itemId': { expectedVersion: 1, marker: fakeEnvelope(EnvelopeKind.ItemDeletionMarker, 0) },
    'PUT /v1/vaults/signed-list': { counter: 1, signedList: fakeBlob(200) },
    '/v1/vaults/:vaultId/members': { accountId: 'ABC123', publicKey: fakeBlob(32), sealedVaultKey: fakeEnvelope(EnvelopeKind.VaultKeySealed, 54) },
    // Recovery codes.
    '/v1/recovery/credential/start': { registrationRequest: fakeBlob(32) },
    '/v1/recovery/credential/finish': { registrationRecord: fakeBlob(192), wrappedAccountKey: fakeEnvelope(EnvelopeKind.AccountKeyByRecovery, 32) },
    '/v1/recovery/credential/activate': {},
    '/v1/recovery/start': { email: 'sample@example.com', startLoginRequest: fakeBlob(96) },
    '/v1/recovery/prove': { attemptId: fakeBlob(32), finishLoginRequest: fakeBlob(64) },
    '/v1/recovery/verify': { attemptId: fakeBlob(32), check: 'email', code: '12345678' },
    '/v1/recovery/reset/start': { recoveryToken: fakeBlob(32), registrationRequest: fakeBlob(32) },
    '/v1/recovery/reset/finish': { recoveryToken: fakeBlob(32), registrationRecord: fakeBlob(192), wrappedAccountKey: fakeWrappedKey() },
    '/v1/recovery/second-factor': { recoveryToken: fakeBlob(32) },
    'PUT /v1/recovery/checks': { checks: ['email'] },
    // The recovery check-up.
    '/v1/recovery/check/start': { startLoginRequest: fakeBlob(96) },
    '/v1/recovery/check/finish': { checkId: fakeBlob(32), finishLoginRequest: fakeBlob(64) },
    '/v1/recovery/check-up/reminder': { enabled: true, stage: 0, dueAt: null },
    '/v1/recovery/check-up/kit': { how: 'saved' },
    // Two-factor authentication.
    '/v1/two-factor/totp/start': {},
    '/v1/two-factor/totp/activate': { code: '123456' },
    '/v1/two-factor/totp/verify': { code: '123456' },
    '/v1/two-factor/totp/disable': { code: '123456' },
    // Families (the first field is one a free-form string cannot satisfy).
    '/v1/families': { recoveryGroup: { publicKey: fakeBlob(32), signature: fakeBlob(64), sealedPrivateKeys: [{ accountId: 'ABC123', sealedPrivateKey: fakeEnvelope(EnvelopeKind.FamilyGroupKeySealed, 64) }], vaultGrants: [] }, name: 'Family', familyId: fakeBlob(16) },
    '/v1/family/invites': { email: 'sample@example.com' },
    '/v1/family/invites/cancel': { email: 'sample@example.com' },
    '/v1/family/invitation': { inviteToken: fakeBlob(32) },
    // Stepping down: the successor (an id no free-form string satisfies) and the replaced group key.
    '/v1/family/step-down': { successorId: 'ABC123', rotation: { keyId: fakeBlob(16), publicKey: fakeBlob(32), signature: fakeBlob(64), sealedPrivateKeys: [{ accountId: 'ABC123', sealedPrivateKey: fakeEnvelope(EnvelopeKind.FamilyGroupKeySealed, 64) }], vaultGrants: [] } },
    '/v1/family/join': { inviteToken: fakeBlob(32), keyId: fakeBlob(16), vaultGrants: [] },
    '/v1/family/members/:accountId/role': { role: 'member' },
    // Its one field (a rotation) is optional: removing a plain member sends {}.
    'DELETE /v1/family/members/:accountId': {},
    '/v1/family/recoveries': { accountId: 'ABC123' },
    '/v1/family/recoveries/:recoveryId/complete': { memberPublicKey: fakeBlob(32), vaultKeys: [] },
    '/v1/family-recovery/ask': { email: 'sample@example.com' },
    '/v1/family-recovery/start': { email: 'sample@example.com' },
    '/v1/family-recovery/verify': { email: 'sample@example.com', code: '12345678' },
    '/v1/family-recovery/reset/start': { recoveryToken: fakeBlob(32), registrationRequest: fakeBlob(32) },
    '/v1/family-recovery/reset/finish': {
      recoveryToken: fakeBlob(32),
      registrationRecord: fakeBlob(192),
      wrappedAccountKey: fakeWrappedKey(),
      publicKeys: { x25519: fakeBlob(32), ed25519: fakeBlob(32) },
      encryptedKeyset: fakeKeyset(),
    },
    // The trust record (the first field is one a free-form string cannot satisfy).
    'PUT /v1/trust-record': { record: fakeEnvelope(EnvelopeKind.TrustRecord, 11), version: 1 },
    // The account profile (its one length: a 512-byte plaintext).
    'PUT /v1/account/profile': { profile: fakeEnvelope(EnvelopeKind.AccountProfile, 512), version: 1 },
    // Security keys: answers as a browser passes them on (well-formed, never checked here).
    '/v1/two-factor/security-keys/registration/start': {},
    '/v1/two-factor/security-keys/registration/finish': {
      response: { id: fakeBlob(32), rawId: fakeBlob(32), type: 'public-key', response: { clientDataJSON: fakeBlob(120), attestationObject: fakeBlob(200) }, clientExtensionResults: {} },
      name: 'Blue key',
    },
    '/v1/two-factor/security-keys/authentication/start': {},
    '/v1/two-factor/security-keys/authentication/finish': {
      response: { id: fakeBlob(32), rawId: fakeBlob(32), type: 'public-key', response: { clientDataJSON: fakeBlob(120), authenticatorData: fakeBlob(37), signature: fakeBlob(70) }, clientExtensionResults: {} },
    },
  };
}

describe.each(testDatabases)('HTTP contract on $name', (database) => {
  it('refuses malformed requests on every route with a clear, uniform error, and changes nothing', async () => {
    const server = await startTestServer(await database.create(), smtp);
    const { api, db } = server;
    try {
      const user = await signUp(api, smtp, 'contract@example.com');
      const token = (await login(api, user.email, user.secret)).body.sessionToken as string;
      const before = await snapshot(db);
      const bodies = sampleBodies();
      const secretLooking = 'SECRET-VALUE-THAT-MUST-NOT-ECHO';
      for (const route of apiRoutes.filter((r) => r.body)) {
        // Path parameters get well-formed values (an account id, or 16 random bytes), so only the body is wrong.
        const path = route.path.replace(/:(\w+)/g, (_, name: string) => (name === 'accountId' ? 'ABC123' : fakeBlob(16)));
        const sample = bodies[`${route.method} ${route.path}`] ?? bodies[route.path];
        const send = (body: unknown, token?: string, raw?: string) => api.call(route.method, path, body, token, raw);
        expect(sample, path).toBeDefined();
        const auth = needsSession(route) ? token : undefined;
        const label = `${route.method} ${path}`;

        const unknown = await send({ ...sample, [secretLooking]: 1 }, auth);
        expectError(unknown, 400, 'invalid_request');
        expect(unknown.body.error.message, label).toContain('unknown field');

        const first = Object.keys(sample ?? {})[0];
        if (first) {
          const wrongType = await send({ ...sample, [first]: typeof sample?.[first] === 'number' ? 'not-a-number' : 12345 }, auth);
          expectError(wrongType, 400, 'invalid_request');
          expect(wrongType.body.error.message, label).toContain(`body.${first}`);
          const secretValue = await send({ ...sample, [first]: `${secretLooking}!!` }, auth);
          expectError(secretValue, 400, 'invalid_request');
          expect(JSON.stringify(secretValue.body), label).not.toContain(secretLooking);
          const { [first]: _dropped, ...missing } = sample ?? {};
          const missingField = await send(missing, auth);
          expectError(missingField, 400, 'invalid_request');
          expect(missingField.body.error.message, label).toContain(`${first} is required`);
        }
        if (path === '/v1/login/finish') {
          const nested = await send({ ...sample, device: { name: 'x', platform: 'beos' } }, auth);
          expectError(nested, 400, 'invalid_request');
          expect(nested.body.error.message).toContain('body.device.platform');
        }
        // Past the route's own body limit (64 KiB unless the route declares more, as a batch of items does).
        expectError(await send({ ...sample, padding: 'x'.repeat((route.bodyLimit ?? 64 * 1024) + 6_000) }, auth), 413, 'payload_too_large');
        expectError(await send(undefined, auth, `{"broken": ${secretLooking}`), 400, 'invalid_request');
        expectError(await send(undefined, auth, '[]'), 400, 'invalid_request');
        expectError(await send(undefined, auth), 400, 'invalid_request');
        const text = await fetch(`${server.url}${path}`, { method: route.method, headers: { 'content-type': 'text/plain', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: 'hello' });
        expect(text.status, label).toBe(415);
      }
      expect(await snapshot(db)).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('refuses every authenticated route without a valid session token, before reading the body', async () => {
    const server = await startTestServer(await database.create(), smtp);
    const { api, db } = server;
    try {
      const user = await signUp(api, smtp, 'auth@example.com');
      const session = (await login(api, user.email, user.secret)).body;
      expect((await api.post('/v1/session/sign-out', {}, session.sessionToken)).status).toBe(200);
      const before = await snapshot(db);
      const bodies = sampleBodies();
      for (const route of apiRoutes.filter(needsSession)) {
        const path = route.path.replace(':sessionId', 'abc');
        for (const header of [undefined, 'Bearer', 'Bearer not-a-token', `Basic ${session.sessionToken}`, `Bearer ${session.sessionToken}`, `Bearer ${randomSecret()}`]) {
          const response = await fetch(`${server.url}${path}`, {
            method: route.method,
            headers: { ...(header ? { authorization: header } : {}), ...(route.body ? { 'content-type': 'application/json' } : {}) },
            body: route.body ? JSON.stringify({ ...bodies[route.path], unknownField: true }) : undefined,
          });
          expectError({ status: response.status, body: await response.json() }, 401, 'unauthorized');
        }
      }
      expect(await snapshot(db)).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('answers unknown routes and methods with the uniform error body', async () => {
    const server = await startTestServer(await database.create(), smtp);
    try {
      expectError(await server.api.get('/v1/nothing-here'), 404, 'not_found');
      expectError(await server.api.call('PUT', '/v1/account', {}), 404, 'not_found');
    } finally {
      await server.close();
    }
  });

  it('serves an OpenAPI document that lists every route with its schemas', async () => {
    const server = await startTestServer(await database.create(), smtp);
    try {
      const response = await server.api.get('/openapi.json');
      expect(response.status).toBe(200);
      const doc = response.body;
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
      const documented: string[] = [];
      for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(operations)) documented.push(`${method.toUpperCase()} ${path}`);
      }
      const expected = apiRoutes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
      expect(documented.sort()).toEqual(expected.sort());
      for (const route of apiRoutes) {
        const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()];
        expect(operation.summary, route.path).toBe(route.summary);
        expect(Object.keys(operation.responses)).toContain(String(route.status ?? 200));
        if (needsSession(route)) expect(operation.security).toEqual([{ bearer: [] }]);
        if (route.body) expect(operation.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
      }
    } finally {
      await server.close();
    }
  });
});

it('redacts secrets from the logs, even at debug level', async () => {
  const lines: string[] = [];
  const database = await testDatabases[0]!.create();
  const server = await startServer({ database, logLevel: 'debug', logStream: { write: (line) => void lines.push(line) }, mail: { smtpUrl: smtp.url } });
  const { Api } = await import('./harness');
  const api = new Api(server.url);
  try {
    const mailBefore = smtp.messages.length;
    const user = await signUp(api, smtp, 'logs@example.com');
    const code = /verification code is: (\d{8})/.exec(smtp.messages.slice(mailBefore).map((m) => m.raw).join('\n'))?.[1];
    const session = (await login(api, user.email, user.secret)).body;
    const stepUpHeader = await stepUp(api, session.sessionToken, user.secret);
    await changePassword(api, session.sessionToken, randomSecret(), stepUpHeader);
    await api.post('/v1/signup/verify', { email: user.email, code: '86420975', extra: 'x' });
    await api.get('/v1/sessions', session.sessionToken);
    const output = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(output).toContain('[redacted]');
    expect(output).toContain('request body');
    for (const secret of [user.secret, session.sessionToken, stepUpHeader['latchkey-step-up'], code, user.uploaded.wrappedAccountKey, user.uploaded.encryptedKeyset, '86420975']) {
      expect(secret).toBeTruthy();
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/Bearer [A-Za-z0-9_-]/);
    expect(output).not.toMatch(/"(registrationRecord|registrationRequest|startLoginRequest|finishLoginRequest|signupToken|loginId)":"(?!\[redacted\])/);
  } finally {
    await server.close();
  }
});

it('logs each request with its id at info level, and nothing for a quiet request at warn level (request loggers are made on first use)', async () => {
  const logged = async (logLevel: 'info' | 'warn') => {
    const lines: string[] = [];
    const server = await startServer({ database: await testDatabases[0]!.create(), logLevel, logStream: { write: (line) => void lines.push(line) }, mail: { smtpUrl: smtp.url } });
    try {
      const { Api } = await import('./harness');
      expect((await new Api(server.url).get('/health')).status).toBe(200);
    } finally {
      await server.close();
    }
    return lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string });
  };
  const info = await logged('info');
  const requestLines = info.filter((line) => line.msg === 'incoming request' || line.msg === 'request completed');
  expect(requestLines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
  expect(requestLines[0]!.reqId).toMatch(/^req-/);
  expect(requestLines[1]!.reqId).toBe(requestLines[0]!.reqId);
  expect((await logged('warn')).filter((line) => line.reqId !== undefined)).toEqual([]);
});
