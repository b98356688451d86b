/**
 * The trust record's envelope (docs/security-design.md §8.7, §9 kind 0x0D): a UTF-8 JSON
 * plaintext under HKDF(account key, trustRecordKey), AAD [accountId].
 */
import { trustRecordAad } from '../../../shared/crypto/aad';
import { utf8 } from '../../../shared/crypto/bytes';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import type { RandomSource } from '../../../shared/crypto/random';
import { aeadOpen, aeadSeal, KEY_BYTES } from './aead';
import { hkdfSha256 } from './hkdf';
import { systemRandom } from './sodium';

function withRecordKey<T>(accountKey: Uint8Array, use: (key: Uint8Array) => T): T {
  const key = hkdfSha256(accountKey, new Uint8Array(0), HKDF_LABELS.trustRecordKey, KEY_BYTES);
  try {
    return use(key);
  } finally {
    key.fill(0);
  }
}

export function sealTrustRecord(accountKey: Uint8Array, accountId: string, plaintext: string, random: RandomSource = systemRandom): Uint8Array {
  return withRecordKey(accountKey, (key) => aeadSeal(EnvelopeKind.TrustRecord, key, utf8(plaintext), trustRecordAad(accountId), random));
}

/** The plaintext; throws EnvelopeError or DecryptionError for a record this account did not seal. */
export function openTrustRecord(accountKey: Uint8Array, accountId: string, envelope: Uint8Array): string {
  return withRecordKey(accountKey, (key) => new TextDecoder('utf-8', { fatal: true }).decode(aeadOpen(EnvelopeKind.TrustRecord, key, envelope, trustRecordAad(accountId))));
}
