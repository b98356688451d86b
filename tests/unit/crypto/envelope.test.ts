import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAad, ITEM_KINDS, itemAad } from '../../../src/shared/crypto/aad';
import {
  checkAeadEnvelope,
  decodeAeadEnvelope,
  decodeSealedEnvelope,
  encodeAeadEnvelope,
  type AeadKind,
  type SealedKind,
} from '../../../src/shared/crypto/envelope';
import { DecryptionError, EnvelopeError } from '../../../src/shared/crypto/errors';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { decryptItemPart, encryptItemPart } from '../../../src/main/core/crypto/vault-items';
import { openVaultKey } from '../../../src/main/core/crypto/vault-keys';

beforeAll(initCrypto);

const AEAD_KINDS: AeadKind[] = [1, 2, 3, 5, 6, 8, 9, 10];
const SEALED_KINDS: SealedKind[] = [4, 7];

/** Random bytes, biased toward plausible headers so the deeper branches are exercised. */
const envelopeBytes = fc.oneof(
  fc.uint8Array({ maxLength: 120 }),
  fc
    .tuple(fc.constantFrom(0, 1, 1, 1, 2, 255), fc.integer({ min: 0, max: 12 }), fc.uint8Array({ maxLength: 140 }))
    .map(([v, k, rest]) => Uint8Array.from([v, k, ...rest])),
);

describe('envelope layout', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AEAD_KINDS),
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.uint8Array({ minLength: 16, maxLength: 200 }),
        (kind, nonce, ciphertext) => {
          const bytes = encodeAeadEnvelope({ kind, nonce, ciphertext });
          expect(bytes[0]).toBe(1);
          expect(bytes[1]).toBe(kind);
          expect(decodeAeadEnvelope(bytes, kind)).toEqual({ kind, nonce, ciphertext });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('AAD encoding is injective on its fields (length prefixes)', () => {
    expect(buildAad(5, [Uint8Array.of(1, 2), Uint8Array.of(3)])).not.toEqual(buildAad(5, [Uint8Array.of(1), Uint8Array.of(2, 3)]));
    expect(itemAad(ITEM_KINDS.overview.padded, { vaultId: 'ab', itemId: 'c', version: 1 })).not.toEqual(
      itemAad(ITEM_KINDS.overview.padded, { vaultId: 'a', itemId: 'bc', version: 1 }),
    );
  });

  it('fuzz: 100,000 random inputs to each decoder throw only EnvelopeError, and accept only well-formed bytes', () => {
    fc.assert(
      fc.property(envelopeBytes, fc.constantFrom(...AEAD_KINDS), fc.constantFrom(...SEALED_KINDS), (bytes, kind, sealedKind) => {
        let decoded: { ciphertext: Uint8Array } | EnvelopeError;
        try {
          const env = decodeAeadEnvelope(bytes, kind);
          expect(encodeAeadEnvelope(env)).toEqual(bytes);
          decoded = env;
        } catch (e) {
          if (!(e instanceof EnvelopeError)) throw e;
          decoded = e;
        }
        // The batch's check (no views made) accepts exactly what the decoder does, refuses with the same code, and answers the plaintext length.
        if (decoded instanceof EnvelopeError) expect(() => checkAeadEnvelope(bytes, kind)).toThrow(expect.objectContaining({ code: decoded.code }));
        else expect(checkAeadEnvelope(bytes, kind)).toBe(decoded.ciphertext.length - 16);
        try {
          const sealed = decodeSealedEnvelope(bytes, sealedKind, 33);
          expect(bytes[0]).toBe(1);
          expect(bytes[1]).toBe(sealedKind);
          expect(sealed.length).toBe(bytes.length - 2);
        } catch (e) {
          if (!(e instanceof EnvelopeError)) throw e;
        }
      }),
      { numRuns: 100_000 },
    );
  });

  it('fuzz: 100,000 random envelopes to decryption throw only EnvelopeError or DecryptionError', () => {
    const key = new SecretBytes(new Uint8Array(32).fill(9));
    const keyset = generateKeyset('k', () => new Uint8Array(32).fill(3));
    const ctx = { vaultId: 'v', itemId: 'i', version: 1 };
    fc.assert(
      fc.property(envelopeBytes, (bytes) => {
        for (const fn of [() => decryptItemPart(key, 'overview', ctx, bytes), () => openVaultKey(bytes, 'v', keyset)]) {
          try {
            fn();
            throw new Error('garbage accepted');
          } catch (e) {
            if (!(e instanceof EnvelopeError) && !(e instanceof DecryptionError)) throw e;
          }
        }
      }),
      { numRuns: 100_000 },
    );
  });

  it('a valid envelope of another kind is refused by kind', () => {
    const key = new SecretBytes(new Uint8Array(32).fill(9));
    const ctx = { vaultId: 'v', itemId: 'i', version: 1 };
    const env = encryptItemPart(key, 'details', ctx, Uint8Array.of(1, 2, 3));
    expect(() => decryptItemPart(key, 'overview', ctx, env)).toThrow(EnvelopeError);
    const v2 = env.slice();
    v2[0] = 2;
    expect(() => decryptItemPart(key, 'details', ctx, v2)).toThrow(expect.objectContaining({ code: 'ENVELOPE_UNSUPPORTED' }));
  });
});
