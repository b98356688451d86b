/**
 * The deletion marker (envelope 0x0B, §8.4): an empty plaintext sealed under the vault key for
 * one vault, item and tombstone version. It verifies only for exactly those, under that key;
 * anything else (another vault, item, version or key, another kind, a plaintext, random or
 * mutated bytes) is not a deletion, and the check never throws. Fuzzed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemAad } from '../../../src/shared/crypto/aad';
import { EnvelopeKind, HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../../../src/shared/crypto/envelope';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { aeadSeal } from '../../../src/main/core/crypto/aead';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { deletionMarkerValid, encryptItemPart, sealDeletionMarker } from '../../../src/main/core/crypto/vault-items';

beforeAll(initCrypto);

const key = () => SecretBytes.copyOf(new Uint8Array(32).fill(7));
const ctx = { vaultId: 'AAAAAAAAAAAAAAAAAAAAAA', itemId: 'AQEBAQEBAQEBAQEBAQEBAQ', version: 4 };

describe('the deletion marker', () => {
  it('is the 42 bytes of an empty plaintext, and verifies for its own vault, item, version and key', () => {
    const marker = sealDeletionMarker(key(), ctx);
    expect([marker.length, marker[0], marker[1]]).toEqual([HEADER_BYTES + NONCE_BYTES + TAG_BYTES, 0x01, 0x0b]);
    expect(deletionMarkerValid(key(), ctx, marker)).toBe(true);
  });

  it('does not verify for another vault, item, version or key', () => {
    const marker = sealDeletionMarker(key(), ctx);
    const others = [
      { ...ctx, vaultId: 'AAAAAAAAAAAAAAAAAAAAAQ' },
      { ...ctx, itemId: 'AQEBAQEBAQEBAQEBAQEBAA' },
      { ...ctx, version: ctx.version - 1 },
      { ...ctx, version: ctx.version + 1 },
    ];
    expect(others.map((other) => deletionMarkerValid(key(), other, marker))).toEqual([false, false, false, false]);
    expect(deletionMarkerValid(SecretBytes.copyOf(new Uint8Array(32).fill(8)), ctx, marker)).toBe(false);
  });

  it("is not another kind's envelope, nor a marker with a plaintext, nor an item's own envelope", () => {
    const withPlaintext = aeadSeal(EnvelopeKind.ItemDeletionMarker, key().expose(), new Uint8Array([1]), itemAad(EnvelopeKind.ItemDeletionMarker, ctx));
    const overview = encryptItemPart(key(), 'overview', ctx, new Uint8Array(0));
    const relabelled = sealDeletionMarker(key(), ctx);
    relabelled[1] = EnvelopeKind.PaddedItemOverview;
    expect([withPlaintext, overview, relabelled].map((bytes) => deletionMarkerValid(key(), ctx, bytes))).toEqual([false, false, false]);
  });

  it('fuzzed: random bytes are never a deletion, and the check never throws (100,000 runs)', () => {
    const k = key();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (bytes, withHeader) => {
        if (withHeader && bytes.length >= 2) bytes.set([0x01, 0x0b]);
        expect(deletionMarkerValid(k, ctx, bytes)).toBe(false);
      }),
      { numRuns: 100_000 },
    );
  });

  it('fuzzed: a real marker with any byte changed, cut or lengthened is never a deletion (100,000 runs)', () => {
    const k = key();
    const marker = sealDeletionMarker(k, ctx);
    fc.assert(
      fc.property(fc.nat(marker.length - 1), fc.integer({ min: 1, max: 255 }), fc.integer({ min: -3, max: 3 }), (at, flip, resize) => {
        const changed = new Uint8Array(Math.max(0, marker.length + resize));
        changed.set(marker.subarray(0, Math.min(marker.length, changed.length)));
        if (resize === 0) changed[at] = changed[at]! ^ flip;
        expect(deletionMarkerValid(k, ctx, changed)).toBe(false);
      }),
      { numRuns: 100_000 },
    );
  });
});
