/**
 * One-time codes: RFC 6238 Appendix B, read from the RFC's own table (8 digits, 30 s, the three
 * hashes, with the reference implementation's seeds), and the 6-digit and 60-second variants.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base32Bytes, totpCode } from '../../../src/main/core/otp/totp-code';
import { readOtpSetup, type OtpAlgorithm } from '../../../src/shared/vault/otp-setup';

interface Vector {
  seconds: number;
  stepHex: string;
  code: string;
  algorithm: OtpAlgorithm;
}

/** Every row of the table with a time in it: | time | date | T (hex) | TOTP | mode |. */
function appendixB(): Vector[] {
  const text = readFileSync(new URL('./rfc6238-appendix-b.txt', import.meta.url), 'utf8');
  return [...text.matchAll(/^\s*\|\s*(\d+)\s*\|[^|]*\|\s*([0-9A-F]{16})\s*\|\s*(\d{8})\s*\|\s*(SHA1|SHA256|SHA512)\s*\|$/gm)].map((row) => ({
    seconds: Number(row[1]),
    stepHex: row[2]!,
    code: row[3]!,
    algorithm: row[4] as OtpAlgorithm,
  }));
}

const seedLength = { SHA1: 20, SHA256: 32, SHA512: 64 } as const;

/** The reference seed "1234567890…" to the hash's length, in base32 (what an item stores). */
function seed(algorithm: OtpAlgorithm): string {
  const ascii = '1234567890'.repeat(7).slice(0, seedLength[algorithm]);
  const bytes = Buffer.from(ascii, 'ascii');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => alphabet[parseInt(chunk.padEnd(5, '0'), 2)]).join('');
}

describe('RFC 6238 Appendix B', () => {
  const vectors = appendixB();

  it('reads all 18 rows of the table, six per hash', () => {
    expect(vectors).toHaveLength(18);
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) expect(vectors.filter((row) => row.algorithm === algorithm)).toHaveLength(6);
  });

  it('the base32 seeds decode to the reference seeds', () => {
    expect(base32Bytes(seed('SHA1')).toString('ascii')).toBe('12345678901234567890');
    expect(base32Bytes(seed('SHA512'))).toHaveLength(64);
  });

  it.each(appendixB())('$seconds s, $algorithm: $code', ({ seconds, stepHex, code, algorithm }) => {
    const result = totpCode({ secret: seed(algorithm), algorithm, digits: 8, period: 30 }, seconds * 1000);
    expect(result.code).toBe(code);
    expect(Math.floor(seconds / 30)).toBe(parseInt(stepHex, 16));
    expect(result.expiresAtMs).toBe((parseInt(stepHex, 16) + 1) * 30_000);
  });
});

describe('other lengths and steps', () => {
  it('6 digits is the 8-digit code modulo 10^6 (the last six digits)', () => {
    for (const row of appendixB()) {
      const six = totpCode({ secret: seed(row.algorithm), algorithm: row.algorithm, digits: 6, period: 30 }, row.seconds * 1000);
      expect(six.code).toBe(row.code.slice(2));
    }
  });

  it('a 60-second step counts T in minutes: the code of step T is the same whatever the period', () => {
    const setup = { secret: seed('SHA1'), algorithm: 'SHA1' as const, digits: 8 as const };
    // 1111111109 s is step 18518518 of 60 s; that step of 30 s begins at 555555540 s.
    const sixty = totpCode({ ...setup, period: 60 }, 1_111_111_109_000);
    expect(sixty.code).toBe(totpCode({ ...setup, period: 30 }, 555_555_540_000).code);
    expect(sixty.code).not.toBe(totpCode({ ...setup, period: 30 }, 1_111_111_109_000).code);
    expect(sixty).toMatchObject({ period: 60, expiresAtMs: 1_111_111_140_000 });
  });

  it('a code is the same through its step and changes at expiresAt', () => {
    const setup = { secret: seed('SHA256'), algorithm: 'SHA256' as const, digits: 6 as const, period: 30 as const };
    const first = totpCode(setup, 1_234_567_890_000);
    expect(totpCode(setup, first.expiresAtMs - 1).code).toBe(first.code);
    expect(totpCode(setup, first.expiresAtMs).code).not.toBe(first.code);
  });

  it('a pasted setup key with spaces and in lower case gives the same codes as the URI', () => {
    const key = seed('SHA1').toLowerCase().replace(/(.{4})/g, '$1 ');
    const pasted = readOtpSetup(key);
    const fromUri = readOtpSetup(`otpauth://totp/Example:alice?secret=${seed('SHA1')}&digits=8`);
    if (!pasted.ok || !fromUri.ok) throw new Error('both should read');
    expect(totpCode({ ...pasted.setup, digits: 8 }, 59_000).code).toBe('94287082');
    expect(totpCode(fromUri.setup, 59_000).code).toBe('94287082');
  });
});
