/**
 * The offline cache's title index, format 1 (§13.1): the vector vault's key and id, three items (two titles equal but
 * for case), their keys, tags and the whole file, written by the device's own writer. The check recomputes the keys
 * with HKDF and every tag and the MAC with libsodium's own crypto_shorthash (not the batch hasher the device uses),
 * pins SipHash-2-4 to its reference answer, and reads the file back as the command line does.
 */
import { expect } from 'vitest';
import sodium from 'libsodium-wrappers';
import { concatBytes, fromHex, toHex, u64be, utf8 } from '../../../../src/shared/crypto/bytes';
import { HKDF_LABELS } from '../../../../src/shared/crypto/labels';
import { SecretBytes } from '../../../../src/shared/crypto/secret-bytes';
import { hkdfSha256 } from '../../../../src/main/core/crypto/hkdf';
import { titleIndexKeys } from '../../../../src/main/core/crypto/title-tags';
import { sealRecord } from '../../../../src/main/core/offline/sealed-item';
import { encodeTitleIndex, titleFilter, TITLE_INDEX_FORMAT } from '../../../../src/main/core/offline/title-index';
import { INPUTS } from '../vector-cases';
import type { VectorSection } from './section';

interface TitleIndexVector {
  format: number;
  vaultId: string;
  vaultKey: string;
  items: { itemId: string; version: number; title: string }[];
  /** HKDF(vault key, UTF-8 vault id, the label, 32): its first 16 bytes, then its last 16. */
  tagKey: string;
  macKey: string;
  /** Each item's tag, and each tag's message (u32(n) ‖ itemId ‖ u64(version) ‖ UTF-8(lower-cased title)). */
  messages: string[];
  tags: string[];
  /** The whole file, hex (its last 8 bytes are the MAC). */
  file: string;
  /** SipHash-2-4's reference answer: key 00 01 … 0f, the empty message. */
  sipHashReference: { key: string; message: string; hash: string };
}

const ITEMS = [
  { itemId: INPUTS.itemId, version: INPUTS.itemVersion, title: 'Example Mail' },
  { itemId: 'AAECAwQFBgcICQoLDA0ODw', version: 1, title: 'Bank of Nowhere' },
  { itemId: 'EBESExQVFhcYGRobHB0eHw', version: 2 ** 40 + 7, title: 'EXAMPLE MAIL' },
];

const messageOf = ({ itemId, version, title }: (typeof ITEMS)[number]) => {
  const id = utf8(itemId);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, id.length);
  return concatBytes(length, id, u64be(version), utf8(title.toLowerCase()));
};

async function compute(): Promise<TitleIndexVector> {
  await sodium.ready;
  const vaultKey = () => SecretBytes.copyOf(fromHex(INPUTS.vaultKey));
  const { tagKey, macKey } = titleIndexKeys(vaultKey(), INPUTS.vaultId);
  const messages = ITEMS.map(messageOf);
  const reference = fromHex('000102030405060708090a0b0c0d0e0f');
  return {
    format: TITLE_INDEX_FORMAT,
    vaultId: INPUTS.vaultId,
    vaultKey: INPUTS.vaultKey,
    items: ITEMS,
    tagKey: toHex(tagKey),
    macKey: toHex(macKey),
    messages: messages.map(toHex),
    tags: messages.map((message) => toHex(sodium.crypto_shorthash(message, tagKey))),
    file: toHex(encodeTitleIndex(vaultKey(), INPUTS.vaultId, ITEMS)),
    sipHashReference: { key: toHex(reference), message: '', hash: toHex(sodium.crypto_shorthash(new Uint8Array(0), reference)) },
  };
}

async function check(published: unknown): Promise<void> {
  await sodium.ready;
  const v = published as TitleIndexVector;
  expect(v.sipHashReference.hash).toBe('310e0edd47db6f72');
  const keys = hkdfSha256(fromHex(v.vaultKey), utf8(v.vaultId), HKDF_LABELS.titleIndexKeys, 32);
  expect([toHex(keys.subarray(0, 16)), toHex(keys.subarray(16))]).toEqual([v.tagKey, v.macKey]);
  expect(v.items.map((item) => toHex(sodium.crypto_shorthash(messageOf(item), fromHex(v.tagKey))))).toEqual(v.tags);
  // file = "LKTI" ‖ u32(1) ‖ u32(rows) ‖ (message head ‖ tag) × rows ‖ MAC over everything before it.
  const file = Buffer.from(fromHex(v.file));
  const header = concatBytes(utf8('LKTI'), fromHex('00000001'), fromHex('00000003'));
  const entries = v.items.map((item, i) => concatBytes(messageOf(item).subarray(0, messageOf(item).length - utf8(item.title.toLowerCase()).length), fromHex(v.tags[i]!)));
  const body = concatBytes(header, ...entries);
  expect(v.file).toBe(toHex(concatBytes(body, sodium.crypto_shorthash(body, fromHex(v.macKey)))));
  const filter = titleFilter(SecretBytes.copyOf(fromHex(v.vaultKey)), v.vaultId, file, 'example mail')!;
  const records = v.items.map(({ itemId, version }) => sealRecord({ itemId, version, updatedAt: '2026-12-01T10:00:00.000Z', overview: new Uint8Array(0), details: new Uint8Array(0) }));
  expect(records.map((record, position) => filter(record, position))).toEqual([true, false, true]);
}

export const sections: VectorSection[] = [{ name: 'offlineCacheTitleIndex', compute, check }];
