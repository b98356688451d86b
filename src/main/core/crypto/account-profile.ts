/**
 * The account profile's envelope (docs/security-design.md §8.8, §9 kind 0x0F): the profile's
 * bytes (src/shared/crypto/account-profile.ts) under HKDF(account key, salt = account id,
 * accountProfileKey), AAD [accountId, u64be(version)].
 */
import { accountProfileAad } from '../../../shared/crypto/aad';
import { encodeAccountProfile, parseAccountProfile } from '../../../shared/crypto/account-profile';
import { utf8 } from '../../../shared/crypto/bytes';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import type { RandomSource } from '../../../shared/crypto/random';
import { aeadOpen, aeadSeal, KEY_BYTES } from './aead';
import { hkdfSha256 } from './hkdf';
import { systemRandom } from './sodium';

function withProfileKey<T>(accountKey: Uint8Array, accountId: string, use: (key: Uint8Array) => T): T {
  const key = hkdfSha256(accountKey, utf8(accountId), HKDF_LABELS.accountProfileKey, KEY_BYTES);
  try {
    return use(key);
  } finally {
    key.fill(0);
  }
}

export function sealAccountProfile(accountKey: Uint8Array, accountId: string, version: number, name: string, random: RandomSource = systemRandom): Uint8Array {
  const plaintext = encodeAccountProfile(name);
  return withProfileKey(accountKey, accountId, (key) => aeadSeal(EnvelopeKind.AccountProfile, key, plaintext, accountProfileAad(accountId, version), random));
}

/** The name; throws EnvelopeError or DecryptionError for a profile this account did not seal as `version`, AccountProfileError for one not in the layout. */
export function openAccountProfile(accountKey: Uint8Array, accountId: string, version: number, envelope: Uint8Array): string {
  return parseAccountProfile(withProfileKey(accountKey, accountId, (key) => aeadOpen(EnvelopeKind.AccountProfile, key, envelope, accountProfileAad(accountId, version))));
}
