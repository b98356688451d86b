/**
 * Security codes (docs/security-design.md §8.7): a short fingerprint of an account's public
 * keys that two people compare over a channel the server does not carry.
 *
 * Hash input (all lengths in bytes):
 *   ASCII "latchkey/v1/security-code" ‖ 0x00
 *   ‖ u8 length of the account id ‖ account id (UTF-8, the server's id as it names the account)
 *   ‖ X25519 box public key (32) ‖ Ed25519 signing public key (32)
 * Code: SHA-256 of the input, read as a 256-bit big-endian integer, reduced mod 31^24, and
 * written as 24 base-31 digits of the symbol alphabet, most significant first; shown as 6
 * groups of 4. Hashing is the caller's (the main process); this file has no crypto library.
 */
import { ascii, concatBytes, utf8 } from './bytes';
import { InvalidArgumentError, SecurityCodeParseError } from './errors';
import { ALPHABET, normaliseSymbols, splitGroups } from './symbols';

export const SECURITY_CODE_LABEL = 'latchkey/v1/security-code';
export const SECURITY_CODE_SYMBOLS = 24;
const GROUPS = [4, 4, 4, 4, 4, 4] as const;
const PUBLIC_KEY_BYTES = 32;
const DIGEST_BYTES = 32;
const MODULUS = 31n ** BigInt(SECURITY_CODE_SYMBOLS);

export interface AccountPublicKeys {
  readonly accountId: string;
  readonly boxPublicKey: Uint8Array;
  readonly signPublicKey: Uint8Array;
}

/** The bytes a security code hashes. */
export function securityCodeInput(keys: AccountPublicKeys): Uint8Array {
  const id = utf8(keys.accountId);
  if (id.length === 0 || id.length > 255) throw new InvalidArgumentError('Account id must be 1 to 255 bytes');
  if (keys.boxPublicKey.length !== PUBLIC_KEY_BYTES || keys.signPublicKey.length !== PUBLIC_KEY_BYTES) {
    throw new InvalidArgumentError('Public keys must be 32 bytes each');
  }
  return concatBytes(ascii(SECURITY_CODE_LABEL), Uint8Array.of(0, id.length), id, keys.boxPublicKey, keys.signPublicKey);
}

/** The 24-symbol canonical code (no separators) of a SHA-256 digest of `securityCodeInput`. */
export function securityCodeFromDigest(digest: Uint8Array): string {
  if (digest.length !== DIGEST_BYTES) throw new InvalidArgumentError('Digest must be 32 bytes');
  let n = 0n;
  for (const b of digest) n = (n << 8n) | BigInt(b);
  n %= MODULUS;
  let out = '';
  for (let i = 0; i < SECURITY_CODE_SYMBOLS; i++) {
    out = ALPHABET[Number(n % 31n)]! + out;
    n /= 31n;
  }
  return out;
}

/** A canonical code as people read it: 6 groups of 4, separated by spaces. */
export function formatSecurityCode(canonical: string): string {
  return splitGroups(canonical, GROUPS).join(' ');
}

/**
 * Reads a typed security code as forgivingly as a Secret Key (case, separators, O→0, I/L→1)
 * and returns its canonical 24 symbols, or throws `SecurityCodeParseError` saying what is wrong.
 */
export function parseSecurityCode(text: string): string {
  const { canonical, invalid } = normaliseSymbols(text);
  if (canonical.length === 0) throw new SecurityCodeParseError('empty', 'Enter the security code');
  if (invalid.length > 0) throw new SecurityCodeParseError('invalid-character', 'The security code has a character that cannot be in it', invalid[0]);
  if (canonical.length !== SECURITY_CODE_SYMBOLS) throw new SecurityCodeParseError('wrong-length', `A security code has ${SECURITY_CODE_SYMBOLS} characters`);
  return canonical;
}
