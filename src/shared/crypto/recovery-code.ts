/**
 * Recovery code format "R1": a version prefix and 13 groups of 5 symbols of the 31-symbol
 * alphabet. In each group the first 4 symbols are random data and the 5th is a check
 * symbol: 52 data symbols, 52 × log2(31) ≈ 257.6 bits.
 *
 *   R1-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX
 *
 * Check rule, for group number G (1..13) with symbol values x1..x5:
 *   (G + 1·x1 + 2·x2 + 3·x3 + 4·x4 + 5·x5) mod 31 = 0
 * Since 31 is prime and the weights 1..5 are non-zero and pairwise distinct mod 31, every
 * single substitution and every adjacent transposition inside a group changes the sum;
 * a transposition across a group boundary changes both groups' sums; swapping two whole
 * groups changes the G term. Canonical form: "R1" followed by the 65 symbols.
 */

import { ascii } from './bytes';
import { RecoveryCodeParseError } from './errors';
import type { RandomSource } from './random';
import { SecretBytes } from './secret-bytes';
import { SECRET_KEY_CANONICAL_LENGTH, SECRET_KEY_VERSION } from './secret-key';
import { ALPHABET_SIZE, normaliseSymbols, randomSymbols, symbolsToText } from './symbols';

export const RECOVERY_CODE_VERSION = 'R1';
export const RECOVERY_GROUP_COUNT = 13;
export const RECOVERY_GROUP_DATA = 4;
export const RECOVERY_GROUP_SIZE = RECOVERY_GROUP_DATA + 1;
export const RECOVERY_BODY_LENGTH = RECOVERY_GROUP_COUNT * RECOVERY_GROUP_SIZE;
export const RECOVERY_CANONICAL_LENGTH = 2 + RECOVERY_BODY_LENGTH;

/** Inverse of 5 modulo 31 (5 × 25 = 125 = 4 × 31 + 1). */
const INV_CHECK_WEIGHT = 25;

export interface RecoveryCode {
  readonly version: typeof RECOVERY_CODE_VERSION;
  /** ASCII bytes of the canonical form (67 characters). */
  readonly canonical: SecretBytes;
}

function mod31(n: number): number {
  return ((n % ALPHABET_SIZE) + ALPHABET_SIZE) % ALPHABET_SIZE;
}

/** The check symbol value of a group (G is 1-based) from its 4 data values. */
export function groupCheckValue(groupNumber: number, data: readonly number[]): number {
  let s = groupNumber;
  for (let i = 0; i < RECOVERY_GROUP_DATA; i++) s += (i + 1) * data[i]!;
  return mod31(-s * INV_CHECK_WEIGHT);
}

/** True iff the 5 values of group G satisfy the check rule. */
export function groupVerifies(groupNumber: number, values: readonly number[]): boolean {
  let s = groupNumber;
  for (let i = 0; i < RECOVERY_GROUP_SIZE; i++) s += (i + 1) * values[i]!;
  return s % ALPHABET_SIZE === 0;
}

/** A recovery code from 52 data symbol values (0..30). Used by generation and by tests. */
export function recoveryCodeFromData(data: readonly number[]): RecoveryCode {
  if (data.length !== RECOVERY_GROUP_COUNT * RECOVERY_GROUP_DATA || data.some((v) => !(v >= 0 && v < 31))) {
    throw new RecoveryCodeParseError('wrong-length', 'A recovery code has 52 data symbols');
  }
  const body: number[] = [];
  for (let g = 0; g < RECOVERY_GROUP_COUNT; g++) {
    const d = data.slice(g * RECOVERY_GROUP_DATA, (g + 1) * RECOVERY_GROUP_DATA);
    body.push(...d, groupCheckValue(g + 1, d));
  }
  return { version: RECOVERY_CODE_VERSION, canonical: new SecretBytes(ascii(RECOVERY_CODE_VERSION + symbolsToText(body))) };
}

export function generateRecoveryCode(random: RandomSource): RecoveryCode {
  return recoveryCodeFromData(randomSymbols(RECOVERY_GROUP_COUNT * RECOVERY_GROUP_DATA, random));
}

function canonicalText(code: RecoveryCode): string {
  return String.fromCharCode(...code.canonical.expose());
}

/** Display form: R1-XXXXX-…-XXXXX (13 groups of 5). */
export function formatRecoveryCode(code: RecoveryCode): string {
  const text = canonicalText(code);
  const groups = [RECOVERY_CODE_VERSION];
  for (let g = 0; g < RECOVERY_GROUP_COUNT; g++) groups.push(text.slice(2 + g * 5, 2 + (g + 1) * 5));
  return groups.join('-');
}

function groupOf(bodyIndex: number): number {
  return Math.floor(bodyIndex / RECOVERY_GROUP_SIZE) + 1;
}

/**
 * Decodes typed text forgivingly (case, spaces, dashes, O→0, I/L→1, full-width forms).
 * Throws RecoveryCodeParseError naming the wrong group(s); never echoes the input.
 */
export function parseRecoveryCode(text: string): RecoveryCode {
  const n = normaliseSymbols(text);
  if (n.values.length === 0) throw new RecoveryCodeParseError('empty', 'Enter your recovery code');
  if (n.invalid.some((i) => i < 2) || !n.canonical.startsWith(RECOVERY_CODE_VERSION)) {
    if (n.canonical.startsWith(SECRET_KEY_VERSION) && n.canonical.length === SECRET_KEY_CANONICAL_LENGTH) {
      throw new RecoveryCodeParseError('looks-like-secret-key', 'This looks like a Secret Key, not a recovery code');
    }
    throw new RecoveryCodeParseError('wrong-version', `A recovery code starts with ${RECOVERY_CODE_VERSION}`);
  }
  const body = n.values.slice(2);
  if (n.invalid.length > 0) {
    const groups = [...new Set(n.invalid.map((i) => groupOf(i - 2)))];
    const list = groups.join(', ');
    throw new RecoveryCodeParseError(
      'invalid-character',
      `Group ${list} contains a character that is not used in recovery codes`,
      groups,
    );
  }
  if (body.length !== RECOVERY_BODY_LENGTH) {
    // Name the first complete group that fails: an insertion or deletion usually sits there.
    let first: number | undefined;
    for (let g = 0; (g + 1) * RECOVERY_GROUP_SIZE <= body.length && g < RECOVERY_GROUP_COUNT; g++) {
      if (!groupVerifies(g + 1, body.slice(g * 5, g * 5 + 5))) {
        first = g + 1;
        break;
      }
    }
    const where = first === undefined ? '' : ` Check group ${first}.`;
    throw new RecoveryCodeParseError(
      'wrong-length',
      `A recovery code has ${RECOVERY_GROUP_COUNT} groups of ${RECOVERY_GROUP_SIZE} characters; ${body.length < RECOVERY_BODY_LENGTH ? 'some are missing' : 'there are too many'}.${where}`,
      first === undefined ? [] : [first],
    );
  }
  const bad: number[] = [];
  for (let g = 0; g < RECOVERY_GROUP_COUNT; g++) {
    if (!groupVerifies(g + 1, body.slice(g * 5, g * 5 + 5))) bad.push(g + 1);
  }
  if (bad.length > 0) {
    throw new RecoveryCodeParseError(
      'check-failed',
      `${bad.length === 1 ? 'Group' : 'Groups'} ${bad.join(', ')} ${bad.length === 1 ? 'has' : 'have'} a typo`,
      bad,
    );
  }
  return { version: RECOVERY_CODE_VERSION, canonical: new SecretBytes(ascii(n.canonical)) };
}
