/**
 * Associated data of every AEAD envelope:
 *   AAD = version (1) ‖ kind (1) ‖ field_1 ‖ … ‖ field_n,  field = u16be(length) ‖ bytes
 * Strings are UTF-8; integers are u64 big-endian. The fields of each kind are fixed (below),
 * so the encoding is injective and the header bytes are authenticated too.
 */

import { concatBytes, u64be, utf8 } from './bytes';
import { InvalidArgumentError } from './errors';
import { ENVELOPE_VERSION, EnvelopeKind, type AeadKind } from './envelope';

function requireId(name: string, value: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError(`${name} must be a non-empty string`);
  return utf8(value);
}

/** Written into one array: every item's envelope needs its own at unlock. */
export function buildAad(kind: AeadKind, fields: Uint8Array[]): Uint8Array {
  let length = 2;
  for (const field of fields) {
    if (field.length > 0xffff) throw new InvalidArgumentError('AAD field too long');
    length += 2 + field.length;
  }
  const out = new Uint8Array(length);
  out[0] = ENVELOPE_VERSION;
  out[1] = kind;
  let offset = 2;
  for (const field of fields) {
    out[offset] = field.length >> 8;
    out[offset + 1] = field.length & 0xff;
    out.set(field, offset + 2);
    offset += 2 + field.length;
  }
  return out;
}

/** Kind 0x01: fields [accountId]. */
export function accountKeyAad(accountId: string): Uint8Array {
  return buildAad(EnvelopeKind.AccountKeyByAuk, [requireId('accountId', accountId)]);
}

/** Kind 0x0D: fields [accountId]. */
export function trustRecordAad(accountId: string): Uint8Array {
  return buildAad(EnvelopeKind.TrustRecord, [requireId('accountId', accountId)]);
}

/** Kind 0x0F: fields [accountId, u64be(profile version)]. */
export function accountProfileAad(accountId: string, version: number): Uint8Array {
  return buildAad(EnvelopeKind.AccountProfile, [requireId('accountId', accountId), u64be(version)]);
}

/** Kind 0x0E: fields [localUuid (the account's id on this device), u64be(expiresAt, ms since the epoch)]. */
export function cliSessionAad(localUuid: string, expiresAtMs: number): Uint8Array {
  return buildAad(EnvelopeKind.CliSession, [requireId('localUuid', localUuid), u64be(expiresAtMs)]);
}

/** Kind 0x02: fields [accountId]. */
export function recoveryWrapAad(accountId: string): Uint8Array {
  return buildAad(EnvelopeKind.AccountKeyByRecovery, [requireId('accountId', accountId)]);
}

/** Kind 0x03: fields [accountId, keysetId, x25519 public key, ed25519 public key]. */
export function keysetAad(accountId: string, keysetId: string, boxPublicKey: Uint8Array, signPublicKey: Uint8Array): Uint8Array {
  return buildAad(EnvelopeKind.KeysetPrivate, [
    requireId('accountId', accountId),
    requireId('keysetId', keysetId),
    boxPublicKey,
    signPublicKey,
  ]);
}

export type ItemPart = 'overview' | 'details';

export interface ItemContext {
  readonly vaultId: string;
  readonly itemId: string;
  /** Item version, incremented on every change; a rolled-back ciphertext fails to open. */
  readonly version: number;
}

/** The envelope kinds of each item part: the one devices write (padded) and the one they still read. */
export const ITEM_KINDS = {
  overview: { padded: EnvelopeKind.PaddedItemOverview, legacy: EnvelopeKind.ItemOverview },
  details: { padded: EnvelopeKind.PaddedItemDetails, legacy: EnvelopeKind.ItemDetails },
} as const;
export type ItemKind = (typeof ITEM_KINDS)[ItemPart][keyof (typeof ITEM_KINDS)[ItemPart]] | typeof EnvelopeKind.ItemDeletionMarker;

/** Kinds 0x05 / 0x06 / 0x09 / 0x0A and the deletion marker 0x0B: fields [vaultId, itemId, u64be(version)]. */
export function itemAad(kind: ItemKind, ctx: ItemContext): Uint8Array {
  return buildAad(kind, [requireId('vaultId', ctx.vaultId), requireId('itemId', ctx.itemId), u64be(ctx.version)]);
}

/**
 * The item AADs of one vault (as itemAad), each written over the last in one buffer: the vault's
 * field once, then only the item's id and version (unlock builds one per item, and allocated five
 * arrays each). The answer is a view of that buffer, valid until the next call.
 */
export class ItemAads {
  #bytes: Uint8Array;
  readonly #itemAt: number;
  #view: Uint8Array;

  constructor(vaultId: string) {
    const vault = buildAad(EnvelopeKind.ItemOverview, [requireId('vaultId', vaultId)]);
    this.#itemAt = vault.length;
    this.#bytes = new Uint8Array(vault.length + 64 + 12);
    this.#bytes.set(vault);
    this.#view = this.#bytes;
  }

  of(kind: ItemKind, itemId: string, version: number): Uint8Array {
    if (!Number.isSafeInteger(version) || version < 0) throw new InvalidArgumentError('Expected a non-negative safe integer');
    let at = this.#itemAt + 2;
    // Ids are base64url: ASCII is copied here, anything else encoded.
    for (let i = 0; i < itemId.length && at >= 0; i++) {
      const c = itemId.charCodeAt(i);
      if (c > 0x7f || at >= this.#bytes.length - 12) at = -1;
      else this.#bytes[at++] = c;
    }
    if (at < 0) at = this.#writeId(requireId('itemId', itemId));
    else if (at === this.#itemAt + 2) requireId('itemId', itemId);
    const idLength = at - this.#itemAt - 2;
    const bytes = this.#bytes;
    [bytes[1], bytes[this.#itemAt], bytes[this.#itemAt + 1], bytes[at], bytes[at + 1]] = [kind, idLength >> 8, idLength & 0xff, 0, 8];
    let [high, low] = [Math.floor(version / 2 ** 32), version >>> 0];
    for (let i = 7; i >= 4; i--, low >>>= 8) bytes[at + 2 + i] = low & 0xff;
    for (let i = 3; i >= 0; i--, high = Math.floor(high / 256)) bytes[at + 2 + i] = high & 0xff;
    const length = at + 10;
    if (this.#view.length !== length || this.#view.buffer !== bytes.buffer) this.#view = bytes.subarray(0, length);
    return this.#view;
  }

  /** Writes an id that is not short ASCII (growing the buffer), answering where its field ends. */
  #writeId(id: Uint8Array): number {
    if (id.length > 0xffff) throw new InvalidArgumentError('AAD field too long');
    if (this.#bytes.length < this.#itemAt + 2 + id.length + 10) {
      const grown = new Uint8Array(this.#itemAt + 2 + id.length + 10 + 64);
      grown.set(this.#bytes.subarray(0, this.#itemAt));
      this.#bytes = grown;
    }
    this.#bytes.set(id, this.#itemAt + 2);
    return this.#itemAt + 2 + id.length;
  }
}

/** Kind 0x08: fields [vaultId]. */
export function vaultAttributesAad(vaultId: string): Uint8Array {
  return buildAad(EnvelopeKind.VaultAttributes, [requireId('vaultId', vaultId)]);
}

/** Kind 0x0C: fields [accountId]. */
export function deviceStateAad(accountId: string): Uint8Array {
  return buildAad(EnvelopeKind.DeviceStateRecord, [requireId('accountId', accountId)]);
}

/** Plaintext of a sealed vault-key grant: vault key (32) ‖ UTF-8 vault id. */
export function vaultGrantPlaintext(vaultKey: Uint8Array, vaultId: string): Uint8Array {
  return concatBytes(vaultKey, requireId('vaultId', vaultId));
}
