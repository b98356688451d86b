/**
 * The symbol generators (§2 of docs/security-design.md) from fixed random bytes: each call to
 * the random source asks for (symbols still needed + 8) bytes; a byte b < 248 gives the symbol
 * b mod 31, a byte ≥ 248 is skipped, and bytes left over once enough symbols are drawn are
 * discarded. `draws` lists the source's answers in order: compute fails if the generator asks
 * for another number of bytes (scriptedRandom checks every size).
 * - `accountIdGeneration`: the server's 6-symbol account id (one draw of 14 bytes).
 * - `secretKeyGeneration`: a Secret Key's 26 secret symbols for that account id (a draw of
 *   34 bytes with 10 skipped, then a draw of 26 − 24 + 8 = 10 bytes).
 * - `recoveryCodeGeneration`: a recovery code's 52 data symbols (one draw of 60 bytes).
 */

import { expect } from 'vitest';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { formatRecoveryCode, generateRecoveryCode, parseRecoveryCode } from '../../../../src/shared/crypto/recovery-code';
import { canonicalSecretKey, formatSecretKey, generateAccountId, generateSecretKey, parseSecretKey } from '../../../../src/shared/crypto/secret-key';
import { ALPHABET } from '../../../../src/shared/crypto/symbols';
import { scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

/** `count` bytes: every `every`-th one (from index `every − 1`) is a skipped byte ≥ 248, the others below 248. */
function bytesWithSkips(count: number, every: number, seed: number): string {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (i + 1) % every === 0 ? 248 + (i % 8) : (seed + i * 53) % 248;
  return toHex(out);
}

const ACCOUNT_ID_DRAWS = [bytesWithSkips(14, 5, 11)];
/** 34 bytes with 10 skipped (every third, indices 2 to 29) give 24 symbols; then 10 bytes, starting with a skipped 0xfe and an accepted 0xf7 (247 → 30). */
const SECRET_KEY_DRAWS = [
  bytesWithSkips(30, 3, 7) + bytesWithSkips(4, 99, 101),
  'fef700112233445566ff',
];
const RECOVERY_CODE_DRAWS = [bytesWithSkips(60, 20, 3)];

interface GeneratorVector {
  draws: string[];
  symbols: string;
  formatted: string;
}

/** The symbols a generator takes from its draws, by the rule above (an independent reading of the bytes). */
function symbolsOf(draws: string[], needed: number): string {
  let out = '';
  for (const draw of draws) for (const b of fromHex(draw)) if (b < 248 && out.length < needed) out += ALPHABET[b % 31];
  return out;
}

export const sections: VectorSection[] = [
  {
    name: 'accountIdGeneration',
    compute: (): GeneratorVector => {
      const id = generateAccountId(scriptedRandom(...ACCOUNT_ID_DRAWS));
      return { draws: ACCOUNT_ID_DRAWS, symbols: id, formatted: id };
    },
    check: (published) => {
      const v = published as GeneratorVector;
      expect(v.symbols).toBe(symbolsOf(v.draws, 6));
    },
  },
  {
    name: 'secretKeyGeneration',
    compute: (): GeneratorVector & { accountId: string; canonical: string } => {
      const key = generateSecretKey(scriptedRandom(...SECRET_KEY_DRAWS), '4FFP7K');
      return { accountId: key.accountId, draws: SECRET_KEY_DRAWS, symbols: canonicalSecretKey(key).slice(8), formatted: formatSecretKey(key), canonical: canonicalSecretKey(key) };
    },
    check: (published) => {
      const v = published as GeneratorVector & { accountId: string; canonical: string };
      expect(v.symbols).toBe(symbolsOf(v.draws, 26));
      expect(v.canonical).toBe(`K1${v.accountId}${v.symbols}`);
      expect(canonicalSecretKey(parseSecretKey(v.formatted))).toBe(v.canonical);
    },
  },
  {
    name: 'recoveryCodeGeneration',
    compute: (): GeneratorVector => {
      const code = generateRecoveryCode(scriptedRandom(...RECOVERY_CODE_DRAWS));
      const formatted = formatRecoveryCode(code);
      const dataSymbols = formatted.split('-').slice(1).map((group) => group.slice(0, 4)).join('');
      return { draws: RECOVERY_CODE_DRAWS, symbols: dataSymbols, formatted };
    },
    check: (published) => {
      const v = published as GeneratorVector;
      expect(v.symbols).toBe(symbolsOf(v.draws, 52));
      expect(formatRecoveryCode(parseRecoveryCode(v.formatted))).toBe(v.formatted);
    },
  },
];
