/**
 * The 31-symbol alphabet shared by the Secret Key and the recovery code, and the forgiving
 * normalisation of typed text.
 *
 * Alphabet: Crockford's base-32 symbols without `Z` (31 is prime, which the recovery code's
 * check characters need). It has no I, L, O or U: a typed O is read as 0, and I or L as 1.
 */

import type { RandomSource } from './random';

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXY';
export const ALPHABET_SIZE = 31;

const VALUE = new Map<string, number>();
for (let i = 0; i < ALPHABET.length; i++) VALUE.set(ALPHABET[i]!, i);
// Look-alikes (after upper-casing).
VALUE.set('O', 0);
VALUE.set('I', 1);
VALUE.set('L', 1);

/** Characters dropped while reading: whitespace and every dash-like character. */
const SEPARATOR = /[\s\-\u2010-\u2015\u2212\u00ad_]/u;

export interface NormalisedSymbols {
  /** Symbol values (0..30) of the accepted characters, in order; -1 for an invalid character. */
  readonly values: number[];
  /** Canonical text: alphabet characters, and '?' where a character was invalid. */
  readonly canonical: string;
  /** 0-based indices (into `values`) of invalid characters. */
  readonly invalid: number[];
}

/**
 * Reads typed text forgivingly: NFKC (full-width forms), upper case, separators dropped,
 * O→0, I/L→1. Never throws; invalid characters are reported by position.
 */
export function normaliseSymbols(text: string): NormalisedSymbols {
  const values: number[] = [];
  const invalid: number[] = [];
  let canonical = '';
  for (const ch of text.normalize('NFKC').toUpperCase()) {
    if (SEPARATOR.test(ch)) continue;
    const v = VALUE.get(ch);
    if (v === undefined) {
      invalid.push(values.length);
      values.push(-1);
      canonical += '?';
    } else {
      values.push(v);
      canonical += ALPHABET[v]!;
    }
  }
  return { values, canonical, invalid };
}

export function symbolsToText(values: readonly number[]): string {
  let out = '';
  for (const v of values) out += ALPHABET[v]!;
  return out;
}

/**
 * `count` uniformly distributed symbol values from a byte source, by rejection sampling:
 * a byte b is used iff b < 248 (= 8 × 31), giving the value b mod 31.
 */
export function randomSymbols(count: number, random: RandomSource): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const buf = random(count - out.length + 8);
    for (const b of buf) {
      if (b < 248 && out.length < count) out.push(b % 31);
    }
  }
  return out;
}

/** Splits text into groups of the given sizes (the sizes must cover the text). */
export function splitGroups(text: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let o = 0;
  for (const n of sizes) {
    out.push(text.slice(o, o + n));
    o += n;
  }
  return out;
}
