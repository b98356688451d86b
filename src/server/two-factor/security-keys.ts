/**
 * Security keys (FIDO2/WebAuthn) with @simplewebauthn/server. Every ceremony's challenge is
 * kept here, on the server: made at start, bound to (purpose, account, subject: the session,
 * or a recovery attempt), short-lived, and deleted by the answer that uses it, so it works
 * once. Answers are checked against the configured relying-party ID and origins.
 *
 * `startSecurityKeyCheck` / `finishSecurityKeyCheck` prove that the caller holds one of an
 * account's keys, for any purpose: the second factor at sign-in here, and recovery later.
 */
import type { AuthenticationResponseJSON, AuthenticatorTransport, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { appOrigins } from '../../shared/app-shell';
import type { authenticationOptionsSchema, registrationOptionsSchema, SecurityKey } from '../../shared/server-api/security-keys';
import { audit } from '../audit/audit';
import type { ServerContext, WebAuthnConfig } from '../context';
import { toMillis, type DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { randomToken } from '../security/tokens';

/** @simplewebauthn/server, with its X.509 and ASN.1 code, loads with the first ceremony, not with every server start. */
const loadWebAuthn = () => import('@simplewebauthn/server');

/**
 * The browser host serves the renderer at https://app.latchkey.invalid, an origin Chromium
 * lets use WebAuthn. The Electron host's latchkey://app cannot (Chromium allows only https
 * and http://localhost origins), so it is not listed; see docs/security-design.md.
 */
export const defaultWebAuthnConfig: WebAuthnConfig = { rpId: new URL(appOrigins.browser).hostname, rpName: 'Latchkey', origins: [appOrigins.browser] };

/** Refuses, at start-up, a configuration no browser would accept: each origin https (or http://localhost) on the RP ID or under it. */
export function checkWebAuthnConfig(config: WebAuthnConfig): WebAuthnConfig {
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(config.rpId)) throw new Error(`WebAuthn RP ID "${config.rpId}" is not a lower-case domain name`);
  if (config.origins.length === 0) throw new Error('WebAuthn needs at least one allowed origin');
  for (const origin of config.origins) {
    const url = URL.canParse(origin) ? new URL(origin) : null;
    const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && url.hostname === 'localhost');
    if (!url || url.origin !== origin || !secure) throw new Error(`WebAuthn origin "${origin}" must be an https:// origin (or http://localhost), with no path`);
    if (url.hostname !== config.rpId && !url.hostname.endsWith(`.${config.rpId}`)) throw new Error(`WebAuthn origin "${origin}" is not on the RP ID "${config.rpId}" or under it`);
  }
  return config;
}

export type ChallengePurpose = DatabaseSchema['webauthn_challenges']['purpose'];

/** What a challenge is bound to: made for one purpose, one account, one session (or recovery attempt). */
export interface ChallengeBinding {
  purpose: ChallengePurpose;
  accountId: string;
  subject: string;
}

/** Who answered, for the audit log. */
export interface Caller {
  sessionId: string | null;
  ip: string;
}

type KeyRow = Selectable<DatabaseSchema['security_keys']>;
const ceremonyTimeoutMs = 60_000;
/** Touching the key proves presence; the password is the knowledge factor, so no PIN is asked for (which some hosts cannot show). */
const userVerification = 'discouraged';
/** EdDSA, ES256, RS256. */
const algorithms = [-8, -7, -257];

export function keyView(row: KeyRow): SecurityKey {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(toMillis(row.created_at)).toISOString(),
    lastUsedAt: row.last_used_at === null ? null : new Date(toMillis(row.last_used_at)).toISOString(),
  };
}

export function keysOf(db: Kysely<DatabaseSchema>, accountId: string): Promise<KeyRow[]> {
  return db.selectFrom('security_keys').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
}

/** Keeps a newly registered key; false if that credential is already registered (to any account). */
export async function insertKey(trx: Kysely<DatabaseSchema>, key: KeyRow): Promise<boolean> {
  if (await trx.selectFrom('security_keys').select('id').where('credential_id', '=', key.credential_id).executeTakeFirst()) return false;
  await trx.insertInto('security_keys').values(key).execute();
  return true;
}

/** Deletes one of the account's keys, answering its name; undefined if it has no such key. */
export const deleteKey = async (trx: Kysely<DatabaseSchema>, accountId: string, keyId: string): Promise<string | undefined> =>
  (await trx.deleteFrom('security_keys').where('id', '=', keyId).where('account_id', '=', accountId).returning('name').executeTakeFirst())?.name;

const descriptorOf = (row: KeyRow) => ({ id: row.credential_id, transports: JSON.parse(row.transports) as AuthenticatorTransport[] });

async function storeChallenge({ db, now, policy }: ServerContext, binding: ChallengeBinding, challenge: string): Promise<void> {
  const row = { purpose: binding.purpose, subject: binding.subject, account_id: binding.accountId, challenge, expires_at: now() + policy.webauthnChallengeTtlMs };
  await db
    .insertInto('webauthn_challenges')
    .values(row)
    .onConflict((conflict) => conflict.columns(['purpose', 'subject']).doUpdateSet({ account_id: row.account_id, challenge: row.challenge, expires_at: row.expires_at }))
    .execute();
}

/** The challenge issued for `binding`, deleted as it is read (one answer per challenge). */
async function takeChallenge({ db, now }: ServerContext, binding: ChallengeBinding): Promise<string> {
  const taken = await db
    .deleteFrom('webauthn_challenges')
    .where('purpose', '=', binding.purpose)
    .where('subject', '=', binding.subject)
    .where('account_id', '=', binding.accountId)
    .returning(['challenge', 'expires_at'])
    .executeTakeFirst();
  if (!taken || toMillis(taken.expires_at) <= now()) throw new ApiError(400, 'challenge_expired', 'That security key request has expired or was already answered: start again');
  return taken.challenge;
}

async function refuse(context: ServerContext, accountId: string, caller: Caller, message: string): Promise<never> {
  await audit(context.db, context.now(), 'two_factor.failed', { accountId, sessionId: caller.sessionId, ip: caller.ip });
  throw new ApiError(400, 'security_key_refused', message);
}

export async function startRegistration(context: ServerContext, binding: ChallengeBinding, email: string): Promise<z.infer<typeof registrationOptionsSchema>> {
  const { rpId, rpName } = context.webauthn;
  const options = await (await loadWebAuthn()).generateRegistrationOptions({
    rpName,
    rpID: rpId,
    userName: email,
    // The user handle: the account's random id, nothing personal.
    userID: new TextEncoder().encode(binding.accountId),
    attestationType: 'none',
    // A key already on the account is refused by the browser before it makes a second credential.
    excludeCredentials: (await keysOf(context.db, binding.accountId)).map(descriptorOf),
    authenticatorSelection: { residentKey: 'discouraged', userVerification },
    supportedAlgorithmIDs: algorithms,
    timeout: ceremonyTimeoutMs,
  });
  await storeChallenge(context, binding, options.challenge);
  return options as z.infer<typeof registrationOptionsSchema>;
}

/** Checks a new credential against the challenge and keeps it under `name`; returns the new row (not yet stored). */
export async function finishRegistration(context: ServerContext, binding: ChallengeBinding, caller: Caller, name: string, response: RegistrationResponseJSON): Promise<KeyRow> {
  await consumeRateLimit(context.db, context.now(), rateLimits.securityKeyPerAccount, binding.accountId);
  const expectedChallenge = await takeChallenge(context, binding);
  const verified = await (await loadWebAuthn()).verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: [...context.webauthn.origins],
    expectedRPID: context.webauthn.rpId,
    requireUserVerification: false,
    supportedAlgorithmIDs: algorithms,
  }).catch(() => null);
  if (!verified?.verified) return refuse(context, binding.accountId, caller, 'The security key’s answer was not accepted: try again with the key');
  const { credential } = verified.registrationInfo;
  return {
    id: randomToken(16),
    account_id: binding.accountId,
    credential_id: credential.id,
    public_key: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: JSON.stringify(credential.transports ?? response.response.transports ?? []),
    name,
    created_at: context.now(),
    last_used_at: null,
  };
}

/** Options for proving that the caller holds one of the account's keys; 404 if it has none. */
export async function startSecurityKeyCheck(context: ServerContext, binding: ChallengeBinding): Promise<z.infer<typeof authenticationOptionsSchema>> {
  const keys = await keysOf(context.db, binding.accountId);
  if (keys.length === 0) throw new ApiError(404, 'not_found', 'This account has no security key');
  const options = await (await loadWebAuthn()).generateAuthenticationOptions({ rpID: context.webauthn.rpId, allowCredentials: keys.map(descriptorOf), userVerification, timeout: ceremonyTimeoutMs });
  await storeChallenge(context, binding, options.challenge);
  return options as z.infer<typeof authenticationOptionsSchema>;
}

/**
 * Checks a key's signature over the challenge issued for `binding`: the challenge is used
 * up, the attempt counts against the account's limit, the credential must be one of the
 * account's, and its signature counter must go up. Returns the key that signed (its counter
 * and last use updated); anything else is a 400 and an audit event.
 */
export async function finishSecurityKeyCheck(context: ServerContext, binding: ChallengeBinding, caller: Caller, response: AuthenticationResponseJSON): Promise<KeyRow> {
  const { db, now, webauthn } = context;
  await consumeRateLimit(db, now(), rateLimits.securityKeyPerAccount, binding.accountId);
  const expectedChallenge = await takeChallenge(context, binding);
  const key = await db.selectFrom('security_keys').selectAll().where('account_id', '=', binding.accountId).where('credential_id', '=', response.id).executeTakeFirst();
  if (!key) return refuse(context, binding.accountId, caller, 'That security key is not registered for this account');
  const storedCounter = toMillis(key.counter);
  const verified = await (await loadWebAuthn()).verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: [...webauthn.origins],
    expectedRPID: webauthn.rpId,
    // The library refuses a counter that did not go up: a cloned key, or a replayed answer.
    credential: { id: key.credential_id, publicKey: Buffer.from(key.public_key, 'base64url'), counter: storedCounter },
    requireUserVerification: false,
  }).catch(() => null);
  if (!verified?.verified) return refuse(context, binding.accountId, caller, 'The security key’s answer was not accepted: try again with the key');
  const at = now();
  // Compare-and-set on the counter: of two answers checked at once, only one is accepted.
  const updated = await db
    .updateTable('security_keys')
    .set({ counter: verified.authenticationInfo.newCounter, last_used_at: at })
    .where('id', '=', key.id)
    .where('counter', '=', storedCounter)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return refuse(context, binding.accountId, caller, 'The security key’s answer was not accepted: try again with the key');
  return { ...key, counter: verified.authenticationInfo.newCounter, last_used_at: at };
}
