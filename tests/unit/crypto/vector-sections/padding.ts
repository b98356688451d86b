/**
 * Item padding (§9.2) and item envelopes: the bucket rule, an item as devices write it now
 * (padded kinds 0x09 / 0x0A) and an item as written before padding (0x05 / 0x06), which
 * devices still open. Ids are ones the server accepts (16 bytes, base64url).
 */

import { expect } from 'vitest';
import { ITEM_KINDS, itemAad, type ItemPart } from '../../../../src/shared/crypto/aad';
import { fromHex, toHex, utf8 } from '../../../../src/shared/crypto/bytes';
import { HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../../../../src/shared/crypto/envelope';
import { bucketFor, pad, PAD_MIN_BUCKET } from '../../../../src/shared/crypto/padding';
import { SecretBytes } from '../../../../src/shared/crypto/secret-bytes';
import { aeadSeal } from '../../../../src/main/core/crypto/aead';
import { decryptItemJson, encryptItemPart } from '../../../../src/main/core/crypto/vault-items';
import { thrownBy } from '../../../support/thrown';
import { INPUTS, scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const NONCES = {
  overview: '404142434445464748494a4b4c4d4e4f5051525354555657',
  details: '505152535455565758595a5b5c5d5e5f6061626364656667',
  legacyOverview: '707172737475767778797a7b7c7d7e7f8081828384858687',
  legacyDetails: '808182838485868788898a8b8c8d8e8f9091929394959697',
};
/** The overview and details JSON, keys in the order devices write them (§8.4). */
const OVERVIEW = JSON.stringify({ title: 'Example Bank', username: 'alice', urls: ['https://bank.example'] });
const DETAILS = JSON.stringify({ password: 'hunter2', notes: 'Security question: first pet? Answer: "Biscuit". '.repeat(6).trim() });
const ctx = { vaultId: INPUTS.vaultId, itemId: INPUTS.itemId, version: INPUTS.itemVersion };
const vaultKey = () => SecretBytes.copyOf(fromHex(INPUTS.vaultKey));

interface PartVector {
  kind: string;
  plaintext: string;
  plaintextLength: number;
  bucket?: number;
  nonce: string;
  aad: string;
  envelope: string;
}
interface ItemVector {
  vaultKey: string;
  vaultIdBytes: string;
  vaultId: string;
  itemIdBytes: string;
  itemId: string;
  version: number;
  overview: PartVector;
  details: PartVector;
}

function header(item: Omit<ItemVector, 'overview' | 'details'> | ItemVector) {
  return { vaultKey: item.vaultKey, vaultIdBytes: item.vaultIdBytes, vaultId: item.vaultId, itemIdBytes: item.itemIdBytes, itemId: item.itemId, version: item.version };
}
const inputs = header({ vaultKey: INPUTS.vaultKey, vaultIdBytes: INPUTS.vaultIdBytes, vaultId: INPUTS.vaultId, itemIdBytes: INPUTS.itemIdBytes, itemId: INPUTS.itemId, version: INPUTS.itemVersion });
const kindHex = (kind: number) => `0x${kind.toString(16).padStart(2, '0')}`;

function padded(part: ItemPart, plaintext: string, nonce: string): PartVector {
  const kind = ITEM_KINDS[part].padded;
  const bytes = utf8(plaintext);
  const envelope = encryptItemPart(vaultKey(), part, ctx, bytes, scriptedRandom(nonce));
  return { kind: kindHex(kind), plaintext, plaintextLength: bytes.length, bucket: bucketFor(bytes.length), nonce, aad: toHex(itemAad(kind, ctx)), envelope: toHex(envelope) };
}

function legacy(part: ItemPart, plaintext: string, nonce: string): PartVector {
  const kind = ITEM_KINDS[part].legacy;
  const bytes = utf8(plaintext);
  const envelope = aeadSeal(kind, fromHex(INPUTS.vaultKey), bytes, itemAad(kind, ctx), scriptedRandom(nonce));
  return { kind: kindHex(kind), plaintext, plaintextLength: bytes.length, nonce, aad: toHex(itemAad(kind, ctx)), envelope: toHex(envelope) };
}

/** Opens both parts with the device's reader and checks they are bound to their part and context. */
function checkItem(v: ItemVector): void {
  const c = { vaultId: v.vaultId, itemId: v.itemId, version: v.version };
  for (const part of ['overview', 'details'] as const) {
    const env = fromHex(v[part].envelope);
    expect(decryptItemJson(vaultKey(), part, c, env)).toEqual(JSON.parse(v[part].plaintext));
    if (v[part].bucket !== undefined) expect(env.length).toBe(HEADER_BYTES + NONCE_BYTES + v[part].bucket + TAG_BYTES);
    expect(thrownBy(() => decryptItemJson(vaultKey(), part, { ...c, version: c.version - 1 }, env))).toEqual(expect.objectContaining({ code: 'DECRYPTION_FAILED' }));
  }
  expect(thrownBy(() => decryptItemJson(vaultKey(), 'overview', c, fromHex(v.details.envelope)))).toEqual(expect.objectContaining({ code: 'ENVELOPE_MALFORMED' }));
  expect(toBase64(v.vaultIdBytes)).toBe(v.vaultId);
  expect(toBase64(v.itemIdBytes)).toBe(v.itemId);
}
const toBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

export const sections: VectorSection[] = [
  {
    name: 'padding',
    compute: () => ({
      minBucket: PAD_MIN_BUCKET,
      marker: '80',
      buckets: [0, 1, 255, 256, 511, 512, 1000, 4095, 4096].map((plaintextLength) => ({ plaintextLength, bucket: bucketFor(plaintextLength) })),
      example: { plaintext: '4c61746368', padded: toHex(pad(fromHex('4c61746368'))) },
    }),
  },
  {
    name: 'item',
    compute: (): ItemVector => ({ ...inputs, overview: padded('overview', OVERVIEW, NONCES.overview), details: padded('details', DETAILS, NONCES.details) }),
    check: (published) => checkItem(published as ItemVector),
  },
  {
    name: 'legacyItem',
    compute: (): ItemVector => ({ ...inputs, overview: legacy('overview', OVERVIEW, NONCES.legacyOverview), details: legacy('details', INPUTS.details, NONCES.legacyDetails) }),
    check: (published) => checkItem(published as ItemVector),
  },
];
