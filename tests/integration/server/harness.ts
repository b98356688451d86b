/**
 * Test harness for the sync server: a real SMTP server on loopback that keeps what it is
 * given, a movable clock, a small JSON client, and a client side of OPAQUE taken straight
 * from @serenity-kit/opaque (the "password" here stands for the client's derived
 * authentication secret; the server never sees it).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as opaque from '@serenity-kit/opaque';
import { sql, type Kysely } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import { startServer, type DatabaseConfig, type ServerOptions } from '../../../src/server/index';
import { openDatabase } from '../../../src/server/database/connection';
import type { DatabaseSchema } from '../../../src/server/database/schema';
import { ENVELOPE_VERSION, EnvelopeKind, NONCE_BYTES, SEAL_OVERHEAD, TAG_BYTES } from '../../../src/shared/crypto/envelope';
import { errorDetailsSchema } from '../../../src/shared/server-api/http';
import type { TestDatabase } from './databases';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The 8-digit code in the last message sent to `email`. */
export function lastCodeFor(smtp: TestSmtp, email: string): string {
  const message = smtp.messages.filter((m) => m.to.includes(email)).at(-1);
  if (!message) throw new Error(`no mail to ${email}`);
  const match = /verification code is: (\d{8})/.exec(message.raw);
  if (!match?.[1]) throw new Error('no code in the message');
  return match[1];
}

export class Clock {
  constructor(public time = Date.parse('2030-01-01T00:00:00Z')) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class Api {
  constructor(readonly url: string) {}

  async call(method: string, path: string, body?: unknown, token?: string, rawBody?: string, extraHeaders: Record<string, string> = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${this.url}${path}`, { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await response.text();
    const answer: ApiResponse = { status: response.status, body: text ? JSON.parse(text) : undefined };
    // Not enumerable, so tests that compare { status, body } whole are unaffected.
    Object.defineProperty(answer, 'headers', { value: Object.fromEntries(response.headers), enumerable: false });
    return answer;
  }
  post(path: string, body: unknown, token?: string) {
    return this.call('POST', path, body, token);
  }
  get(path: string, token?: string) {
    return this.call('GET', path, undefined, token);
  }
}

export interface TestServer {
  api: Api;
  url: string;
  config: DatabaseConfig;
  clock: Clock;
  db: Kysely<DatabaseSchema>;
  close(): Promise<void>;
}

export async function startTestServer(
  config: DatabaseConfig,
  smtp: TestSmtp | null,
  options: Partial<ServerOptions> & { clock?: Clock } = {},
): Promise<TestServer> {
  const clock = options.clock ?? new Clock();
  const server = await startServer({ database: config, logLevel: 'silent', now: clock.now, ...(smtp ? { mail: { smtpUrl: smtp.url } } : {}), ...options });
  const db = openDatabase(config);
  return {
    api: new Api(server.url),
    url: server.url,
    config,
    clock,
    db,
    async close() {
      await db.destroy();
      await server.close();
    },
  };
}

/** Runs `test` against a fresh server on a fresh database of `database`'s engine, and closes it after. */
export async function withTestServer(database: TestDatabase, smtp: TestSmtp, test: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer(await database.create(), smtp);
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

const tables = [
  'accounts', 'email_codes', 'signup_tokens', 'login_attempts', 'sessions', 'rate_limits', 'audit_events', 'server_secrets',
  // Vaults and items (0003-vaults).
  'counters', 'vaults', 'vault_members', 'vault_items',
  // Recovery codes (0004-recovery).
  'recovery_credentials', 'recovery_attempts',
  // Families (0008-families).
  'families', 'family_members', 'family_group_keys', 'family_vault_grants', 'family_invites', 'family_recoveries', 'family_recovery_vaults',
  // Two-factor (0005-two-factor, 0006-security-keys).
  'totp_factors', 'security_keys', 'webauthn_challenges',
  // Device tokens (0010-sliding-rate-limits-device-tokens).
  'device_tokens',
  // Step-ups (0011-step-up).
  'step_ups',
  // The recovery check-up (0012-recovery-check-up).
  'recovery_check_ups', 'recovery_check_attempts',
  // A member asking an organizer (0018-family-recovery-requests).
  'family_recovery_requests',
] as const;

/** Every row of every table, in a stable order: compare before and after a refused request. */
export async function snapshot(db: Kysely<DatabaseSchema>, except: readonly string[] = []): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    if (except.includes(table)) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    result[table] = rows.rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
  }
  return result;
}

/** All stored text, for "this secret is nowhere in the database" checks. */
export async function databaseText(db: Kysely<DatabaseSchema>): Promise<string> {
  return JSON.stringify(await snapshot(db));
}

export const keyStretching = { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } } as const;

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function fakeBlob(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Random content in a well-formed envelope (§9): its header, then the kind's overhead and `plaintextBytes`. */
export function fakeEnvelope(kind: EnvelopeKind, plaintextBytes: number): string {
  const sealed = kind === EnvelopeKind.VaultKeySealed || kind === EnvelopeKind.FamilyGroupKeySealed;
  const overhead = sealed ? SEAL_OVERHEAD : NONCE_BYTES + TAG_BYTES;
  return Buffer.concat([Buffer.from([ENVELOPE_VERSION, kind]), randomBytes(overhead + plaintextBytes)]).toString('base64url');
}
/** An account key wrapped by the AUK (0x01), as sign-up, password change and recoveries store it. */
export const fakeWrappedKey = () => fakeEnvelope(EnvelopeKind.AccountKeyByAuk, 32);
/** A keyset's private keys under the account key (0x03). */
export const fakeKeyset = () => fakeEnvelope(EnvelopeKind.KeysetPrivate, 64);

/** A registration record the OPAQUE library can read (made against a throwaway server setup): well-formed, opens nothing here. */
export async function wellFormedRecord(): Promise<string> {
  await opaque.ready;
  const serverSetup = opaque.server.createSetup();
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: 'unused' });
  const { registrationResponse } = opaque.server.createRegistrationResponse({ serverSetup, userIdentifier: 'unused', registrationRequest });
  return opaque.client.finishRegistration({ password: 'unused', clientRegistrationState, registrationResponse, keyStretching }).registrationRecord;
}

export interface SignedUp {
  email: string;
  secret: string;
  accountId: string;
  uploaded: { wrappedAccountKey: string; publicKeys: { x25519: string; ed25519: string }; encryptedKeyset: string };
  kdf: { algorithm: string; memoryKiB: number; iterations: number; parallelism: number; salt: string };
}

export async function verifyEmail(api: Api, smtp: TestSmtp, email: string) {
  expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
  const verified = await api.post('/v1/signup/verify', { email, code: lastCodeFor(smtp, email.trim().toLowerCase()) });
  expect(verified.status).toBe(200);
  return verified.body as { signupToken: string; accountId: string; kdf: SignedUp['kdf'] };
}

export async function register(api: Api, signupToken: string, secret: string) {
  await opaque.ready;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: secret });
  const started = await api.post('/v1/signup/registration/start', { signupToken, registrationRequest });
  expect(started.status).toBe(200);
  const { registrationRecord } = opaque.client.finishRegistration({
    password: secret,
    clientRegistrationState,
    registrationResponse: started.body.registrationResponse,
    keyStretching,
  });
  const uploaded = { wrappedAccountKey: fakeWrappedKey(), publicKeys: { x25519: fakeBlob(32), ed25519: fakeBlob(32) }, encryptedKeyset: fakeKeyset() };
  const finished = await api.post('/v1/signup/registration/finish', { signupToken, registrationRecord, ...uploaded });
  return { finished, uploaded, registrationRecord };
}

export async function signUp(api: Api, smtp: TestSmtp, email: string, secret = randomSecret()): Promise<SignedUp> {
  const verified = await verifyEmail(api, smtp, email);
  const { finished, uploaded } = await register(api, verified.signupToken, secret);
  expect(finished.status).toBe(201);
  expect(finished.body).toEqual({ accountId: verified.accountId });
  return { email: email.trim().toLowerCase(), secret, accountId: verified.accountId, uploaded, kdf: verified.kdf };
}

export async function loginStart(api: Api, email: string, secret: string) {
  await opaque.ready;
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password: secret });
  const started = await api.post('/v1/login/start', { email, startLoginRequest });
  return { started, clientLoginState };
}

export type Device = { name: string; platform: 'macos' | 'windows' | 'linux' | 'other' };

/** Signs in; returns the response of login finish (or of login start if that failed). */
export async function login(api: Api, email: string, secret: string, device: Device = { name: 'Test laptop', platform: 'linux' }): Promise<ApiResponse> {
  const { started, clientLoginState } = await loginStart(api, email, secret);
  if (started.status !== 200) return started;
  const finished = opaque.client.finishLogin({ password: secret, clientLoginState, loginResponse: started.body.loginResponse, keyStretching });
  // A wrong secret is already detected by the client; send a well-formed but wrong proof anyway.
  const finishLoginRequest = finished?.finishLoginRequest ?? fakeBlob(64);
  return api.post('/v1/login/finish', { loginId: started.body.loginId, finishLoginRequest, device });
}

/** A step-up (a fresh OPAQUE proof of `secret`, plus `secondFactor` where the account has 2FA); the response of its finish, or of its start if that failed. */
export async function stepUpResponse(api: Api, token: string, secret: string, secondFactor: { code?: string; securityKey?: unknown } = {}): Promise<ApiResponse> {
  await opaque.ready;
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password: secret });
  const started = await api.post('/v1/account/step-up/start', { startLoginRequest }, token);
  if (started.status !== 200) return started;
  const finished = opaque.client.finishLogin({ password: secret, clientLoginState, loginResponse: started.body.loginResponse, keyStretching });
  return api.post('/v1/account/step-up/finish', { stepUpId: started.body.stepUpId, finishLoginRequest: finished?.finishLoginRequest ?? fakeBlob(64), ...secondFactor }, token);
}

/** The header of a fresh step-up token, for one account-security change. */
export async function stepUp(api: Api, token: string, secret: string, secondFactor: { code?: string; securityKey?: unknown } = {}): Promise<Record<string, string>> {
  const finished = await stepUpResponse(api, token, secret, secondFactor);
  expect(finished.status).toBe(200);
  return { 'latchkey-step-up': finished.body.stepUpToken as string };
}

export async function changePassword(api: Api, token: string, newSecret: string, stepUpHeader: Record<string, string>) {
  await opaque.ready;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: newSecret });
  const started = await api.post('/v1/account/password/start', { registrationRequest }, token);
  expect(started.status).toBe(200);
  const { registrationRecord } = opaque.client.finishRegistration({ password: newSecret, clientRegistrationState, registrationResponse: started.body.registrationResponse, keyStretching });
  return api.call('POST', '/v1/account/password/finish', { registrationRecord, wrappedAccountKey: fakeWrappedKey() }, token, undefined, stepUpHeader);
}

export function expectError(response: ApiResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(Object.keys(response.body)).toEqual(['error']);
  const { code: _code, message: _message, details, ...rest } = response.body.error;
  expect(rest).toEqual({});
  if (details !== undefined) expect(errorDetailsSchema.safeParse(details).success).toBe(true);
  expect(typeof response.body.error.message).toBe('string');
  expect(JSON.stringify(response.body)).not.toMatch(/at .+\.(ts|js):\d+|stack|sqlite|postgres|kysely/i);
}
