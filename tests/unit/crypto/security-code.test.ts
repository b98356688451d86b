/** Security codes: a fingerprint of an account's public keys, and the forgiving reader of typed codes. */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { securityCode } from '../../../src/main/core/crypto/security-code';
import { fromHex } from '../../../src/shared/crypto/bytes';
import { SecurityCodeParseError } from '../../../src/shared/crypto/errors';
import { formatSecurityCode, parseSecurityCode, securityCodeFromDigest, securityCodeInput } from '../../../src/shared/crypto/fingerprint';
import { ALPHABET } from '../../../src/shared/crypto/symbols';
import { thrownBy } from '../../support/thrown';

const keys = {
  accountId: 'AAECAwQFBgcICQoLDA0ODw',
  boxPublicKey: fromHex('11'.repeat(32)),
  signPublicKey: fromHex('22'.repeat(32)),
};

/** An independent reading of the spec: the digest as a number, 24 base-31 digits. */
function expectedCode(input: Uint8Array): string {
  let n = BigInt('0x' + createHash('sha256').update(input).digest('hex')) % 31n ** 24n;
  const digits: string[] = [];
  for (let i = 0; i < 24; i++) {
    digits.unshift(ALPHABET[Number(n % 31n)]!);
    n /= 31n;
  }
  return digits.join('');
}

describe('security code', () => {
  it('hashes the label, the account id and both public keys in the documented order', () => {
    const input = securityCodeInput(keys);
    const label = Buffer.from('latchkey/v1/security-code');
    expect(Buffer.from(input.subarray(0, label.length)).equals(label)).toBe(true);
    expect([...input.subarray(label.length, label.length + 2)]).toEqual([0, 22]);
    expect(input.length).toBe(label.length + 2 + 22 + 64);
    const code = securityCode(keys);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Y]{24}$/);
    expect(code).toBe(expectedCode(input));
  });

  it('changes when any key or the account id changes', () => {
    const code = securityCode(keys);
    expect(securityCode({ ...keys, accountId: 'AAECAwQFBgcICQoLDA0OEA' })).not.toBe(code);
    expect(securityCode({ ...keys, boxPublicKey: fromHex('12' + '11'.repeat(31)) })).not.toBe(code);
    expect(securityCode({ ...keys, signPublicKey: fromHex('22'.repeat(31) + '23') })).not.toBe(code);
    // The two keys are not interchangeable.
    expect(securityCode({ ...keys, boxPublicKey: keys.signPublicKey, signPublicKey: keys.boxPublicKey })).not.toBe(code);
  });

  it('refuses inputs of the wrong size', () => {
    expect(() => securityCodeInput({ ...keys, accountId: '' })).toThrow('Account id');
    expect(() => securityCodeInput({ ...keys, boxPublicKey: new Uint8Array(31) })).toThrow('32 bytes');
    expect(() => securityCodeFromDigest(new Uint8Array(31))).toThrow('32 bytes');
  });

  it('reads a typed code forgivingly and says what is wrong with a bad one', () => {
    const code = securityCode(keys);
    const shown = formatSecurityCode(code);
    expect(shown.split(' ').map((group) => group.length)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(parseSecurityCode(shown)).toBe(code);
    expect(parseSecurityCode(` ${shown.toLowerCase().replaceAll(' ', '-')} `)).toBe(code);
    expect(parseSecurityCode('oooo-iiii-llll-0000-1111-2222')).toBe('000011111111000011112222');
    const reasons = ['', '   ', code.slice(0, 23), code + '0', code.slice(0, 23) + 'U'].map((text) => {
      const error = thrownBy(() => parseSecurityCode(text));
      expect(error).toBeInstanceOf(SecurityCodeParseError);
      return [(error as SecurityCodeParseError).code, (error as SecurityCodeParseError).reason, (error as SecurityCodeParseError).position];
    });
    expect(reasons).toEqual([
      ['SECURITY_CODE_INVALID', 'empty', undefined],
      ['SECURITY_CODE_INVALID', 'empty', undefined],
      ['SECURITY_CODE_INVALID', 'wrong-length', undefined],
      ['SECURITY_CODE_INVALID', 'wrong-length', undefined],
      ['SECURITY_CODE_INVALID', 'invalid-character', 23],
    ]);
  });

  it('never crashes on typed text, and accepts only 24 symbols of the alphabet (fuzzed)', () => {
    const typed = fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyzOIL -_\u2013\uff10');
    const nearCodes = fc.array(typed, { minLength: 20, maxLength: 34 }).map((units) => units.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 30 }), nearCodes), (text) => {
        const outcome = readCode(text);
        if (typeof outcome === 'string') {
          expect(outcome).toMatch(/^[0-9A-HJKMNP-TV-Y]{24}$/);
          expect(parseSecurityCode(formatSecurityCode(outcome))).toBe(outcome);
        } else {
          expect(outcome).toBeInstanceOf(SecurityCodeParseError);
        }
      }),
      { numRuns: 100_000 },
    );
  });
});

/** The canonical code, or what reading it threw. */
function readCode(text: string): unknown {
  try {
    return parseSecurityCode(text);
  } catch (error) {
    return error;
  }
}
