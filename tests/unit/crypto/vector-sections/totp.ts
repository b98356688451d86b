/**
 * Authenticator-app codes (§13.0 of docs/security-design.md): all six SHA-1 rows of RFC 6238
 * Appendix B. The secret is the RFC's ASCII "12345678901234567890", given to the app as
 * unpadded base32 (RFC 4648). Each row: the Unix time, its 30-second step, the RFC's 8-digit
 * code and the 6-digit code Latchkey uses (the same value mod 10^6: the last six digits).
 * Checks hold the rows to the RFC's numbers and run the server's own check on each 6-digit
 * code at its time (accepted in its step; refused once that step is used, or with a digit changed).
 */

import { generate } from 'otplib';
import { expect } from 'vitest';
import { utf8 } from '../../../../src/shared/crypto/bytes';
import { totpParameters, totpStepOf } from '../../../../src/server/two-factor/totp';
import type { VectorSection } from './section';

const SECRET_ASCII = '12345678901234567890';
const SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** RFC 6238 Appendix B, SHA-1 column: time (s) and 8-digit code. */
const RFC6238_SHA1: [unixTime: number, code8: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

interface TotpVector {
  secretAscii: string;
  secretBase32: string;
  algorithm: string;
  period: number;
  t0: number;
  digits: number;
  rows: { unixTime: number; step: number; code8: string; code6: string }[];
}

/** RFC 4648 base32 without padding. */
function base32(bytes: Uint8Array): string {
  const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += ALPHA[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}

export const sections: VectorSection[] = [
  {
    name: 'totp',
    compute: async (): Promise<TotpVector> => {
      const rows = [];
      for (const [unixTime] of RFC6238_SHA1) {
        const code8 = await generate({ secret: SECRET_BASE32, ...totpParameters, digits: 8, epoch: unixTime });
        const code6 = await generate({ secret: SECRET_BASE32, ...totpParameters, epoch: unixTime });
        rows.push({ unixTime, step: Math.floor(unixTime / totpParameters.period), code8, code6 });
      }
      return { secretAscii: SECRET_ASCII, secretBase32: SECRET_BASE32, algorithm: 'SHA-1', period: totpParameters.period, t0: 0, digits: totpParameters.digits, rows };
    },
    check: async (published) => {
      const v = published as TotpVector;
      expect(v.secretBase32).toBe(base32(utf8(v.secretAscii)));
      expect(v.rows.map((r) => [r.unixTime, r.code8])).toEqual(RFC6238_SHA1);
      for (const r of v.rows) {
        expect(r.code6).toBe(r.code8.slice(-6));
        const nowMs = r.unixTime * 1000;
        expect(await totpStepOf(v.secretBase32, r.code6, nowMs, null)).toBe(r.step);
        expect(await totpStepOf(v.secretBase32, r.code6, nowMs, r.step)).toBeNull();
        const wrong = r.code6.slice(0, 5) + String((Number(r.code6[5]) + 1) % 10);
        expect(await totpStepOf(v.secretBase32, wrong, nowMs, null)).toBeNull();
      }
    },
  },
];
