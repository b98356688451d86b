/**
 * Opening many envelopes under one key through libsodium's WebAssembly directly (aead-batch.ts,
 * as an unlock opens every overview): the same plaintexts and the same refusals as aeadOpen, every
 * size (the reused region grows), the plaintext zeroed once read, nothing opened after dispose.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeKind, type AeadKind } from '../../../src/shared/crypto/envelope';
import { DecryptionError, EnvelopeError, InvalidArgumentError } from '../../../src/shared/crypto/errors';
import { aeadOpen, aeadSeal } from '../../../src/main/core/crypto/aead';
import { AeadBatch, withAeadBatch } from '../../../src/main/core/crypto/aead-batch';
import { initCrypto } from '../../../src/main/core/crypto/sodium';

beforeAll(initCrypto);

const kind: AeadKind = EnvelopeKind.PaddedItemOverview;
const key = new Uint8Array(32).fill(9);
const aadOf = (extra: Uint8Array) => Uint8Array.of(0x01, kind, ...extra);
const seal = (plaintext: Uint8Array, aad: Uint8Array, sealKey = key) => aeadSeal(kind, sealKey, plaintext, aad);

describe('a batch of AEAD opens under one key', () => {
  it('opens what aeadOpen opens, envelope after envelope of any size, with any AAD', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 70_000 }), fc.uint8Array({ maxLength: 200 })), { minLength: 1, maxLength: 6 }), (cases) => {
        const sealed = cases.map(([plaintext, extra]) => ({ plaintext, aad: aadOf(extra), envelope: seal(plaintext, aadOf(extra)) }));
        const opened = withAeadBatch(key, (batch) => sealed.map(({ envelope, aad }) => batch.open(kind, envelope, aad, (plaintext) => plaintext.slice())));
        expect(opened).toEqual(sealed.map(({ envelope, aad }) => aeadOpen(kind, key, envelope, aad)));
        expect(opened).toEqual(sealed.map(({ plaintext }) => plaintext));
      }),
      { numRuns: 30 },
    );
  });

  it('refuses, as aeadOpen does, another key, another AAD, a flipped byte, another kind or a short envelope, and still opens the next', () => {
    const aad = aadOf(Uint8Array.of(1, 2, 3));
    const envelope = seal(new TextEncoder().encode('{"title":"Bank"}'), aad);
    const flipped = envelope.slice();
    flipped[40]! ^= 1;
    withAeadBatch(key, (batch) => {
      const open = (bytes: Uint8Array, withAad = aad, as: AeadKind = kind) => () => batch.open(as, bytes, withAad, (plaintext) => plaintext.slice());
      expect(open(seal(Uint8Array.of(1), aad, new Uint8Array(32).fill(1)))).toThrow(DecryptionError);
      expect(open(envelope, aadOf(Uint8Array.of(1, 2, 4)))).toThrow(DecryptionError);
      expect(open(flipped)).toThrow(DecryptionError);
      expect(open(envelope, aad, EnvelopeKind.PaddedItemDetails)).toThrow(EnvelopeError);
      expect(open(envelope.subarray(0, 40))).toThrow(EnvelopeError);
      expect(new TextDecoder().decode(open(envelope)())).toBe('{"title":"Bank"}');
    });
  });

  it('zeroes each plaintext once it is read, and opens nothing once disposed', () => {
    const aad = aadOf(Uint8Array.of(5));
    const envelope = seal(new Uint8Array(64).fill(0x41), aad);
    const batch = new AeadBatch(key);
    let seen: Uint8Array | undefined;
    expect(batch.open(kind, envelope, aad, (plaintext) => ((seen = plaintext), plaintext.reduce((sum, byte) => sum + byte, 0)))).toBe(64 * 0x41);
    expect(seen!.length).toBe(64);
    expect(seen!.every((byte) => byte === 0)).toBe(true);
    batch.dispose();
    batch.dispose();
    expect(() => batch.open(kind, envelope, aad, () => 0)).toThrow(InvalidArgumentError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new AeadBatch(new Uint8Array(16))).toThrow(InvalidArgumentError);
  });
});
