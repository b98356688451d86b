/**
 * The sync server benchmark's fixture: an account signed up and signed in through the real API,
 * a quiet vault whose cursor is current ("nothing changed"), and a vault of 100 changed items.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as opaque from '@serenity-kit/opaque';
import pg from 'pg';
import type { DatabaseConfig } from '../src/server/index';
import { ENVELOPE_VERSION, EnvelopeKind, NONCE_BYTES, SEAL_OVERHEAD, TAG_BYTES } from '../src/shared/crypto/envelope';

export const ITEMS = 100;
/** The test suite's cheap OPAQUE stretching: the client's real key derivation is not what is measured here. */
const keyStretching = { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } } as const;

const blob = (bytes: number) => randomBytes(bytes).toString('base64url');
/** Random content in a well-formed envelope (§9) of `plaintextBytes`: the server cannot tell it from a real one. */
function envelope(kind: EnvelopeKind, plaintextBytes: number): string {
  const overhead = kind === EnvelopeKind.VaultKeySealed ? SEAL_OVERHEAD : NONCE_BYTES + TAG_BYTES;
  return Buffer.concat([Buffer.from([ENVELOPE_VERSION, kind]), randomBytes(overhead + plaintextBytes)]).toString('base64url');
}
const item = () => ({ expectedVersion: 0, overview: envelope(EnvelopeKind.PaddedItemOverview, 256), details: envelope(EnvelopeKind.PaddedItemDetails, 1024) });

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
    wrappedAccountKey: envelope(EnvelopeKind.AccountKeyByAuk, 32),
    publicKeys: { x25519: blob(32), ed25519: blob(32) },
    encryptedKeyset: envelope(EnvelopeKind.KeysetPrivate, 64),
  });
  const login = opaque.client.startLogin({ password: secret });
  const started = (await call(base, 'POST', '/v1/login/start', { email, startLoginRequest: login.startLoginRequest })) as { loginId: string; loginResponse: string };
  const finished = opaque.client.finishLogin({ password: secret, clientLoginState: login.clientLoginState, loginResponse: started.loginResponse, keyStretching });
  if (!finished) throw new Error('OPAQUE login failed');
  const session = (await call(base, 'POST', '/v1/login/finish', { loginId: started.loginId, finishLoginRequest: finished.finishLoginRequest, device: { name: 'Bench', platform: 'linux' } })) as { sessionToken: string };
  return session.sessionToken;
}

export interface SyncFixture {
  token: string;
  /** GET with the current cursor of a vault nobody writes to: an empty page. */
  unchangedUrl: string;
  /** GET of the first ITEMS changes (padded to 256 B of overview and 1 KiB of details each). */
  pageUrl: string;
}

export async function syncFixture(base: string, mailboxDir: string): Promise<SyncFixture> {
  const token = await signedInAccount(base, mailboxDir);
  const busy = blob(16);
  const quiet = blob(16);
  await call(base, 'POST', '/v1/vaults', { vaultId: busy, sealedVaultKey: envelope(EnvelopeKind.VaultKeySealed, 54) }, token);
  await call(base, 'POST', '/v1/vaults', { vaultId: quiet, sealedVaultKey: envelope(EnvelopeKind.VaultKeySealed, 54) }, token);
  for (let i = 0; i < ITEMS; i++) {
    await call(base, 'PUT', `/v1/vaults/${busy}/items/${blob(16)}`, item(), token);
  }
  await call(base, 'PUT', `/v1/vaults/${quiet}/items/${blob(16)}`, item(), token);
  const { cursor } = (await call(base, 'GET', `/v1/vaults/${quiet}/changes`, undefined, token)) as { cursor: string };
  const unchangedUrl = `${base}/v1/vaults/${quiet}/changes?since=${cursor}`;
  const pageUrl = `${base}/v1/vaults/${busy}/changes?since=0&limit=${ITEMS}`;
  const unchanged = (await call(unchangedUrl, 'GET', '', undefined, token)) as { items: unknown[] };
  const page = (await call(pageUrl, 'GET', '', undefined, token)) as { items: unknown[] };
  if (unchanged.items.length !== 0 || page.items.length !== ITEMS) throw new Error('the benchmark vaults are not as expected');
  return { token, unchangedUrl, pageUrl };
}

/** A fresh database `name` on the throwaway PostgreSQL of scripts/with-postgres.sh; null when there is none (LATCHKEY_TEST_POSTGRES_URL unset). */
export async function freshPostgresDatabase(name: string): Promise<DatabaseConfig | null> {
  const url = process.env.LATCHKEY_TEST_POSTGRES_URL;
  if (!url) return null;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const database = new URL(url);
  database.pathname = `/${name}`;
  return { kind: 'postgres', url: database.toString() };
}
