/**
 * Generated passphrases: N words, each chosen uniformly and independently with the system CSPRNG,
 * from a word list made of the English dictionary the strength meter already ships
 * (@zxcvbn-ts/language-en, its common words ranked by frequency): plain lowercase words of 3 to 9
 * letters, de-duplicated, leaving out the words no passphrase should hold (passphrase-excluded.ts),
 * the most frequent WORD_LIST_SIZE of them (the long tail is misspellings and noise). Strength:
 * N × log2(WORD_LIST_SIZE) bits, 13 a word.
 */
import { randomFillSync } from 'node:crypto';
import { EXCLUDED_PASSPHRASE_WORDS } from './passphrase-excluded';

export const PASSPHRASE_WORDS = { min: 3, max: 20 } as const;
export const WORD_LIST_SIZE = 8192;
const PLAIN_WORD = /^[a-z]{3,9}$/;
const RANGE = 2 ** 32;

/** The word list (loaded only when a passphrase is asked for: the dictionary is large). */
export async function passphraseWords(): Promise<readonly string[]> {
  const { dictionary } = await import('@zxcvbn-ts/language-en');
  const words = [...new Set(dictionary['commonWords-en'].filter((word) => PLAIN_WORD.test(word) && !EXCLUDED_PASSPHRASE_WORDS.has(word)))].slice(0, WORD_LIST_SIZE);
  if (words.length !== WORD_LIST_SIZE) throw new Error(`the word list has ${words.length} words, not ${WORD_LIST_SIZE}`);
  return words;
}

/** `length` random bytes; injectable for tests. */
export type RandomBytes = (length: number) => Uint8Array;
const systemBytes: RandomBytes = (length) => randomFillSync(new Uint8Array(length));

/**
 * A uniform integer in [0, n): a 32-bit draw, rejected when it falls in the last partial block of n
 * (at or above 2^32 − 2^32 mod n), so every remainder is equally likely (no modulo bias).
 */
export function uniformIndex(n: number, random: RandomBytes = systemBytes): number {
  if (!Number.isInteger(n) || n < 1 || n > RANGE) throw new RangeError('n must be a whole number from 1 to 2^32');
  const limit = RANGE - (RANGE % n);
  for (;;) {
    const bytes = random(4);
    const drawn = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    bytes.fill(0);
    if (drawn < limit) return drawn % n;
  }
}

/** `count` words of `words` joined by `separator`, and its strength in bits. */
export function generatePassphrase(words: readonly string[], count: number, separator = '-', random?: RandomBytes): { passphrase: string; entropyBits: number } {
  if (!Number.isInteger(count) || count < PASSPHRASE_WORDS.min || count > PASSPHRASE_WORDS.max) throw new RangeError(`A passphrase has ${PASSPHRASE_WORDS.min} to ${PASSPHRASE_WORDS.max} words`);
  const chosen = Array.from({ length: count }, () => words[uniformIndex(words.length, random)]!);
  return { passphrase: chosen.join(separator), entropyBits: count * Math.log2(words.length) };
}
