/**
 * Item padding (§9.2): the bucket rule, the padded item kinds 0x09 / 0x0A, reading the old
 * unpadded kinds 0x05 / 0x06, and the unpadder's refusals, fuzzed.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ITEM_KINDS, itemAad } from '../../../src/shared/crypto/aad';
import { HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../../../src/shared/crypto/envelope';
import { PaddingError } from '../../../src/shared/crypto/errors';
import { bucketFor, isBucket, pad, unpad } from '../../../src/shared/crypto/padding';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { aeadSeal } from '../../../src/main/core/crypto/aead';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { decryptItemPart, encryptItemPart } from '../../../src/main/core/crypto/vault-items';
import { thrownBy } from '../../support/thrown';

beforeAll(initCrypto);

const key = () => SecretBytes.copyOf(new Uint8Array(32).fill(7));
const ctx = { vaultId: 'AAAAAAAAAAAAAAAAAAAAAA', itemId: 'AQEBAQEBAQEBAQEBAQEBAQ', version: 2 };

describe('the bucket rule', () => {
  it('pads to the smallest power of two from 256 that holds the plaintext and its 0x80', () => {
    const cases = [0, 1, 255, 256, 511, 512, 1000, 4095, 4096].map((n) => [n, bucketFor(n)]);
    expect(cases).toEqual([
      [0, 256],
      [1, 256],
      [255, 256],
      [256, 512],
      [511, 512],
      [512, 1024],
      [1000, 1024],
      [4095, 4096],
      [4096, 8192],
    ]);
  });

  it('knows the buckets', () => {
    expect([256, 512, 1024, 65536].every(isBucket)).toBe(true);
    expect([0, 1, 128, 255, 257, 384, 768, 1023, 256.5, Number.NaN, -256, Number.POSITIVE_INFINITY].some(isBucket)).toBe(false);
  });

  it('round-trips every length and lays the bytes out as plaintext ‖ 0x80 ‖ zeros', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1500 }), (plaintext) => {
        const padded = pad(plaintext);
        expect(padded.length).toBe(bucketFor(plaintext.length));
        expect(padded.subarray(0, plaintext.length)).toEqual(plaintext);
        expect(padded[plaintext.length]).toBe(0x80);
        expect(padded.subarray(plaintext.length + 1).every((b) => b === 0)).toBe(true);
        expect(unpad(padded)).toEqual(plaintext);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the unpadder', () => {
  it('refuses a length that is not a bucket, a missing 0x80, non-zero bytes after the 0x80, and a larger bucket than needed', () => {
    const good = pad(Uint8Array.of(1, 2, 3));
    const noMarker = good.slice();
    noMarker[3] = 0;
    const junkAfter = good.slice();
    junkAfter[200] = 1;
    const otherMarker = good.slice();
    otherMarker[3] = 0x81;
    const tooLarge = new Uint8Array(512);
    tooLarge.set(good);
    for (const bad of [good.subarray(0, 255), new Uint8Array(0), Uint8Array.of(1, 0x80), noMarker, new Uint8Array(256), junkAfter, otherMarker, tooLarge]) {
      expect(thrownBy(() => unpad(bad))).toEqual(expect.objectContaining({ code: 'PADDING_INVALID' }));
    }
  });

  it('fuzz: 100,000 inputs throw only PaddingError, and what it accepts is exactly a padded plaintext', () => {
    // Mostly bucket-sized inputs with a plausible tail, so the marker search is exercised.
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc
        .tuple(fc.uint8Array({ maxLength: 255 }), fc.constantFrom(0x80, 0x80, 0x00, 0x01, 0x81, 0xff), fc.integer({ min: 0, max: 300 }), fc.nat(300))
        .map(([head, marker, junkAt, size]) => {
          const out = new Uint8Array(size < 150 ? 256 : 512);
          out.set(head);
          out[Math.min(head.length, out.length - 1)] = marker;
          if (junkAt < out.length && junkAt > head.length && junkAt % 7 === 0) out[junkAt] = 1 + (junkAt % 255);
          return out;
        }),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        let accepted: Uint8Array | undefined;
        try {
          accepted = unpad(bytes);
        } catch (error) {
          if (!(error instanceof PaddingError)) throw error;
        }
        if (accepted) expect(pad(accepted)).toEqual(bytes);
        else {
          const marker = bytes.lastIndexOf(0x80);
          const wellFormed = marker >= 0 && bytes.subarray(marker + 1).every((b) => b === 0) && bytes.length === bucketFor(marker);
          expect(wellFormed).toBe(false);
        }
      }),
      { numRuns: 100_000 },
    );
  });
});

describe('item envelopes', () => {
  it('a device writes the padded kinds, whose length is the bucket plus the 42 bytes of header, nonce and tag', () => {
    for (const [part, size] of [['overview', 0], ['overview', 300], ['details', 5000]] as const) {
      const env = encryptItemPart(key(), part, ctx, new Uint8Array(size).fill(65));
      expect(env[1]).toBe(ITEM_KINDS[part].padded);
      expect(env.length).toBe(HEADER_BYTES + NONCE_BYTES + bucketFor(size) + TAG_BYTES);
      expect(decryptItemPart(key(), part, ctx, env)).toEqual(new Uint8Array(size).fill(65));
    }
  });

  it('plaintexts of different lengths in one bucket give envelopes of one length', () => {
    const lengths = new Set([1, 40, 200, 255].map((n) => encryptItemPart(key(), 'details', ctx, new Uint8Array(n)).length));
    expect([...lengths]).toEqual([HEADER_BYTES + NONCE_BYTES + 256 + TAG_BYTES]);
  });

  it('an item written before padding (kinds 0x05 / 0x06) still opens, under its own kind only', () => {
    for (const part of ['overview', 'details'] as const) {
      const legacy = ITEM_KINDS[part].legacy;
      const env = aeadSeal(legacy, key().expose(), Uint8Array.of(1, 2, 3), itemAad(legacy, ctx));
      expect(decryptItemPart(key(), part, ctx, env)).toEqual(Uint8Array.of(1, 2, 3));
      // The kind is in the AAD: relabelling an old envelope as padded (or the reverse) does not open.
      const relabelled = env.slice();
      relabelled[1] = ITEM_KINDS[part].padded;
      expect(thrownBy(() => decryptItemPart(key(), part, ctx, relabelled))).toEqual(expect.objectContaining({ code: 'DECRYPTION_FAILED' }));
    }
  });

  it('an authentic padded envelope with bad padding inside is refused with PADDING_INVALID', () => {
    const kind = ITEM_KINDS.overview.padded;
    for (const inner of [new Uint8Array(256), new Uint8Array(300).fill(0x80), Uint8Array.of(...pad(Uint8Array.of(9)).subarray(0, 255), 1)]) {
      const env = aeadSeal(kind, key().expose(), inner, itemAad(kind, ctx));
      expect(thrownBy(() => decryptItemPart(key(), 'overview', ctx, env))).toEqual(expect.objectContaining({ code: 'PADDING_INVALID' }));
    }
  });
});
