/**
 * Items: XChaCha20-Poly1305 under the vault key, with vault id, item id and item version in
 * the AAD. Devices write envelope kind 0x09 (overview) or 0x0A (details), whose plaintext is
 * padded to a size bucket (padding.ts), and still read the unpadded kinds 0x05 and 0x06 of
 * items written before. A shared vault's attributes (its name): envelope kind 0x08 under the
 * same key, with the vault id in the AAD. A deletion: envelope kind 0x0B, an empty plaintext
 * under the vault key with the tombstone's vault id, item id and version in the AAD, so only a
 * holder of the vault key can delete an item, and only at that version.
 */

import { ITEM_KINDS, ItemAads, itemAad, vaultAttributesAad, type ItemContext, type ItemPart } from '../../../shared/crypto/aad';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { LatchkeyCryptoError } from '../../../shared/crypto/errors';
import { pad, unpaddedLength } from '../../../shared/crypto/padding';
import type { RandomSource } from '../../../shared/crypto/random';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { aeadOpen, aeadSeal } from './aead';
import { withAeadBatch, type AeadBatch } from './aead-batch';
import { publicRandom, systemRandom } from './sodium';

export type { ItemContext, ItemPart };

/** Pads the plaintext and seals it as the padded kind of `part`. */
export function encryptItemPart(
  vaultKey: SecretBytes,
  part: ItemPart,
  ctx: ItemContext,
  plaintext: Uint8Array,
  random: RandomSource = publicRandom,
): Uint8Array {
  const kind = ITEM_KINDS[part].padded;
  const padded = pad(plaintext);
  try {
    return aeadSeal(kind, vaultKey.expose(), padded, itemAad(kind, ctx), random);
  } finally {
    padded.fill(0);
  }
}

/** Opens either kind of `part` (the envelope's second byte says which) and unpads the padded one. */
export function decryptItemPart(vaultKey: SecretBytes, part: ItemPart, ctx: ItemContext, envelope: Uint8Array): Uint8Array {
  const kind = kindOf(part, envelope);
  return withAeadBatch(vaultKey.expose(), (one) => one.open(kind, envelope, itemAad(kind, ctx), readsOf(part, kind).copy));
}

/** The kind of `part` an envelope is (its second byte says which: the legacy one, else the padded one devices write). */
const kindOf = (part: ItemPart, envelope: Uint8Array) => (envelope[1] === ITEM_KINDS[part].legacy ? ITEM_KINDS[part].legacy : ITEM_KINDS[part].padded);

/**
 * How a plaintext opened in place is read, per kind (the padded one unpadded first): a copy, or its
 * JSON. Functions made once, not a closure per envelope (unlock opens every item's overview).
 */
const parseJson = (plaintext: Uint8Array): unknown => JSON.parse(decoder.decode(plaintext)) as unknown;
const unpad = (padded: Uint8Array): Uint8Array => padded.subarray(0, unpaddedLength(padded));
const READ = {
  legacy: { copy: (plaintext: Uint8Array) => plaintext.slice(), json: parseJson },
  padded: { copy: (plaintext: Uint8Array) => unpad(plaintext).slice(), json: (plaintext: Uint8Array) => parseJson(unpad(plaintext)) },
} as const;
const readsOf = (part: ItemPart, kind: number) => READ[kind === ITEM_KINDS[part].legacy ? 'legacy' : 'padded'];

/** The deletion marker for the tombstone `ctx` (its version is the tombstone's: the item's last version + 1). */
export function sealDeletionMarker(vaultKey: SecretBytes, ctx: ItemContext, random: RandomSource = systemRandom): Uint8Array {
  const kind = EnvelopeKind.ItemDeletionMarker;
  return aeadSeal(kind, vaultKey.expose(), new Uint8Array(0), itemAad(kind, ctx), random);
}

/** True iff `envelope` is the deletion marker for exactly this vault, item and version, sealed under this vault key. */
export function deletionMarkerValid(vaultKey: SecretBytes, ctx: ItemContext, envelope: Uint8Array): boolean {
  const kind = EnvelopeKind.ItemDeletionMarker;
  try {
    aeadOpen(kind, vaultKey.expose(), envelope, itemAad(kind, ctx), 0);
    return true;
  } catch (error) {
    if (error instanceof LatchkeyCryptoError) return false;
    throw error;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface VaultAttributes {
  name: string;
}

/** UTF-8 JSON `{"name": …}` under the vault key (envelope 0x08). */
export function encryptVaultAttributes(vaultKey: SecretBytes, vaultId: string, attributes: VaultAttributes, random: RandomSource = systemRandom): Uint8Array {
  return aeadSeal(EnvelopeKind.VaultAttributes, vaultKey.expose(), encoder.encode(JSON.stringify({ name: attributes.name })), vaultAttributesAad(vaultId), random);
}

/** Opens a vault's attributes; the caller validates the shape. */
export function decryptVaultAttributes(vaultKey: SecretBytes, vaultId: string, envelope: Uint8Array): unknown {
  return JSON.parse(decoder.decode(aeadOpen(EnvelopeKind.VaultAttributes, vaultKey.expose(), envelope, vaultAttributesAad(vaultId)))) as unknown;
}

/** JSON convenience: UTF-8 JSON of `value`. */
export function encryptItemJson(
  vaultKey: SecretBytes,
  part: ItemPart,
  ctx: ItemContext,
  value: unknown,
  random: RandomSource = systemRandom,
): Uint8Array {
  return encryptItemPart(vaultKey, part, ctx, encoder.encode(JSON.stringify(value)), random);
}

/** JSON convenience; the caller validates the shape (e.g. with a zod schema). `batch`: the vault key's batch when many are opened at once (aead-batch.ts). */
export function decryptItemJson(vaultKey: SecretBytes, part: ItemPart, ctx: ItemContext, envelope: Uint8Array, batch?: AeadBatch): unknown {
  const kind = kindOf(part, envelope);
  const read = readsOf(part, kind).json;
  const aad = itemAad(kind, ctx);
  return batch ? batch.open(kind, envelope, aad, read) : withAeadBatch(vaultKey.expose(), (one) => one.open(kind, envelope, aad, read));
}

/**
 * Every overview of one vault opened through one batch (unlock opens them all): the AAD of each
 * written over the last (ItemAads), no closure made per item. Answers the overview's JSON, as
 * decryptItemJson; throws as it does.
 */
export class OverviewOpener {
  readonly #aads: ItemAads;

  constructor(
    readonly batch: AeadBatch,
    vaultId: string,
  ) {
    this.#aads = new ItemAads(vaultId);
  }

  open(itemId: string, version: number, envelope: Uint8Array): unknown {
    const kind = kindOf('overview', envelope);
    return this.batch.open(kind, envelope, this.#aads.of(kind, itemId, version), readsOf('overview', kind).json);
  }
}
