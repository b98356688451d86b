import { describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-en';
import { EXCLUDED_PASSPHRASE_WORDS } from '../../../src/main/core/vault/passphrase-excluded';
import { generatePassphrase, passphraseWords, uniformIndex, WORD_LIST_SIZE, type RandomBytes } from '../../../src/main/core/vault/passphrase-generator';

/** A byte source that answers the given 32-bit draws in order (big-endian), and counts them. */
function scripted(draws: number[]): RandomBytes & { used: number } {
  const source = Object.assign(
    (length: number) => {
      expect(length).toBe(4);
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, draws[source.used++]!);
      return bytes;
    },
    { used: 0 },
  );
  return source;
}

describe('uniformIndex', () => {
  it('rejects a draw in the last partial block of n and takes the next one (no modulo bias)', () => {
    // n = 3: 2^32 mod 3 = 1, so only the draw 2^32 - 1 is in the partial block; taken modulo 3 it would give 0 once more often.
    const source = scripted([2 ** 32 - 1, 2 ** 32 - 2]);
    expect(uniformIndex(3, source)).toBe((2 ** 32 - 2) % 3);
    expect(source.used).toBe(2);
    // n = 10: the partial block is the top 2^32 mod 10 = 6 draws; the one just below it is accepted.
    const below = scripted([2 ** 32 - 7]);
    expect(uniformIndex(10, below)).toBe((2 ** 32 - 7) % 10);
    expect(below.used).toBe(1);
    const top = scripted([2 ** 32 - 6, 2 ** 32 - 1, 5]);
    expect(uniformIndex(10, top)).toBe(5);
    expect(top.used).toBe(3);
  });

  it('is uniform with the system generator (chi-squared over 7 values)', () => {
    const counts = new Array<number>(7).fill(0);
    const draws = 70_000;
    for (let i = 0; i < draws; i++) counts[uniformIndex(7)]! += 1;
    // 6 degrees of freedom: p < 1e-6 above ~35.9.
    const chi2 = counts.reduce((sum, count) => sum + (count - draws / 7) ** 2 / (draws / 7), 0);
    expect(chi2).toBeLessThan(35.9);
  });

  it('refuses a range it cannot draw from', () => {
    for (const n of [0, 1.5, 2 ** 32 + 1]) expect(() => uniformIndex(n)).toThrow(RangeError);
  });
});

describe('generatePassphrase', () => {
  it('has the words asked for, from the list, joined by the separator, with N × log2(size) bits', async () => {
    const words = await passphraseWords();
    expect(words).toHaveLength(WORD_LIST_SIZE);
    expect(new Set(words).size).toBe(WORD_LIST_SIZE);
    for (const word of words) expect(word).toMatch(/^[a-z]{3,9}$/);
    const { passphrase, entropyBits } = generatePassphrase(words, 6, '.');
    const chosen = passphrase.split('.');
    expect(chosen).toHaveLength(6);
    for (const word of chosen) expect(words).toContain(word);
    expect(entropyBits).toBe(78);
  });

  it('leaves out slurs, profanity and the like, and takes the next most frequent words in their place', async () => {
    const words = await passphraseWords();
    const list = new Set(words);
    for (const word of ['cunt', 'nigger', 'faggot', 'fuck', 'rape', 'hitler']) expect(EXCLUDED_PASSPHRASE_WORDS.has(word)).toBe(true);
    for (const word of EXCLUDED_PASSPHRASE_WORDS) expect(list.has(word), word).toBe(false);
    // Each excluded word is a plain word of the dictionary (no dead entries), and the list is the most frequent of the rest.
    const plain = [...new Set(dictionary['commonWords-en'].filter((word) => /^[a-z]{3,9}$/.test(word)))];
    for (const word of EXCLUDED_PASSPHRASE_WORDS) expect(plain, word).toContain(word);
    expect(words).toEqual(plain.filter((word) => !EXCLUDED_PASSPHRASE_WORDS.has(word)).slice(0, WORD_LIST_SIZE));
  });

  it('picks each word by its own uniform draw', () => {
    const words = ['ant', 'bee', 'cat', 'dog', 'eel'];
    expect(generatePassphrase(words, 3, ' ', scripted([4, 0, 2 ** 32 - 1, 7])).passphrase).toBe('eel ant cat');
  });

  it('refuses a word count outside 3 to 20', () => {
    for (const count of [2, 21, 4.5]) expect(() => generatePassphrase(['ant', 'bee'], count)).toThrow(RangeError);
  });
});
