/** Account records as the API shows them, and the key-derivation parameters new accounts get. */
import type { Selectable } from 'kysely';
import { ARGON2ID_DEFAULT } from '../../shared/crypto/argon2-params';
import { normaliseEmail } from '../../shared/crypto/normalise';
import { opaqueServerRegistrationResponse } from '../../shared/crypto/opaque-server';
import type { AccountState, KdfDescription } from '../../shared/server-api/account';
import { normalisedEmailPattern } from '../../shared/server-api/http';
import type { ServerContext } from '../context';
import type { DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { keyedHash } from '../security/tokens';

/** Bytes of the random per-account salt the client's Argon2id salt is derived from. */
export const ACCOUNT_SALT_BYTES = 32;

/**
 * The one form an email is stored and compared in (the client derives its salt from the same).
 * Normalising can make an address of something that was not one, or the reverse (a full-width
 * @ becomes @), so the result is checked again: a 400 before any database access.
 */
export function canonicalEmail(email: string): string {
  const canonical = normaliseEmail(email);
  if (!normalisedEmailPattern.test(canonical)) throw new ApiError(400, 'invalid_request', 'body.email is not an email address once normalised');
  return canonical;
}

/** The OPAQUE user identifier of an account's password credential. */
export function opaqueUserIdentifier(accountId: string): string {
  return `account:${accountId}`;
}

export function kdfOf(row: { argon2_memory_kib: number; argon2_iterations: number; argon2_parallelism: number; argon2_salt: string }): KdfDescription {
  return { algorithm: 'argon2id', memoryKiB: row.argon2_memory_kib, iterations: row.argon2_iterations, parallelism: row.argon2_parallelism, salt: row.argon2_salt };
}

/**
 * What login start shows for an email without an account: the default parameters and a salt
 * that is a keyed hash of the email, so it is stable across calls and looks like a real one.
 */
export function fakeKdf(context: ServerContext, email: string): KdfDescription {
  const salt = keyedHash(context.secrets.hashKey, 'fake-argon2-salt', email).subarray(0, ACCOUNT_SALT_BYTES).toString('base64url');
  return { algorithm: 'argon2id', memoryKiB: ARGON2ID_DEFAULT.memoryKiB, iterations: ARGON2ID_DEFAULT.iterations, parallelism: ARGON2ID_DEFAULT.parallelism, salt };
}

export function fakeOpaqueUserIdentifier(context: ServerContext, email: string): string {
  return opaqueUserIdentifier(`unknown-${keyedHash(context.secrets.hashKey, 'fake-account', email).toString('base64url').slice(0, 16)}`);
}

export function accountStateOf(row: Selectable<DatabaseSchema['accounts']>): AccountState {
  return {
    accountId: row.id,
    email: row.email,
    kdf: kdfOf(row),
    wrappedAccountKey: row.wrapped_account_key,
    publicKeys: { x25519: row.public_key_x25519, ed25519: row.public_key_ed25519 },
    encryptedKeyset: row.encrypted_keyset,
    twoFactorRequired: Number(row.two_factor_required) !== 0,
  };
}

/** The account's row, if it exists. */
export const findAccount = ({ db }: Pick<ServerContext, 'db'>, accountId: string) => db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();

export async function loadAccount(context: Pick<ServerContext, 'db'>, accountId: string): Promise<Selectable<DatabaseSchema['accounts']>> {
  const row = await findAccount(context, accountId);
  if (!row) throw new ApiError(401, 'unauthorized', 'The account no longer exists');
  return row;
}

/** Maps the OPAQUE helper's failure on a malformed client message to a 400 naming the field. */
/** The server's OPAQUE registration step for `userIdentifier`; a malformed request is a 400 naming the field. */
export function registrationResponseFor({ secrets }: ServerContext, userIdentifier: string, registrationRequest: string) {
  return opaqueStep('registrationRequest', () => opaqueServerRegistrationResponse({ serverSetup: secrets.opaqueServerSetup, userIdentifier, registrationRequest }));
}

export function opaqueStep<T>(field: string, step: () => T): T {
  try {
    return step();
  } catch {
    throw new ApiError(400, 'invalid_request', `body.${field} is not a valid OPAQUE message`);
  }
}
