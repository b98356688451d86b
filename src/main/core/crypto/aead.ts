/** XChaCha20-Poly1305-IETF into the versioned AEAD envelope (random 24-byte nonces). */

import { decodeAeadEnvelope, encodeAeadEnvelope, NONCE_BYTES, type AeadKind } from '../../../shared/crypto/envelope';
import { DecryptionError, InvalidArgumentError } from '../../../shared/crypto/errors';
import type { RandomSource } from '../../../shared/crypto/random';
import { sodium, systemRandom } from './sodium';

export const KEY_BYTES = 32;

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new InvalidArgumentError('Key must be 32 bytes');
}

/** Encrypts into envelope `version ‖ kind ‖ nonce ‖ ciphertext ‖ tag`. `aad` must start with version ‖ kind. */
export function aeadSeal(
  kind: AeadKind,
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  random: RandomSource = systemRandom,
): Uint8Array {
  checkKey(key);
  if (aad[0] !== 0x01 || aad[1] !== kind) throw new InvalidArgumentError('AAD does not match the envelope kind');
  const nonce = random(NONCE_BYTES);
  if (nonce.length !== NONCE_BYTES) throw new InvalidArgumentError('Random source returned the wrong length');
  const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key);
  return encodeAeadEnvelope({ kind, nonce, ciphertext });
}

/** Opens an envelope of the expected kind; throws EnvelopeError or DecryptionError. */
export function aeadOpen(
  kind: AeadKind,
  key: Uint8Array,
  envelope: Uint8Array,
  aad: Uint8Array,
  plaintextLength?: number,
): Uint8Array {
  checkKey(key);
  const env = decodeAeadEnvelope(envelope, kind, plaintextLength);
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, env.ciphertext, aad, env.nonce, key);
  } catch {
    throw new DecryptionError();
  }
}
