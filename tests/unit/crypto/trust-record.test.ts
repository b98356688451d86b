/**
 * The trust record's byte layout (docs/security-design.md §8.7) and its envelope (0x0D): one
 * canonical encoding per record, coded errors for everything else, fuzzed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { openTrustRecord, sealTrustRecord } from '../../../src/main/core/crypto/trust-record';
import { toBase64Url } from '../../../src/shared/crypto/bytes';
import { DecryptionError, EnvelopeError } from '../../../src/shared/crypto/errors';
import { ALPHABET } from '../../../src/shared/crypto/symbols';
import { encodeTrustRecord, parseTrustRecord, TrustRecordError, TRUST_RECORD_MAX_FAMILIES, type TrustRecord } from '../../../src/shared/crypto/trust-record';
import { thrownBy } from '../../support/thrown';

const ACCOUNT = 'A1B2C3';
const familyOf = (byte: number) => toBase64Url(new Uint8Array(16).fill(byte));
const codeOf = (symbol: string) => symbol.repeat(24);
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

function recordOf(version = 5): TrustRecord {
  return {
    version,
    organizers: new Map([
      [familyOf(2), [codeOf('B'), codeOf('A')]],
      [familyOf(1), [codeOf('0')]],
    ]),
    members: new Map([
      ['Y00000', codeOf('1')],
      ['B2C3D4', codeOf('2')],
    ]),
  };
}

beforeAll(initCrypto);

describe('trust record layout', () => {
  it('encodes canonically (families, codes and members in order) and parses back', () => {
    const bytes = encodeTrustRecord(recordOf());
    expect(bytes.length).toBe(8 + 1 + (1 + 22 + 1 + 24) + (1 + 22 + 1 + 48) + 2 + 2 * (1 + 6 + 24));
    expect([...bytes.subarray(0, 9)]).toEqual([0, 0, 0, 0, 0, 0, 0, 5, 2]);
    const parsed = parseTrustRecord(bytes);
    expect(parsed.version).toBe(5);
    expect([...parsed.organizers]).toEqual([
      [familyOf(1), [codeOf('0')]],
      [familyOf(2), [codeOf('A'), codeOf('B')]],
    ]);
    expect([...parsed.members]).toEqual([
      ['B2C3D4', codeOf('2')],
      ['Y00000', codeOf('1')],
    ]);
    expect(encodeTrustRecord(parsed)).toEqual(bytes);
    expect(encodeTrustRecord({ version: 1, organizers: new Map(), members: new Map() })).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0));
  });

  it('refuses records it could not parse back, each with a coded error', () => {
    const bad: TrustRecord[] = [
      { ...recordOf(), version: 0 },
      { ...recordOf(), version: 2 ** 53 },
      { ...recordOf(), organizers: new Map([['not-a-family', [codeOf('A')]]]) },
      { ...recordOf(), organizers: new Map([[familyOf(1), []]]) },
      { ...recordOf(), organizers: new Map([[familyOf(1), ['abc']]]) },
      { ...recordOf(), organizers: new Map([[familyOf(1), [codeOf('I')]]]) },
      { ...recordOf(), organizers: new Map(Array.from({ length: TRUST_RECORD_MAX_FAMILIES + 1 }, (_, i) => [familyOf(i), [codeOf('A')]])) },
      { ...recordOf(), members: new Map([['a1b2c3', codeOf('A')]]) },
      { ...recordOf(), members: new Map([['A1B2C3', 'short']]) },
    ];
    for (const candidate of bad) expect(thrownBy(() => encodeTrustRecord(candidate))).toMatchObject({ code: 'TRUST_RECORD_INVALID' });
  });

  it('refuses a record out of order, with a repeated code, trailing bytes, cut short or at version 0', () => {
    const bytes = encodeTrustRecord(recordOf());
    const family = 1 + 22;
    const firstFamily = 9;
    const secondFamily = firstFamily + family + 1 + 24;
    const swappedFamilies = bytes.slice();
    swappedFamilies.set(bytes.subarray(secondFamily, secondFamily + family), firstFamily);
    swappedFamilies.set(bytes.subarray(firstFamily, firstFamily + family), secondFamily);
    const repeatedCode = bytes.slice();
    repeatedCode.set(bytes.subarray(secondFamily + family + 1, secondFamily + family + 25), secondFamily + family + 25);
    const members = bytes.length - 2 * 31;
    const swappedMembers = bytes.slice();
    swappedMembers.set(bytes.subarray(members + 31, members + 62), members);
    swappedMembers.set(bytes.subarray(members, members + 31), members + 31);
    const cases = [Uint8Array.of(...bytes, 0), bytes.subarray(0, bytes.length - 1), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, ...bytes.subarray(8)), swappedFamilies, repeatedCode, swappedMembers, new Uint8Array(0)];
    for (const candidate of cases) expect(thrownBy(() => parseTrustRecord(candidate))).toBeInstanceOf(TrustRecordError);
  });

  it('fuzz: random bytes either fail with a coded error or are exactly the canonical encoding of what they parse to', () => {
    const valid = encodeTrustRecord(recordOf());
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(valid.length), (random, keep) => {
        const bytes = Uint8Array.of(...valid.subarray(0, keep), ...random);
        let parsed: TrustRecord | undefined;
        try {
          parsed = parseTrustRecord(bytes);
        } catch (error) {
          if (!(error instanceof TrustRecordError)) throw error;
        }
        if (parsed) expect(encodeTrustRecord(parsed)).toEqual(bytes);
      }),
      { numRuns: 100_000 },
    );
  });

  it('fuzz: any record round-trips, and a changed byte of its encoding either fails with a coded error or parses to another canonical record', () => {
    const symbols = (length: number) => fc.uint8Array({ minLength: length, maxLength: length }).map((bytes) => Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join(''));
    const code = symbols(24);
    const record = fc.record({
      version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      organizers: fc.dictionary(fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toBase64Url), fc.uniqueArray(code, { minLength: 1, maxLength: 2 }), { maxKeys: 2 }),
      members: fc.dictionary(symbols(6), code, { maxKeys: 2 }),
    });
    fc.assert(
      fc.property(record, fc.nat(), fc.integer({ min: 1, max: 255 }), (drawn, at, flip) => {
        const value: TrustRecord = { version: drawn.version, organizers: new Map(Object.entries(drawn.organizers)), members: new Map(Object.entries(drawn.members)) };
        const bytes = encodeTrustRecord(value);
        if (!sameBytes(encodeTrustRecord(parseTrustRecord(bytes)), bytes)) return false;
        const changed = bytes.slice();
        changed[at % bytes.length] = changed[at % bytes.length]! ^ flip;
        try {
          return sameBytes(encodeTrustRecord(parseTrustRecord(changed)), changed);
        } catch (error) {
          if (!(error instanceof TrustRecordError)) throw error;
          return true;
        }
      }),
      { numRuns: 100_000 },
    );
  });
});

describe('trust record envelope (0x0D)', () => {
  const accountKey = new Uint8Array(32).fill(7);

  it('opens only under the same account key and account id', () => {
    const sealed = sealTrustRecord(accountKey, ACCOUNT, recordOf());
    expect(sealed[0]).toBe(1);
    expect(sealed[1]).toBe(0x0d);
    expect(openTrustRecord(accountKey, ACCOUNT, sealed).version).toBe(5);
    expect(thrownBy(() => openTrustRecord(new Uint8Array(32).fill(8), ACCOUNT, sealed))).toBeInstanceOf(DecryptionError);
    expect(thrownBy(() => openTrustRecord(accountKey, 'A1B2C4', sealed))).toBeInstanceOf(DecryptionError);
  });

  it('fuzz: a tampered record never opens and only fails with a coded error', () => {
    const sealed = sealTrustRecord(accountKey, ACCOUNT, recordOf());
    fc.assert(
      fc.property(fc.nat(sealed.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = sealed.slice();
        bytes[at] = bytes[at]! ^ flip;
        const error = thrownBy(() => openTrustRecord(accountKey, ACCOUNT, bytes));
        expect(error instanceof EnvelopeError || error instanceof DecryptionError).toBe(true);
      }),
      { numRuns: 100_000 },
    );
  });
});
