/**
 * Generated passwords: 20 characters from a set without look-alikes (no 0/O/o, 1/l/I, 5/S,
 * 2/Z), with at least one lower-case letter, upper-case letter, digit and symbol, so sites
 * with composition rules accept them. About 20 × log2(67) ≈ 121 bits before the class
 * rule, which costs under one bit.
 */
import { randomInt } from 'node:crypto';

export const PASSWORD_CLASSES = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRTUVWXY', '346789', '!#$%&*+-=?@^_~'] as const;
export const PASSWORD_ALPHABET = PASSWORD_CLASSES.join('');
export const GENERATED_PASSWORD_LENGTH = 20;

/** `pick(n)` returns a uniform integer in [0, n); injectable for tests. `classes`: without symbols, the first three. */
export function generatePassword(length = GENERATED_PASSWORD_LENGTH, pick: (n: number) => number = randomInt, classes: readonly string[] = PASSWORD_CLASSES): string {
  if (length < classes.length) throw new RangeError(`A password needs at least ${classes.length} characters`);
  const alphabet = classes.join('');
  // Rejection sampling over whole passwords keeps every accepted password equally likely.
  for (;;) {
    let candidate = '';
    for (let i = 0; i < length; i++) candidate += alphabet[pick(alphabet.length)];
    if (classes.every((set) => [...candidate].some((c) => set.includes(c)))) return candidate;
  }
}
