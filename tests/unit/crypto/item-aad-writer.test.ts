/**
 * An item's AAD written straight where it is used (itemAadWriter, as unlock opens every overview):
 * the very bytes of itemAad for any vault id, item id, version and item kind (ASCII ids written
 * character by character, any other through itemAad), at any offset, and the same refusals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemAad, itemAadWriter, type ItemKind } from '../../../src/shared/crypto/aad';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { InvalidArgumentError } from '../../../src/shared/crypto/errors';

const kinds: ItemKind[] = [EnvelopeKind.PaddedItemOverview, EnvelopeKind.PaddedItemDetails, EnvelopeKind.ItemOverview, EnvelopeKind.ItemDetails, EnvelopeKind.ItemDeletionMarker];
const written = (kind: ItemKind, ctx: { vaultId: string; itemId: string; version: number }, at: number) => {
  const writer = itemAadWriter(kind, ctx);
  const into = new Uint8Array(at + writer.length + 3).fill(0xee);
  writer.write(into, at);
  expect([...into.subarray(0, at), ...into.subarray(at + writer.length)].every((byte) => byte === 0xee)).toBe(true);
  return into.slice(at, at + writer.length);
};

describe("an item's AAD written in place", () => {
  it('is the bytes of itemAad, for ids of base64url, of any text, and any version', () => {
    const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), fc.string({ minLength: 1, maxLength: 80 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }));
    fc.assert(
      fc.property(fc.constantFrom(...kinds), id, id, fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.maxSafeNat()), fc.nat(40), (kind, vaultId, itemId, version, at) => {
        expect(written(kind, { vaultId, itemId, version }, at)).toEqual(itemAad(kind, { vaultId, itemId, version }));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what itemAad refuses: an empty id, a version that is not a non-negative safe integer', () => {
    const kind = EnvelopeKind.PaddedItemOverview;
    for (const ctx of [{ vaultId: '', itemId: 'a', version: 1 }, { vaultId: 'a', itemId: '', version: 1 }, { vaultId: 'a', itemId: 'b', version: -1 }, { vaultId: 'a', itemId: 'b', version: 1.5 }, { vaultId: 'a', itemId: 'b', version: 2 ** 53 }]) {
      expect(() => itemAad(kind, ctx)).toThrow(InvalidArgumentError);
      expect(() => itemAadWriter(kind, ctx)).toThrow(InvalidArgumentError);
    }
  });
});
