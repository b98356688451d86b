/**
 * Every item AAD of one vault written over the last in one buffer (ItemAads, as unlock opens every
 * overview), and the overviews opened through it (OverviewOpener): byte for byte itemAad's AAD for
 * any id (short ASCII, non-ASCII, long, one after another of other lengths) and version, the same
 * refusals, and an overview opened only for the item and version it was sealed for.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemAads, itemAad, type ItemKind } from '../../../src/shared/crypto/aad';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { DecryptionError, InvalidArgumentError } from '../../../src/shared/crypto/errors';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { utf8 } from '../../../src/shared/crypto/bytes';
import { aeadSeal } from '../../../src/main/core/crypto/aead';
import { withAeadBatch } from '../../../src/main/core/crypto/aead-batch';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { OverviewOpener, decryptItemJson, encryptItemJson } from '../../../src/main/core/crypto/vault-items';

beforeAll(initCrypto);

const kinds: ItemKind[] = [EnvelopeKind.ItemOverview, EnvelopeKind.PaddedItemOverview, EnvelopeKind.ItemDetails, EnvelopeKind.PaddedItemDetails, EnvelopeKind.ItemDeletionMarker];
const vaultId = 'VVVVVVVVVVVVVVVVVVVVVQ';

describe('ItemAads', () => {
  it('writes itemAad for every kind, id and version, call after call', () => {
    const id = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 90 }), fc.string({ minLength: 60, maxLength: 300 }));
    const item = fc.record({ kind: fc.constantFrom(...kinds), itemId: id, version: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER), fc.integer({ min: 2 ** 32 - 2, max: 2 ** 53 - 1 })) });
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.array(item, { minLength: 1, maxLength: 12 }), (vault, items) => {
        const aads = new ItemAads(vault);
        for (const { kind, itemId, version } of items) expect(aads.of(kind, itemId, version)).toEqual(itemAad(kind, { vaultId: vault, itemId, version }));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what itemAad refuses (an empty id or vault id, a version that is not a non-negative safe integer), and writes the next', () => {
    const aads = new ItemAads(vaultId);
    expect(() => new ItemAads('')).toThrow(InvalidArgumentError);
    expect(() => aads.of(EnvelopeKind.PaddedItemOverview, '', 1)).toThrow(InvalidArgumentError);
    for (const version of [-1, 1.5, 2 ** 53, Number.NaN]) expect(() => aads.of(EnvelopeKind.PaddedItemOverview, 'item', version)).toThrow(InvalidArgumentError);
    expect(() => aads.of(EnvelopeKind.PaddedItemOverview, 'x'.repeat(0x10000), 1)).toThrow(InvalidArgumentError);
    expect(aads.of(EnvelopeKind.PaddedItemOverview, 'item', 3)).toEqual(itemAad(EnvelopeKind.PaddedItemOverview, { vaultId, itemId: 'item', version: 3 }));
  });
});

describe('OverviewOpener', () => {
  const key = new SecretBytes(new Uint8Array(32).fill(3));
  const overview = { title: 'Bank', urls: ['https://bank.example'] };

  it('opens padded and legacy overviews as decryptItemJson does, only for the item and version sealed', () => {
    const padded = encryptItemJson(key, 'overview', { vaultId, itemId: 'a', version: 2 }, overview);
    const legacy = aeadSeal(EnvelopeKind.ItemOverview, key.expose(), utf8(JSON.stringify(overview)), itemAad(EnvelopeKind.ItemOverview, { vaultId, itemId: 'bb', version: 7 }));
    withAeadBatch(key.expose(), (batch) => {
      const opener = new OverviewOpener(batch, vaultId);
      expect(opener.open('a', 2, padded)).toEqual(overview);
      expect(opener.open('bb', 7, legacy)).toEqual(decryptItemJson(key, 'overview', { vaultId, itemId: 'bb', version: 7 }, legacy));
      expect(() => opener.open('b', 2, padded)).toThrow(DecryptionError);
      expect(() => opener.open('a', 3, padded)).toThrow(DecryptionError);
      expect(() => opener.open('a', 7, legacy)).toThrow(DecryptionError);
      expect(opener.open('a', 2, padded)).toEqual(overview);
    });
    withAeadBatch(key.expose(), (batch) => expect(() => new OverviewOpener(batch, 'WWWWWWWWWWWWWWWWWWWWWQ').open('a', 2, padded)).toThrow(DecryptionError));
  });
});
