/**
 * Item padding (§9.2) and item envelopes: the bucket rule, one item as devices write it now
 * (padded kinds 0x09 / 0x0A) and the same item as devices wrote it before padding (0x05 /
 * 0x06), which they still open. Ids are ones the server accepts (16 bytes, base64url).
 */

import { expect } from 'vitest';
import { ITEM_KINDS, itemAad, type ItemPart } from '../../../../src/shared/crypto/aad';
import { fromHex, toBase64Url, toHex, utf8 } from '../../../../src/shared/crypto/bytes';
import { envelopeKindName, HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../../../../src/shared/crypto/envelope';
import { bucketFor, pad, PAD_MIN_BUCKET, unpad } from '../../../../src/shared/crypto/padding';
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
const PLAINTEXTS: Record<ItemPart, string> = {
  overview: JSON.stringify({ title: 'Example Bank', username: 'alice', urls: ['https://bank.example'] }),
  details: JSON.stringify({ password: 'hunter2', notes: 'Security question: first pet? Answer: "Biscuit". '.repeat(6).trim() }),
};
/** The bytes padded in the `padding` section's example. */
const PAD_EXAMPLE = utf8('Latch');
const ctx = { vaultId: INPUTS.vaultId, itemId: INPUTS.itemId, version: INPUTS.itemVersion };
const vaultKey = () => SecretBytes.copyOf(fromHex(INPUTS.vaultKey));

interface PartVector {
  kind: string;
  plaintext: string;
  plaintextLength: number;
  /** Padded kinds only: the size bucket, i.e. the length of the padded plaintext. */
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

/** One part as devices write it now: padded, then sealed as 0x09 / 0x0A (the device's own code). */
function padded(part: ItemPart, nonce: string): PartVector {
  const kind = ITEM_KINDS[part].padded;
  const bytes = utf8(PLAINTEXTS[part]);
  const envelope = encryptItemPart(vaultKey(), part, ctx, bytes, scriptedRandom(nonce));
  return { kind: envelopeKindName(kind), plaintext: PLAINTEXTS[part], plaintextLength: bytes.length, bucket: bucketFor(bytes.length), nonce, aad: toHex(itemAad(kind, ctx)), envelope: toHex(envelope) };
}

/** The same part as devices wrote it before padding: sealed unpadded as 0x05 / 0x06. */
function legacy(part: ItemPart, nonce: string): PartVector {
  const kind = ITEM_KINDS[part].legacy;
  const bytes = utf8(PLAINTEXTS[part]);
  const envelope = aeadSeal(kind, fromHex(INPUTS.vaultKey), bytes, itemAad(kind, ctx), scriptedRandom(nonce));
  return { kind: envelopeKindName(kind), plaintext: PLAINTEXTS[part], plaintextLength: bytes.length, nonce, aad: toHex(itemAad(kind, ctx)), envelope: toHex(envelope) };
}

function item(make: (part: ItemPart, nonce: string) => PartVector, nonces: Record<ItemPart, string>): ItemVector {
  return {
    vaultKey: INPUTS.vaultKey,
    vaultIdBytes: INPUTS.vaultIdBytes,
    vaultId: INPUTS.vaultId,
    itemIdBytes: INPUTS.itemIdBytes,
    itemId: INPUTS.itemId,
    version: INPUTS.itemVersion,
    overview: make('overview', nonces.overview),
    details: make('details', nonces.details),
  };
}

/** Opens both parts with the device's reader and checks they are bound to their part, version and ids. */
function checkItem(v: ItemVector): void {
  const key = SecretBytes.copyOf(fromHex(v.vaultKey));
  const c = { vaultId: v.vaultId, itemId: v.itemId, version: v.version };
  for (const part of ['overview', 'details'] as const) {
    const env = fromHex(v[part].envelope);
    expect(decryptItemJson(key, part, c, env)).toEqual(JSON.parse(v[part].plaintext));
    const bucket = v[part].bucket;
    expect(env.length).toBe(HEADER_BYTES + NONCE_BYTES + (bucket ?? v[part].plaintextLength) + TAG_BYTES);
    expect(thrownBy(() => decryptItemJson(key, part, { ...c, version: c.version - 1 }, env))).toEqual(expect.objectContaining({ code: 'DECRYPTION_FAILED' }));
  }
  expect(thrownBy(() => decryptItemJson(key, 'overview', c, fromHex(v.details.envelope)))).toEqual(expect.objectContaining({ code: 'ENVELOPE_MALFORMED' }));
  expect(toBase64Url(fromHex(v.vaultIdBytes))).toBe(v.vaultId);
  expect(toBase64Url(fromHex(v.itemIdBytes))).toBe(v.itemId);
}

export const sections: VectorSection[] = [
  {
    name: 'padding',
    compute: () => ({
      minBucket: PAD_MIN_BUCKET,
      marker: '80',
      buckets: [0, 1, 255, 256, 511, 512, 1000, 4095, 4096].map((plaintextLength) => ({ plaintextLength, bucket: bucketFor(plaintextLength) })),
      example: { plaintext: toHex(PAD_EXAMPLE), padded: toHex(pad(PAD_EXAMPLE)) },
    }),
    check: (published) => {
      const { example } = published as { example: { plaintext: string; padded: string } };
      expect(toHex(unpad(fromHex(example.padded)))).toBe(example.plaintext);
      const junk = fromHex(example.padded);
      junk[junk.length - 1] = 1;
      expect(thrownBy(() => unpad(junk))).toEqual(expect.objectContaining({ code: 'PADDING_INVALID' }));
    },
  },
  {
    name: 'item',
    compute: (): ItemVector => item(padded, NONCES),
    check: (published) => checkItem(published as ItemVector),
  },
  {
    name: 'legacyItem',
    compute: (): ItemVector => item(legacy, { overview: NONCES.legacyOverview, details: NONCES.legacyDetails }),
    check: (published) => checkItem(published as ItemVector),
  },
];
