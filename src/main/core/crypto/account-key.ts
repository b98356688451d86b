/** The account key: random 256-bit, wrapped (envelope kind 0x01) by the Account Unlock Key. */

import { accountKeyAad } from '../../../shared/crypto/aad';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import type { RandomSource } from '../../../shared/crypto/random';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { aeadOpen, aeadSeal, KEY_BYTES } from './aead';
import { systemRandom } from './sodium';

export function generateAccountKey(random: RandomSource = systemRandom): SecretBytes {
  return new SecretBytes(random(KEY_BYTES));
}

export function wrapAccountKey(
  accountKey: SecretBytes,
  accountUnlockKey: SecretBytes,
  accountId: string,
  random: RandomSource = systemRandom,
): Uint8Array {
  return aeadSeal(EnvelopeKind.AccountKeyByAuk, accountUnlockKey.expose(), accountKey.expose(), accountKeyAad(accountId), random);
}

export function unwrapAccountKey(wrapped: Uint8Array, accountUnlockKey: SecretBytes, accountId: string): SecretBytes {
  return new SecretBytes(
    aeadOpen(EnvelopeKind.AccountKeyByAuk, accountUnlockKey.expose(), wrapped, accountKeyAad(accountId), KEY_BYTES),
  );
}

/**
 * Password change (or new Secret Key): the same account key, re-wrapped under the new AUK.
 * Throws DecryptionError if `oldAuk` does not open `wrapped`.
 */
export function rewrapAccountKey(
  wrapped: Uint8Array,
  oldAuk: SecretBytes,
  newAuk: SecretBytes,
  accountId: string,
  random: RandomSource = systemRandom,
): Uint8Array {
  const accountKey = unwrapAccountKey(wrapped, oldAuk, accountId);
  try {
    return wrapAccountKey(accountKey, newAuk, accountId, random);
  } finally {
    accountKey.dispose();
  }
}
