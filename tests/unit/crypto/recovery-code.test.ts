import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecoveryCodeParseError } from '../../../src/shared/crypto/errors';
import {
  formatRecoveryCode,
  generateRecoveryCode,
  groupCheckValue,
  parseRecoveryCode,
  recoveryCodeFromData,
  RECOVERY_GROUP_COUNT,
  type RecoveryCode,
} from '../../../src/shared/crypto/recovery-code';
import { ALPHABET, normaliseSymbols } from '../../../src/shared/crypto/symbols';

const canon = (c: RecoveryCode) => String.fromCharCode(...c.canonical.expose());

function errorOf(text: string): RecoveryCodeParseError | undefined {
  try {
    parseRecoveryCode(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof RecoveryCodeParseError)) throw e;
    return e;
  }
}

/** Body text (65 symbols) of a code from data values. */
function bodyOf(data: number[]): string {
  return canon(recoveryCodeFromData(data)).slice(2);
}

/** Position of symbol i (0..4) of group g (0..12) in the formatted text "R1-XXXXX-…". */
const pos = (g: number, i: number) => 3 + g * 6 + i;

const dataArb = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 52, maxLength: 52 });

describe('recovery code format', () => {
  it('carries ≥256 bits and is grouped R1 + 13 × 5', () => {
    expect(52 * Math.log2(31)).toBeGreaterThanOrEqual(256);
    fc.assert(
      fc.property(dataArb, (data) => {
        const text = formatRecoveryCode(recoveryCodeFromData(data));
        expect(text).toMatch(/^R1(-[0-9A-Y]{5}){13}$/);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips and forgives case, spaces, dashes, O/0 and I/L/1', () => {
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 0, max: 255 }), (data, style) => {
        const code = recoveryCodeFromData(data);
        let text = formatRecoveryCode(code);
        if (style & 1) text = text.toLowerCase();
        if (style & 2) text = text.replace(/-/g, ' ');
        if (style & 4) text = text.replace(/0/g, style & 8 ? 'o' : 'O');
        if (style & 16) text = text.replace(/1/g, style & 32 ? 'l' : 'I');
        if (style & 64) text = text.replace(/-/g, '');
        if (style & 128) text = ` ${text.replace(/-/g, ' - ')}\t`;
        expect(canon(parseRecoveryCode(text))).toBe(canon(code));
      }),
      { numRuns: 500 },
    );
  });

  it('generates from a CSPRNG-shaped source', () => {
    let x = 7;
    const random = (n: number) => Uint8Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
    const c = generateRecoveryCode(random);
    expect(canon(parseRecoveryCode(formatRecoveryCode(c)))).toBe(canon(c));
  });
});

describe('recovery code check characters (exhaustive)', () => {
  // By linearity of the check, whether an error is caught depends only on the group number,
  // the position(s) and the two symbol values, not on the other symbols of the code. These
  // loops cover every group × position × (original, replacement) pair, so they prove the
  // guarantees for every code; the other symbols are random to show independence.
  const base = fc.sample(dataArb, { numRuns: 1, seed: 42 })[0]!;

  function codeWithSymbol(g: number, i: number, value: number): string {
    const data = [...base];
    if (i < 4) {
      data[g * 4 + i] = value;
      return formatRecoveryCode(recoveryCodeFromData(data));
    }
    // Position 5 is the check: choose data so that the check equals `value`.
    for (let v = 0; v < 31; v++) {
      data[g * 4] = v;
      if (groupCheckValue(g + 1, data.slice(g * 4, g * 4 + 4)) === value) break;
    }
    return formatRecoveryCode(recoveryCodeFromData(data));
  }

  it('catches every single-symbol substitution and names exactly its group', () => {
    let cases = 0;
    for (let g = 0; g < RECOVERY_GROUP_COUNT; g++) {
      for (let i = 0; i < 5; i++) {
        for (let a = 0; a < 31; a++) {
          const chars = [...codeWithSymbol(g, i, a)];
          expect(chars[pos(g, i)]).toBe(ALPHABET[a]);
          for (let b = 0; b < 31; b++) {
            if (b === a) continue;
            chars[pos(g, i)] = ALPHABET[b]!;
            const err = errorOf(chars.join(''));
            expect(err?.reason).toBe('check-failed');
            expect(err?.groups).toEqual([g + 1]);
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(13 * 5 * 31 * 30);
  });

  it('catches every adjacent transposition, naming the group (both groups across a boundary)', () => {
    let cases = 0;
    for (let g = 0; g < RECOVERY_GROUP_COUNT; g++) {
      for (let i = 0; i < 5; i++) {
        const crosses = i === 4;
        if (crosses && g === RECOVERY_GROUP_COUNT - 1) continue;
        for (let a = 0; a < 31; a++) {
          for (let b = 0; b < 31; b++) {
            if (a === b) continue;
            // Build a valid code with symbol a at (g,i) and b at the next position.
            const data = [...base];
            let text: string;
            if (!crosses && i < 3) {
              data[g * 4 + i] = a;
              data[g * 4 + i + 1] = b;
              text = formatRecoveryCode(recoveryCodeFromData(data));
            } else {
              // One of the two is a check symbol: search the group's free data symbol.
              const found = findCode(g, i, a, b);
              if (!found) continue; // combination impossible for this base (rare); others cover it
              text = found;
            }
            const chars = [...text];
            const p = pos(g, i);
            const q = crosses ? pos(g + 1, 0) : p + 1;
            expect(chars[p]).toBe(ALPHABET[a]);
            expect(chars[q]).toBe(ALPHABET[b]);
            // Swap in the separator-free string, as a typist would.
            const flat = chars.filter((c) => c !== '-');
            const fp = flat.indexOf(chars[p]!, 2 + g * 5 + i);
            [flat[fp], flat[fp + 1]] = [flat[fp + 1]!, flat[fp]!];
            const err = errorOf(flat.join(''));
            expect(err?.reason).toBe('check-failed');
            expect(err?.groups).toEqual(crosses ? [g + 1, g + 2] : [g + 1]);
            cases++;
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(60 * 31 * 30 * 0.9);
  });

  /** A valid code with symbol a at (g,i) and b right after it, where a check symbol is involved. */
  function findCode(g: number, i: number, a: number, b: number): string | undefined {
    const data = [...base];
    if (i === 3) {
      // (data 4, check): vary data 1 until the check is b.
      data[g * 4 + 3] = a;
      for (let v = 0; v < 31; v++) {
        data[g * 4] = v;
        if (groupCheckValue(g + 1, data.slice(g * 4, g * 4 + 4)) === b) return formatRecoveryCode(recoveryCodeFromData(data));
      }
      return undefined;
    }
    // i === 4: (check of g, first data of g+1).
    data[(g + 1) * 4] = b;
    for (let v = 0; v < 31; v++) {
      data[g * 4] = v;
      if (groupCheckValue(g + 1, data.slice(g * 4, g * 4 + 4)) === a) return formatRecoveryCode(recoveryCodeFromData(data));
    }
    return undefined;
  }

  it('catches two whole groups swapped', () => {
    const text = formatRecoveryCode(recoveryCodeFromData(base));
    const parts = text.split('-');
    [parts[2], parts[5]] = [parts[5]!, parts[2]!];
    expect(errorOf(parts.join('-'))?.groups).toEqual([2, 5]);
  });

  it('reports invalid characters, wrong length, version and a pasted Secret Key with the group', () => {
    const text = formatRecoveryCode(recoveryCodeFromData(base));
    const chars = [...text];
    chars[pos(4, 2)] = 'Z';
    expect(errorOf(chars.join(''))).toMatchObject({ reason: 'invalid-character', groups: [5] });
    const parts = text.split('-');
    parts[6] = parts[6]!.slice(0, 4);
    expect(errorOf(parts.join('-'))).toMatchObject({ reason: 'wrong-length', groups: [6] });
    expect(errorOf(`${text}-X`)).toMatchObject({ reason: 'wrong-length' });
    expect(errorOf(text.replace(/^R1/, 'R2'))).toMatchObject({ reason: 'wrong-version' });
    expect(errorOf('K1-4FFP7K-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6Y1')).toMatchObject({ reason: 'looks-like-secret-key' });
    expect(errorOf(' ')).toMatchObject({ reason: 'empty' });
    const msg = errorOf(chars.join(''))!.message;
    for (const group of parts) if (group.length >= 4) expect(msg).not.toContain(group);
  });
});

describe('recovery code parser fuzz', () => {
  it('100,000 random inputs: a parse or a RecoveryCodeParseError, and nothing invalid accepted', () => {
    const sym = fc.constantFrom(...`${ALPHABET}ZILOUilou-- `.split(''));
    const arb = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 90 }),
      fc.string({ unit: sym, minLength: 60, maxLength: 90 }).map((s) => `R1${s}`),
      // Valid codes with 1–4 random substitutions.
      fc.tuple(dataArb, fc.array(fc.tuple(fc.integer({ min: 2, max: 66 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 4 })).map(
        ([data, edits]) => {
          const chars = [...`R1${bodyOf(data)}`];
          for (const [p, v] of edits) chars[p] = ALPHABET[v]!;
          return chars.join('');
        },
      ),
    );
    fc.assert(
      fc.property(arb, (text) => {
        let code: RecoveryCode;
        try {
          code = parseRecoveryCode(text);
        } catch (e) {
          if (!(e instanceof RecoveryCodeParseError)) throw e;
          return;
        }
        const c = canon(code);
        expect(c).toBe(normaliseSymbols(text).canonical);
        expect(canon(parseRecoveryCode(formatRecoveryCode(code)))).toBe(c);
        // Every group verifies: recompute the checks independently.
        for (let g = 0; g < 13; g++) {
          const v = [...c.slice(2 + g * 5, 7 + g * 5)].map((ch) => ALPHABET.indexOf(ch));
          expect((g + 1 + v.reduce((s, x, i) => s + (i + 1) * x, 0)) % 31).toBe(0);
        }
      }),
      { numRuns: 100_000 },
    );
  });
});
