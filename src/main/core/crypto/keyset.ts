/**
 * The keyset: an X25519 key pair (sealed boxes) and an Ed25519 key pair (signatures). The
 * private halves (X25519 secret key ‖ Ed25519 seed, 64 bytes) are encrypted under the account
 * key (envelope kind 0x03) with both public keys in the AAD.
 */

import { keysetAad } from '../../../shared/crypto/aad';
import { bytesEqual, concatBytes } from '../../../shared/crypto/bytes';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { DecryptionError } from '../../../shared/crypto/errors';
import type { RandomSource } from '../../../shared/crypto/random';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { aeadOpen, aeadSeal } from './aead';
import { memzero, sodium, systemRandom } from './sodium';

export const KEYSET_PRIVATE_BYTES = 64;

export interface KeysetPublic {
  readonly keysetId: string;
  readonly boxPublicKey: Uint8Array;
  readonly signPublicKey: Uint8Array;
}

export interface Keyset extends KeysetPublic {
  /** X25519 secret key (32 bytes). */
  readonly boxSecretKey: SecretBytes;
  /** Ed25519 secret key in libsodium's 64-byte form (seed ‖ public key). */
  readonly signSecretKey: SecretBytes;
  dispose(): void;
}

/** What the server stores for a keyset. */
export interface EncryptedKeyset extends KeysetPublic {
  readonly encryptedPrivateKeys: Uint8Array;
}

function keysetFromSecrets(keysetId: string, boxSecret: Uint8Array, signSeed: Uint8Array): Keyset {
  const s = sodium();
  const boxPublicKey = s.crypto_scalarmult_base(boxSecret);
  const sign = s.crypto_sign_seed_keypair(signSeed);
  const boxSecretKey = new SecretBytes(boxSecret);
  const signSecretKey = new SecretBytes(sign.privateKey);
  return {
    keysetId,
    boxPublicKey,
    signPublicKey: sign.publicKey,
    boxSecretKey,
    signSecretKey,
    dispose() {
      boxSecretKey.dispose();
      signSecretKey.dispose();
    },
  };
}

export function generateKeyset(keysetId: string, random: RandomSource = systemRandom): Keyset {
  const boxSecret = random(32);
  const signSeed = random(32);
  try {
    return keysetFromSecrets(keysetId, boxSecret.slice(), signSeed);
  } finally {
    memzero(boxSecret, signSeed);
  }
}

export function encryptKeyset(
  keyset: Keyset,
  accountKey: SecretBytes,
  accountId: string,
  random: RandomSource = systemRandom,
): EncryptedKeyset {
  const signSeed = keyset.signSecretKey.expose().subarray(0, 32);
  const plaintext = concatBytes(keyset.boxSecretKey.expose(), signSeed);
  try {
    const aad = keysetAad(accountId, keyset.keysetId, keyset.boxPublicKey, keyset.signPublicKey);
    return {
      keysetId: keyset.keysetId,
      boxPublicKey: keyset.boxPublicKey,
      signPublicKey: keyset.signPublicKey,
      encryptedPrivateKeys: aeadSeal(EnvelopeKind.KeysetPrivate, accountKey.expose(), plaintext, aad, random),
    };
  } finally {
    memzero(plaintext);
  }
}

/** Decrypts a keyset and checks that its private keys match the stored public keys. */
export function decryptKeyset(encrypted: EncryptedKeyset, accountKey: SecretBytes, accountId: string): Keyset {
  const aad = keysetAad(accountId, encrypted.keysetId, encrypted.boxPublicKey, encrypted.signPublicKey);
  const plaintext = aeadOpen(
    EnvelopeKind.KeysetPrivate,
    accountKey.expose(),
    encrypted.encryptedPrivateKeys,
    aad,
    KEYSET_PRIVATE_BYTES,
  );
  try {
    const keyset = keysetFromSecrets(encrypted.keysetId, plaintext.slice(0, 32), plaintext.slice(32, 64));
    if (!bytesEqual(keyset.boxPublicKey, encrypted.boxPublicKey) || !bytesEqual(keyset.signPublicKey, encrypted.signPublicKey)) {
      keyset.dispose();
      throw new DecryptionError('Keyset public keys do not match its private keys');
    }
    return keyset;
  } finally {
    memzero(plaintext);
  }
}

export function signDetached(keyset: Keyset, message: Uint8Array): Uint8Array {
  return sodium().crypto_sign_detached(message, keyset.signSecretKey.expose());
}

export function verifyDetached(signPublicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return sodium().crypto_sign_verify_detached(signature, message, signPublicKey);
  } catch {
    return false;
  }
}
