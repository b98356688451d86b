/**
 * Envelope 0x0E (docs/security-design.md §9, §13.8): the account key wrapped under a fresh random
 * session key, so a later process holding that key (the command line's LATCHKEY_SESSION) opens
 * the account without the password. The account's local id and the expiry are in the AAD: a blob
 * cannot be moved to another account, nor its expiry pushed later without the session key.
 */
import { cliSessionAad } from '../../../shared/crypto/aad';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import type { RandomSource } from '../../../shared/crypto/random';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { aeadOpen, aeadSeal, KEY_BYTES } from './aead';
import { systemRandom } from './sodium';

/** A new session key: 32 bytes from the CSPRNG. */
export function newSessionKey(random: RandomSource = systemRandom): SecretBytes {
  return new SecretBytes(random(KEY_BYTES));
}

export function wrapForSession(accountKey: SecretBytes, sessionKey: SecretBytes, localUuid: string, expiresAtMs: number, random: RandomSource = systemRandom): Uint8Array {
  return aeadSeal(EnvelopeKind.CliSession, sessionKey.expose(), accountKey.expose(), cliSessionAad(localUuid, expiresAtMs), random);
}

/** Throws DecryptionError for another key, account or expiry, EnvelopeError for a malformed blob. */
export function unwrapForSession(wrapped: Uint8Array, sessionKey: SecretBytes, localUuid: string, expiresAtMs: number): SecretBytes {
  return new SecretBytes(aeadOpen(EnvelopeKind.CliSession, sessionKey.expose(), wrapped, cliSessionAad(localUuid, expiresAtMs), KEY_BYTES));
}
