/**
 * The trust record's envelope (docs/security-design.md §8.7, §9 kind 0x0D): the record's
 * canonical bytes (src/shared/crypto/trust-record.ts) under HKDF(account key, trustRecordKey),
 * AAD [accountId].
 */
import { trustRecordAad } from '../../../shared/crypto/aad';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import type { RandomSource } from '../../../shared/crypto/random';
import { encodeTrustRecord, parseTrustRecord, type TrustRecord } from '../../../shared/crypto/trust-record';
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

export function sealTrustRecord(accountKey: Uint8Array, accountId: string, record: TrustRecord, random: RandomSource = systemRandom): Uint8Array {
  const plaintext = encodeTrustRecord(record);
  return withRecordKey(accountKey, (key) => aeadSeal(EnvelopeKind.TrustRecord, key, plaintext, trustRecordAad(accountId), random));
}

/** The record; throws EnvelopeError or DecryptionError for one this account did not seal, TrustRecordError for one not in the layout. */
export function openTrustRecord(accountKey: Uint8Array, accountId: string, envelope: Uint8Array): TrustRecord {
  return parseTrustRecord(withRecordKey(accountKey, (key) => aeadOpen(EnvelopeKind.TrustRecord, key, envelope, trustRecordAad(accountId))));
}
