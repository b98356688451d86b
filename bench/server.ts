/**
 * Sync server benchmark: `npm run bench:server`. autocannon on loopback, against servers in
 * this process (the real server on SQLite in a temporary folder, and a minimal Fastify app
 * as the reference), measured in this run on this machine. The load generator runs in a
 * worker thread so it does not share the servers' event loop.
 *
 *  1. bare Fastify: a separate minimal app, one GET returning {ok:true}. The reference.
 *  2. sync, nothing changed: GET /v1/vaults/:id/changes?since=<latest cursor> with a session
 *     token: authentication, the 2FA gate, the membership check and an empty page.
 *     Target ≥ 0.25 × bare.
 *  3. sync, a page of 100 changed items (overview 300 B, details 1.2 KB of ciphertext each).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as opaque from '@serenity-kit/opaque';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { startServer } from '../src/server/index';

const DURATION_S = 5;
const WARMUP_S = 1;
const CONNECTIONS = 10;
const ITEMS = 100;
const TARGET = 0.25;
/** The test suite's cheap OPAQUE stretching: the client's real key derivation is not what is measured here. */
const keyStretching = { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } } as const;

const blob = (bytes: number) => randomBytes(bytes).toString('base64url');

async function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const payload = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
  return payload;
}

/** Signs up through the real API (the code comes from the local mailbox) and signs in. */
async function signedInAccount(base: string, mailboxDir: string): Promise<string> {
  await opaque.ready;
  const email = 'bench@example.com';
  const secret = blob(32);
  await call(base, 'POST', '/v1/signup/start', { email });
  const mail = readdirSync(mailboxDir).sort().at(-1);
  const code = mail ? /verification code is: (\d{8})/.exec(readFileSync(join(mailboxDir, mail), 'utf8'))?.[1] : undefined;
  if (!code) throw new Error('no verification code in the local mailbox');
  const { signupToken } = (await call(base, 'POST', '/v1/signup/verify', { email, code })) as { signupToken: string };
  const registration = opaque.client.startRegistration({ password: secret });
  const { registrationResponse } = (await call(base, 'POST', '/v1/signup/registration/start', { signupToken, registrationRequest: registration.registrationRequest })) as { registrationResponse: string };
  const { registrationRecord } = opaque.client.finishRegistration({ password: secret, clientRegistrationState: registration.clientRegistrationState, registrationResponse, keyStretching });
  await call(base, 'POST', '/v1/signup/registration/finish', {
    signupToken,
    registrationRecord,
    wrappedAccountKey: blob(72),
    publicKeys: { x25519: blob(32), ed25519: blob(32) },
    encryptedKeyset: blob(200),
  });
  const login = opaque.client.startLogin({ password: secret });
  const started = (await call(base, 'POST', '/v1/login/start', { email, startLoginRequest: login.startLoginRequest })) as { loginId: string; loginResponse: string };
  const finished = opaque.client.finishLogin({ password: secret, clientLoginState: login.clientLoginState, loginResponse: started.loginResponse, keyStretching });
  if (!finished) throw new Error('OPAQUE login failed');
  const session = (await call(base, 'POST', '/v1/login/finish', { loginId: started.loginId, finishLoginRequest: finished.finishLoginRequest, device: { name: 'Bench', platform: 'linux' } })) as { sessionToken: string };
  return session.sessionToken;
}

interface Row {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  failures: number;
}

async function measure(name: string, url: string, token?: string): Promise<Row> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, workers: 1, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, workers: 1, headers });
  return { name, requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-server-'));
const bare = Fastify({ logger: false });
bare.get('/ok', async () => ({ ok: true }));
const server = await startServer({ database: { kind: 'sqlite', file: join(dataDir, 'server.sqlite') }, dataDir, logLevel: 'silent' });
try {
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const token = await signedInAccount(server.url, join(dataDir, 'mailbox'));

  // A vault with ITEMS items for the page, and a quiet vault for "nothing changed".
  const busy = blob(16);
  const quiet = blob(16);
  await call(server.url, 'POST', '/v1/vaults', { vaultId: busy, sealedVaultKey: blob(104) }, token);
  await call(server.url, 'POST', '/v1/vaults', { vaultId: quiet, sealedVaultKey: blob(104) }, token);
  for (let i = 0; i < ITEMS; i++) {
    await call(server.url, 'PUT', `/v1/vaults/${busy}/items/${blob(16)}`, { expectedVersion: 0, overview: blob(300), details: blob(1200) }, token);
  }
  await call(server.url, 'PUT', `/v1/vaults/${quiet}/items/${blob(16)}`, { expectedVersion: 0, overview: blob(300), details: blob(1200) }, token);
  const { cursor } = (await call(server.url, 'GET', `/v1/vaults/${quiet}/changes`, undefined, token)) as { cursor: string };
  const unchanged = (await call(server.url, 'GET', `/v1/vaults/${quiet}/changes?since=${cursor}`, undefined, token)) as { items: unknown[] };
  const page = (await call(server.url, 'GET', `/v1/vaults/${busy}/changes?since=0&limit=${ITEMS}`, undefined, token)) as { items: unknown[] };
  if (unchanged.items.length !== 0 || page.items.length !== ITEMS) throw new Error('the benchmark vaults are not as expected');

  const rows = [
    await measure('bare Fastify GET {ok:true}', `${bareUrl}/ok`),
    await measure('sync, nothing changed', `${server.url}/v1/vaults/${quiet}/changes?since=${cursor}`, token),
    await measure(`sync, page of ${ITEMS} changed items`, `${server.url}/v1/vaults/${busy}/changes?since=0&limit=${ITEMS}`, token),
  ];
  const base = rows[0]!.requestsPerSecond;
  console.log(`\nLatchkey sync server benchmark: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per route (after ${WARMUP_S} s warm-up), loopback, SQLite, Node ${process.version}\n`);
  console.log(`${'route'.padEnd(36)} ${'req/s'.padStart(9)} ${'p99 ms'.padStart(8)} ${'× bare'.padStart(8)} ${'failed'.padStart(7)}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(36)} ${row.requestsPerSecond.toFixed(0).padStart(9)} ${row.p99Ms.toFixed(1).padStart(8)} ${(row.requestsPerSecond / base).toFixed(2).padStart(8)} ${String(row.failures).padStart(7)}`,
    );
  }
  const ratio = rows[1]!.requestsPerSecond / base;
  const pass = ratio >= TARGET && rows.every((row) => row.failures === 0);
  console.log(`\nnothing changed / bare = ${ratio.toFixed(2)} (target ≥ ${TARGET}): ${pass ? 'PASS' : 'FAIL'}`);
  process.exitCode = pass ? 0 : 1;
} finally {
  await server.close();
  await bare.close();
  rmSync(dataDir, { recursive: true, force: true });
}
