/**
 * The account profile's byte layout (docs/security-design.md §8.8): one plaintext per name
 * (names are normalised before sealing, and a plaintext that is not as a device writes it is
 * refused with the rule it breaks), round-tripped for any name the layout allows (fuzzed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_PROFILE_BYTES, AccountProfileError, accountName, encodeAccountProfile, parseAccountProfile } from '../../../src/shared/crypto/account-profile';
import { thrownBy } from '../../support/thrown';

/** A plaintext with `name`'s bytes written as they are, not normalised: what only a forger would seal. */
function raw(name: string, length = new TextEncoder().encode(name).length): Uint8Array {
  const out = new Uint8Array(ACCOUNT_PROFILE_BYTES);
  out.set([0x01, length >> 8, length & 0xff]);
  out.set(new TextEncoder().encode(name), 3);
  return out;
}

function allowed(typed: string): string | null {
  try {
    return accountName(typed);
  } catch (error) {
    if (error instanceof AccountProfileError) return null;
    throw error;
  }
}

const refusal = (bytes: Uint8Array) => (thrownBy(() => parseAccountProfile(bytes)) as AccountProfileError).reason;

describe('the account profile', () => {
  it('normalises a name before sealing it: NFC, no spaces at the ends', () => {
    expect(accountName('  Zoe\u0308 Example ')).toBe('Zoë Example');
    expect(parseAccountProfile(encodeAccountProfile('  Zoe\u0308 Example '))).toBe('Zoë Example');
    for (const bad of ['', '   ', 'a\nb', 'tab\there', 'x'.repeat(101)]) expect(thrownBy(() => encodeAccountProfile(bad))).toBeInstanceOf(AccountProfileError);
    expect(parseAccountProfile(encodeAccountProfile('😀'.repeat(100)))).toBe('😀'.repeat(100));
  });

  it('refuses every plaintext a device would not write, naming the rule', () => {
    const good = encodeAccountProfile('Zoë');
    expect(refusal(good.subarray(1))).toBe('wrong length');
    expect(refusal(Uint8Array.from(good, (byte, i) => (i === 0 ? 2 : byte)))).toBe('unknown format');
    expect(refusal(raw('Zoë', 510))).toBe('name length beyond the profile');
    expect(refusal(Uint8Array.from(good, (byte, i) => (i === 511 ? 1 : byte)))).toBe('padding not zero');
    const notUtf8 = raw('ab');
    notUtf8[3] = 0xff;
    expect(refusal(notUtf8)).toBe('name not UTF-8');
    expect(refusal(raw(' Zoë'))).toBe('name not normalised');
    expect(refusal(raw('Zoe\u0308'))).toBe('name not normalised');
    expect(refusal(raw(''))).toBe('empty name');
    expect(refusal(raw('a\u0085b'))).toBe('control character in the name');
  });

  it('gives back any name the layout allows, from exactly one plaintext', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }), (typed) => {
        // Names the layout does not allow (empty once trimmed, a control character) are left out; any other error fails the property.
        const name = allowed(typed);
        if (name === null) return;
        const bytes = encodeAccountProfile(name);
        expect(parseAccountProfile(bytes)).toBe(name);
        expect(Buffer.from(encodeAccountProfile(parseAccountProfile(bytes))).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
});
