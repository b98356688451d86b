import { describe, expect, it } from 'vitest';
import { GENERATED_PASSWORD_LENGTH, generatePassword, PASSWORD_ALPHABET, PASSWORD_CLASSES } from '../../../src/main/core/vault/password-generator';

describe('generatePassword', () => {
  it('has the length, only characters from the look-alike-free set, and every class', () => {
    for (let i = 0; i < 500; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(GENERATED_PASSWORD_LENGTH);
      for (const c of password) expect(PASSWORD_ALPHABET).toContain(c);
      for (const set of PASSWORD_CLASSES) expect([...password].some((c) => set.includes(c))).toBe(true);
    }
  });

  it('leaves out characters people confuse', () => {
    for (const c of '0Oo1lI5S2Z') expect(PASSWORD_ALPHABET).not.toContain(c);
    expect(new Set(PASSWORD_ALPHABET).size).toBe(PASSWORD_ALPHABET.length);
  });

  it('uses the characters of each class equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) for (const c of generatePassword()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(PASSWORD_ALPHABET.length);
    // The class rule favours the small classes (digits, symbols) a little, so compare within each class.
    // Chi-squared, 62 degrees of freedom in all: p < 1e-6 above ~130.
    let chi2 = 0;
    for (const set of PASSWORD_CLASSES) {
      const expected = [...set].reduce((sum, c) => sum + (counts.get(c) ?? 0), 0) / set.length;
      for (const c of set) chi2 += ((counts.get(c) ?? 0) - expected) ** 2 / expected;
    }
    expect(chi2).toBeLessThan(130);
  });

  it('rejects candidates missing a class instead of patching them', () => {
    let call = 0;
    // First candidate: all 'a'; the second starts with one character of each class.
    const offsets = PASSWORD_CLASSES.map((_, i) => PASSWORD_CLASSES.slice(0, i).join('').length);
    const pick = () => (call++ < 8 ? 0 : (offsets[call - 9] ?? 0));
    const password = generatePassword(8, pick);
    expect(password).toBe(`${offsets.map((i) => PASSWORD_ALPHABET[i]).join('')}aaaa`);
    expect(call).toBe(16);
  });

  it('refuses lengths too short for one of each class', () => {
    expect(() => generatePassword(3)).toThrow(RangeError);
  });
});
