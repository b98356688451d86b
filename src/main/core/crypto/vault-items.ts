/**
 * Items: XChaCha20-Poly1305 under the vault key, envelope kind 0x05 (overview) or 0x06
 * (details), with vault id, item id and item version in the AAD. A shared vault's
 * attributes (its name): envelope kind 0x08 under the same key, with the vault id in the AAD.
 */

import { itemAad, vaultAttributesAad, type ItemContext, type ItemPart } from '../../../shared/crypto/aad';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import type { RandomSource } from '../../../shared/crypto/random';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { aeadOpen, aeadSeal } from './aead';
import { systemRandom } from './sodium';

export type { ItemContext, ItemPart };

function kindOf(part: ItemPart) {
  return part === 'overview' ? EnvelopeKind.ItemOverview : EnvelopeKind.ItemDetails;
}

export function encryptItemPart(
  vaultKey: SecretBytes,
  part: ItemPart,
  ctx: ItemContext,
  plaintext: Uint8Array,
  random: RandomSource = systemRandom,
): Uint8Array {
  return aeadSeal(kindOf(part), vaultKey.expose(), plaintext, itemAad(part, ctx), random);
}

export function decryptItemPart(vaultKey: SecretBytes, part: ItemPart, ctx: ItemContext, envelope: Uint8Array): Uint8Array {
  return aeadOpen(kindOf(part), vaultKey.expose(), envelope, itemAad(part, ctx));
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

/** JSON convenience; the caller validates the shape (e.g. with a zod schema). */
export function decryptItemJson(vaultKey: SecretBytes, part: ItemPart, ctx: ItemContext, envelope: Uint8Array): unknown {
  const bytes = decryptItemPart(vaultKey, part, ctx, envelope);
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } finally {
    bytes.fill(0);
  }
}
