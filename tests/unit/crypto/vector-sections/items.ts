/**
 * Item format v2 (§8.4): one item of each type as devices write it now, its overview and details
 * JSON made by the device's own writer and sealed padded (0x09 / 0x0A). A reader opens each and
 * gets the same item back; the v1 item of the `item` section still reads, as a login.
 */

import { expect } from 'vitest';
import { ITEM_KINDS, itemAad, type ItemPart } from '../../../../src/shared/crypto/aad';
import { fromHex, toHex, utf8 } from '../../../../src/shared/crypto/bytes';
import { envelopeKindName } from '../../../../src/shared/crypto/envelope';
import { SecretBytes } from '../../../../src/shared/crypto/secret-bytes';
import type { ItemFields, ItemType } from '../../../../src/shared/vault/item-fields';
import { decryptItemJson, encryptItemPart } from '../../../../src/main/core/crypto/vault-items';
import { itemParts, readItem, readOverview, type ItemRecord } from '../../../../src/main/core/vault/item-format';
import type { VectorBlock } from '../doc-vectors';
import { INPUTS, scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const common = { tags: [], favourite: false, customFields: [] };
/** The item of each type, with its password history and Recently Deleted state. */
const RECORDS: Record<ItemType, ItemRecord> = {
  login: {
    fields: {
      type: 'login',
      title: 'Example Mail',
      notes: 'Recovery phone ends 42',
      tags: ['Personal', 'Email'],
      favourite: true,
      customFields: [{ label: 'Recovery PIN', kind: 'hidden', value: '8812' }],
      username: 'alice@mail.example',
      password: 'correct horse battery staple',
      urls: ['https://mail.example', 'https://login.mail.example'],
      otp: 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example',
    },
    history: [{ password: 'hunter2', changedAt: '2026-11-30T08:15:00.000Z' }],
    trashedAt: null,
  },
  note: { fields: { type: 'note', title: 'Wi-Fi', notes: 'Network: Latch\nKey: 7 blue herons', ...common }, history: [], trashedAt: null },
  card: {
    fields: { type: 'card', title: 'Travel card', notes: '', ...common, cardholder: 'Alice Example', number: '4111 1111 1111 1111', expiry: '04/2031', securityCode: '123', pin: '0000' },
    history: [],
    trashedAt: '2026-12-01T10:00:00.000Z',
  },
  identity: {
    fields: { type: 'identity', title: 'Me', notes: '', ...common, customFields: [{ label: 'Passport expires', kind: 'date', value: '2030-05-01' }], fullName: 'Alice Example', address: '1 Example Road\nSpringfield', phone: '+1 555 0100', email: 'alice@example.com', birthDate: '1990-02-28' },
    history: [],
    trashedAt: null,
  },
  password: { fields: { type: 'password', title: 'Router admin', notes: '', tags: ['Home'], favourite: false, customFields: [], password: 'r0uter!' }, history: [], trashedAt: null },
};
/** Nonces: byte n of type t's overview is 0x10·(t+1) + n, its details' 0x80 + the same. */
const nonce = (t: number, part: ItemPart): string => toHex(Uint8Array.from({ length: 24 }, (_, n) => ((part === 'overview' ? 0 : 0x80) + 0x10 * (t + 1) + n) & 0xff));
const ctx = { vaultId: INPUTS.vaultId, itemId: INPUTS.itemId, version: INPUTS.itemVersion };

interface PartVector {
  kind: string;
  plaintext: string;
  nonce: string;
  aad: string;
  envelope: string;
}
type TypeVector = Record<ItemPart, PartVector>;
interface ItemsV2Vector {
  vaultKey: string;
  vaultId: string;
  itemId: string;
  version: number;
  items: Record<ItemType, TypeVector>;
}

function sealPart(part: ItemPart, json: unknown, n: string): PartVector {
  const kind = ITEM_KINDS[part].padded;
  const plaintext = JSON.stringify(json);
  const envelope = encryptItemPart(SecretBytes.copyOf(fromHex(INPUTS.vaultKey)), part, ctx, utf8(plaintext), scriptedRandom(n));
  return { kind: envelopeKindName(kind), plaintext, nonce: n, aad: toHex(itemAad(kind, ctx)), envelope: toHex(envelope) };
}

function compute(): ItemsV2Vector {
  const items = Object.fromEntries(
    (Object.keys(RECORDS) as ItemType[]).map((type, t) => {
      const { overview, details } = itemParts(RECORDS[type]);
      return [type, { overview: sealPart('overview', overview, nonce(t, 'overview')), details: sealPart('details', details, nonce(t, 'details')) }];
    }),
  ) as Record<ItemType, TypeVector>;
  return { vaultKey: INPUTS.vaultKey, vaultId: INPUTS.vaultId, itemId: INPUTS.itemId, version: INPUTS.itemVersion, items };
}

/** Opens both parts of a published item and reads them with the device's reader. */
function open(v: { vaultKey: string; vaultId: string; itemId: string; version: number }, item: Record<ItemPart, { envelope: string }>): ItemRecord {
  const key = SecretBytes.copyOf(fromHex(v.vaultKey));
  const c = { vaultId: v.vaultId, itemId: v.itemId, version: v.version };
  const overview = readOverview(decryptItemJson(key, 'overview', c, fromHex(item.overview.envelope)));
  return readItem(overview, decryptItemJson(key, 'details', c, fromHex(item.details.envelope)));
}

function check(published: unknown, block: VectorBlock): void {
  const v = published as ItemsV2Vector;
  for (const type of Object.keys(RECORDS) as ItemType[]) {
    expect(open(v, v.items[type])).toEqual(RECORDS[type]);
    expect(Object.keys(JSON.parse(v.items[type].overview.plaintext) as object)).toEqual(['v', 'type', 'title', 'subtitle', 'urls', 'tags', 'favourite', 'hasOtp', 'trashedAt', 'notesStart']);
  }
  // v1: the `item` section's login (no "v") reads as a login with every newer field empty.
  const v1 = block.item as Parameters<typeof open>[0] & Record<ItemPart, { envelope: string; plaintext: string }>;
  const { title, username, urls } = JSON.parse(v1.overview.plaintext) as { title: string; username: string; urls: string[] };
  const { password, notes } = JSON.parse(v1.details.plaintext) as { password: string; notes: string };
  const login: ItemFields = { type: 'login', title, notes, tags: [], favourite: false, customFields: [], username, password, urls, otp: '' };
  expect(open(v1, v1)).toEqual({ fields: login, history: [], trashedAt: null });
}

export const sections: VectorSection[] = [{ name: 'itemsV2', compute, check }];
