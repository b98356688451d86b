import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretKeyParseError } from '../../../src/shared/crypto/errors';
import {
  canonicalSecretKey,
  formatSecretKey,
  generateSecretKey,
  parseSecretKey,
  SECRET_KEY_CANONICAL_LENGTH,
} from '../../../src/shared/crypto/secret-key';
import { ALPHABET, normaliseSymbols } from '../../../src/shared/crypto/symbols';
import { thrownBy } from '../../support/thrown';

const bytesSource = (seed: number) => {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  };
};

function reasonOf(text: string): string {
  const e = thrownBy(() => parseSecretKey(text));
  expect(e).toBeInstanceOf(SecretKeyParseError);
  return (e as SecretKeyParseError).reason;
}

describe('Secret Key', () => {
  it('has ≥128 bits of secret and no look-alike characters in its alphabet', () => {
    expect(26 * Math.log2(ALPHABET.length)).toBeGreaterThanOrEqual(128);
    for (const c of 'ILOUZ') expect(ALPHABET).not.toContain(c);
  });

  it('formats as K1-AAAAAA-SSSSSS-SSSSS-SSSSS-SSSSS-SSSSS and round-trips', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const key = generateSecretKey(bytesSource(seed));
        const text = formatSecretKey(key);
        expect(text).toMatch(/^K1-[0-9A-Y]{6}-[0-9A-Y]{6}(-[0-9A-Y]{5}){4}$/);
        const parsed = parseSecretKey(text);
        expect(canonicalSecretKey(parsed)).toBe(canonicalSecretKey(key));
        expect(parsed.accountId).toBe(key.accountId);
      }),
      { numRuns: 500 },
    );
  });

  it('forgives case, spaces, dashes and look-alikes', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 2 ** 31 }), (seed, style) => {
        const key = generateSecretKey(bytesSource(seed));
        let text = formatSecretKey(key);
        if (style & 1) text = text.toLowerCase();
        if (style & 2) text = text.replace(/-/g, ' ');
        if (style & 4) text = text.replace(/0/g, 'O');
        if (style & 8) text = text.replace(/1/g, style & 16 ? 'l' : 'I');
        if (style & 32) text = `  ${text}\n`;
        if (style & 64) text = text.replace(/-/g, '');
        expect(canonicalSecretKey(parseSecretKey(text))).toBe(canonicalSecretKey(key));
      }),
      { numRuns: 500 },
    );
  });

  it('gives clear typed errors that never echo the input', () => {
    expect(reasonOf('')).toBe('empty');
    expect(reasonOf('   - ')).toBe('empty');
    expect(reasonOf('K1-4FFP7K-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6Y')).toBe('wrong-length');
    expect(reasonOf('K2-4FFP7K-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6Y1')).toBe('wrong-version');
    expect(reasonOf('K1-4FFP7K-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6YZ')).toBe('invalid-character');
    const err = thrownBy(() => parseSecretKey('K1-SECRT5-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6Y#'));
    expect(err).toBeInstanceOf(SecretKeyParseError);
    expect((err as SecretKeyParseError).code).toBe('SECRET_KEY_INVALID');
    expect((err as SecretKeyParseError).position).toBe(33);
    expect((err as SecretKeyParseError).message).not.toMatch(/SECRT|S3D0E8|QN6Y/);
  });

  it('fuzz: 100,000 arbitrary strings give a parse or a SecretKeyParseError, and accept nothing else', () => {
    const chars = fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZilou- _–\u3000KK11'.split(''));
    const arb = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: chars, minLength: 30, maxLength: 44 }),
      fc.string({ unit: chars, minLength: 30, maxLength: 44 }).map((s) => `K1${s}`),
    );
    let accepted = 0;
    fc.assert(
      fc.property(arb, (text) => {
        let key;
        try {
          key = parseSecretKey(text);
        } catch (e) {
          if (!(e instanceof SecretKeyParseError)) throw e;
          return;
        }
        accepted++;
        const canon = canonicalSecretKey(key);
        expect(canon).toHaveLength(SECRET_KEY_CANONICAL_LENGTH);
        expect(canon).toBe(normaliseSymbols(text).canonical);
        expect(canonicalSecretKey(parseSecretKey(formatSecretKey(key)))).toBe(canon);
      }),
      { numRuns: 100_000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
