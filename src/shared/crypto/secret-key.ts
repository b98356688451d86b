/**
 * Secret Key format "K1": a version prefix, a 6-symbol non-secret account id and 26 secret
 * symbols of the 31-symbol alphabet (26 × log2(31) ≈ 128.8 bits).
 *
 *   K1-AAAAAA-SSSSSS-SSSSS-SSSSS-SSSSS-SSSSS
 *
 * Canonical form: the 34 characters without separators ("K1" + account id + secret).
 */

import { ascii } from './bytes';
import { SecretKeyParseError } from './errors';
import type { RandomSource } from './random';
import { SecretBytes } from './secret-bytes';
import { normaliseSymbols, randomSymbols, splitGroups, symbolsToText } from './symbols';

export const SECRET_KEY_VERSION = 'K1';
export const ACCOUNT_ID_LENGTH = 6;
export const SECRET_KEY_SECRET_LENGTH = 26;
export const SECRET_KEY_CANONICAL_LENGTH = 2 + ACCOUNT_ID_LENGTH + SECRET_KEY_SECRET_LENGTH;
const SECRET_GROUPS = [6, 5, 5, 5, 5] as const;

export interface SecretKey {
  readonly version: typeof SECRET_KEY_VERSION;
  /** Non-secret account identifier (6 alphabet symbols). */
  readonly accountId: string;
  /** ASCII bytes of the 26 secret symbols. */
  readonly secret: SecretBytes;
}

/** A new random account id (6 symbols, non-secret). */
export function generateAccountId(random: RandomSource): string {
  return symbolsToText(randomSymbols(ACCOUNT_ID_LENGTH, random));
}

export function isAccountId(value: string): boolean {
  return value.length === ACCOUNT_ID_LENGTH && normaliseSymbols(value).canonical === value;
}

/** A new Secret Key for `accountId` (or a new random account id). */
export function generateSecretKey(random: RandomSource, accountId?: string): SecretKey {
  const id = accountId ?? generateAccountId(random);
  if (!isAccountId(id)) throw new SecretKeyParseError('invalid-character', 'The account id is not 6 alphabet symbols');
  const secret = symbolsToText(randomSymbols(SECRET_KEY_SECRET_LENGTH, random));
  return { version: SECRET_KEY_VERSION, accountId: id, secret: new SecretBytes(ascii(secret)) };
}

function secretText(key: SecretKey): string {
  return String.fromCharCode(...key.secret.expose());
}

/** Display form, grouped: K1-AAAAAA-SSSSSS-SSSSS-SSSSS-SSSSS-SSSSS. */
export function formatSecretKey(key: SecretKey): string {
  return [key.version, key.accountId, ...splitGroups(secretText(key), SECRET_GROUPS)].join('-');
}

/** Canonical form: 34 characters, no separators. */
export function canonicalSecretKey(key: SecretKey): string {
  return key.version + key.accountId + secretText(key);
}

/**
 * Parses typed or pasted text forgivingly (case, spaces, dashes, O→0, I/L→1, full-width
 * forms). Throws SecretKeyParseError (never echoing the input) otherwise.
 */
export function parseSecretKey(text: string): SecretKey {
  const n = normaliseSymbols(text);
  if (n.values.length === 0) throw new SecretKeyParseError('empty', 'Enter your Secret Key');
  const firstInvalid = n.invalid[0];
  if (firstInvalid !== undefined) {
    throw new SecretKeyParseError(
      'invalid-character',
      `The Secret Key contains a character that is not used in Secret Keys (character ${firstInvalid + 1})`,
      firstInvalid,
    );
  }
  if (!n.canonical.startsWith(SECRET_KEY_VERSION)) {
    throw new SecretKeyParseError('wrong-version', `A Secret Key starts with ${SECRET_KEY_VERSION}`, 0);
  }
  if (n.canonical.length !== SECRET_KEY_CANONICAL_LENGTH) {
    throw new SecretKeyParseError(
      'wrong-length',
      `A Secret Key has ${SECRET_KEY_CANONICAL_LENGTH} characters without dashes; this has ${n.canonical.length}`,
    );
  }
  const accountId = n.canonical.slice(2, 2 + ACCOUNT_ID_LENGTH);
  const secret = n.canonical.slice(2 + ACCOUNT_ID_LENGTH);
  return { version: SECRET_KEY_VERSION, accountId, secret: new SecretBytes(ascii(secret)) };
}
