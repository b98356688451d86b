/**
 * Vault keys: random 256-bit, sealed (crypto_box_seal, envelope kind 0x04) to each member's
 * X25519 public key. The sealed plaintext is vault key (32) ‖ UTF-8 vault id, so a grant for
 * one vault cannot be presented as another's.
 */

import { vaultGrantPlaintext } from '../../../shared/crypto/aad';
import { bytesEqual, utf8 } from '../../../shared/crypto/bytes';
import { decodeSealedEnvelope, encodeSealedEnvelope, EnvelopeKind } from '../../../shared/crypto/envelope';
import { DecryptionError, InvalidArgumentError } from '../../../shared/crypto/errors';
import type { RandomSource } from '../../../shared/crypto/random';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { KEY_BYTES } from './aead';
import type { Keyset } from './keyset';

/** What opening a sealed box needs: an account keyset, or a family recovery group's key pair. */
export type BoxKeyPair = Pick<Keyset, 'boxPublicKey' | 'boxSecretKey'>;
import { memzero, sodium, systemRandom } from './sodium';

export function generateVaultKey(random: RandomSource = systemRandom): SecretBytes {
  return new SecretBytes(random(KEY_BYTES));
}

export function sealVaultKey(vaultKey: SecretBytes, vaultId: string, recipientBoxPublicKey: Uint8Array): Uint8Array {
  if (recipientBoxPublicKey.length !== 32) throw new InvalidArgumentError('Public key must be 32 bytes');
  if (vaultKey.length !== KEY_BYTES) throw new InvalidArgumentError('Vault key must be 32 bytes');
  const plaintext = vaultGrantPlaintext(vaultKey.expose(), vaultId);
  try {
    return encodeSealedEnvelope(EnvelopeKind.VaultKeySealed, sodium().crypto_box_seal(plaintext, recipientBoxPublicKey));
  } finally {
    memzero(plaintext);
  }
}

export function openVaultKey(sealedEnvelope: Uint8Array, vaultId: string, keyset: BoxKeyPair): SecretBytes {
  const sealed = decodeSealedEnvelope(sealedEnvelope, EnvelopeKind.VaultKeySealed, KEY_BYTES + 1);
  let plaintext: Uint8Array;
  try {
    plaintext = sodium().crypto_box_seal_open(sealed, keyset.boxPublicKey, keyset.boxSecretKey.expose());
  } catch {
    throw new DecryptionError();
  }
  if (!bytesEqual(plaintext.subarray(KEY_BYTES), utf8(vaultId))) {
    memzero(plaintext);
    throw new DecryptionError('Vault key grant is for another vault');
  }
  const key = plaintext.slice(0, KEY_BYTES);
  memzero(plaintext);
  return new SecretBytes(key);
}

/**
 * A member got a new keyset (organizer recovery): whoever holds the vault key (`holder`)
 * opens their own grant and seals the same key to the member's new public key.
 */
export function resealVaultKey(
  holderGrant: Uint8Array,
  vaultId: string,
  holder: BoxKeyPair,
  newRecipientBoxPublicKey: Uint8Array,
): Uint8Array {
  const vaultKey = openVaultKey(holderGrant, vaultId, holder);
  try {
    return sealVaultKey(vaultKey, vaultId, newRecipientBoxPublicKey);
  } finally {
    vaultKey.dispose();
  }
}

