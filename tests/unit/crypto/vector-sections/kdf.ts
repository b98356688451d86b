/**
 * Key derivation vectors (§1, §6, §7.1 of docs/security-design.md):
 * - `argon2id`: the Argon2 reference implementation's published Argon2id answers
 *   (phc-winner-argon2 `src/test.c`, version 0x13, 32-byte tags) and one cross-check against
 *   libsodium's independent Argon2id, plus the floor and ceiling a client enforces. RFC 9106
 *   §5.3's vector needs associated data, which `@node-rs/argon2` cannot take.
 * - `hkdf`: RFC 5869 appendix A test cases 1–3, and every label of §7.1 (every entry of
 *   HKDF_LABELS) applied to one named input key and salt.
 * Checks hold the computed values to the published sources' own numbers and to a second,
 * independent computation (libsodium's Argon2id; HKDF written out from HMAC-SHA256).
 */

import { createHmac } from 'node:crypto';
import sodiumModule from 'libsodium-wrappers-sumo';
import { expect } from 'vitest';
import { ARGON2ID_CEILING, ARGON2ID_FLOOR, ARGON2ID_OUTPUT_BYTES, ARGON2ID_SALT_BYTES } from '../../../../src/shared/crypto/argon2-params';
import { ascii, fromHex, toHex, utf8 } from '../../../../src/shared/crypto/bytes';
import { HKDF_LABELS } from '../../../../src/shared/crypto/labels';
import { argon2id, argon2idUnchecked } from '../../../../src/main/core/crypto/argon2';
import { hkdfSha256 } from '../../../../src/main/core/crypto/hkdf';
import type { VectorSection } from './section';

/** phc-winner-argon2 src/test.c, Argon2id v=0x13: password "password", salt "somesalt". */
const REFERENCE_ROWS = [
  { memoryKiB: 65536, iterations: 2, parallelism: 1, tag: '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7' },
  { memoryKiB: 256, iterations: 2, parallelism: 1, tag: '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe' },
  { memoryKiB: 256, iterations: 2, parallelism: 2, tag: '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037' },
] as const;
const CROSS_CHECK = { password: 'latchkey cross-check', salt: '0f0e0d0c0b0a09080706050403020100', memoryKiB: 4096, iterations: 3, parallelism: 1 };

/** RFC 5869 appendix A (SHA-256): inputs and the RFC's OKM. */
const range = (from: number, to: number) => toHex(Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i));
const RFC5869 = [
  { testCase: 1, ikm: '0b'.repeat(22), salt: range(0x00, 0x0c), info: range(0xf0, 0xf9), length: 42, okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865' },
  {
    testCase: 2,
    ikm: range(0x00, 0x4f),
    salt: range(0x60, 0xaf),
    info: range(0xb0, 0xff),
    length: 82,
    okm: 'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87',
  },
  { testCase: 3, ikm: '0b'.repeat(22), salt: '', info: '', length: 42, okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8' },
] as const;
/** The one input key and salt (ASCII "K14FFP7K") every §7.1 label is applied to here. */
const LABEL_INPUT = { inputKey: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', salt: '4b3134464650374b' };

interface Argon2Vector {
  reference: { password: string; salt: string; version: number; tagLength: number; rows: { memoryKiB: number; iterations: number; parallelism: number; tag: string }[] };
  crossCheck: typeof CROSS_CHECK & { tag: string };
  floor: { memoryKiB: number; iterations: number; parallelism: number };
  ceiling: { memoryKiB: number; iterations: number; parallelism: number };
  saltBytes: number;
  tagBytes: number;
}
interface HkdfVector {
  rfc5869: { testCase: number; ikm: string; salt: string; info: string; length: number; okm: string }[];
  labels: { inputKey: string; salt: string; length: number; outputs: { name: string; info: string; okm: string }[] };
}

/** HKDF-SHA256 written out from HMAC (RFC 5869 §2.2–2.3), independent of node's hkdfSync. */
function hkdfByHmac(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): string {
  const prk = createHmac('sha256', salt.length ? salt : new Uint8Array(32)).update(ikm).digest();
  let t = Buffer.alloc(0);
  let okm = Buffer.alloc(0);
  for (let i = 1; okm.length < length; i++) {
    t = createHmac('sha256', prk).update(Buffer.concat([t, info, Buffer.of(i)])).digest();
    okm = Buffer.concat([okm, t]);
  }
  return okm.subarray(0, length).toString('hex');
}

export const sections: VectorSection[] = [
  {
    name: 'argon2id',
    compute: async (): Promise<Argon2Vector> => {
      const rows = [];
      for (const { memoryKiB, iterations, parallelism } of REFERENCE_ROWS) {
        const tag = await argon2idUnchecked(utf8('password'), utf8('somesalt'), { memoryKiB, iterations, parallelism }, 32);
        rows.push({ memoryKiB, iterations, parallelism, tag: toHex(tag) });
      }
      const cross = await argon2idUnchecked(utf8(CROSS_CHECK.password), fromHex(CROSS_CHECK.salt), CROSS_CHECK, 32);
      return {
        reference: { password: 'password', salt: 'somesalt', version: 0x13, tagLength: 32, rows },
        crossCheck: { ...CROSS_CHECK, tag: toHex(cross) },
        floor: { ...ARGON2ID_FLOOR },
        ceiling: { ...ARGON2ID_CEILING },
        saltBytes: ARGON2ID_SALT_BYTES,
        tagBytes: ARGON2ID_OUTPUT_BYTES,
      };
    },
    check: async (published) => {
      const v = published as Argon2Vector;
      // The reference implementation's own answers.
      expect(v.reference.rows).toEqual(REFERENCE_ROWS.map((row) => ({ ...row })));
      // libsodium's Argon2id agrees on the cross-check input.
      const c = v.crossCheck;
      const theirs = sodiumModule.crypto_pwhash(32, utf8(c.password), fromHex(c.salt), c.iterations, c.memoryKiB * 1024, sodiumModule.crypto_pwhash_ALG_ARGON2ID13);
      expect(c.tag).toBe(toHex(theirs));
      // One step below the floor, or above the ceiling, in any parameter is refused before any work.
      const salt = new Uint8Array(v.saltBytes);
      for (const name of ['memoryKiB', 'iterations', 'parallelism'] as const) {
        for (const params of [{ ...v.floor, [name]: v.floor[name] - 1 }, { ...v.floor, [name]: v.ceiling[name] + 1 }]) {
          await expect(argon2id(utf8('x'), salt, params)).rejects.toMatchObject({ code: 'KDF_PARAMS_REJECTED' });
        }
      }
    },
  },
  {
    name: 'hkdf',
    compute: (): HkdfVector => ({
      rfc5869: RFC5869.map((c) => ({ ...c, okm: toHex(hkdfSha256(fromHex(c.ikm), fromHex(c.salt), fromHex(c.info), c.length)) })),
      labels: {
        ...LABEL_INPUT,
        length: 32,
        outputs: Object.entries(HKDF_LABELS).map(([name, info]) => ({
          name,
          info,
          okm: toHex(hkdfSha256(fromHex(LABEL_INPUT.inputKey), fromHex(LABEL_INPUT.salt), info, 32)),
        })),
      },
    }),
    check: (published) => {
      const v = published as HkdfVector;
      expect(v.rfc5869.map((c) => c.okm)).toEqual(RFC5869.map((c) => c.okm));
      for (const c of v.rfc5869) expect(hkdfByHmac(fromHex(c.ikm), fromHex(c.salt), fromHex(c.info), c.length)).toBe(c.okm);
      const { inputKey, salt, length, outputs } = v.labels;
      expect(outputs.map((o) => o.info)).toEqual(Object.values(HKDF_LABELS));
      for (const o of outputs) expect(hkdfByHmac(fromHex(inputKey), fromHex(salt), ascii(o.info), length)).toBe(o.okm);
      // Distinct labels give unrelated keys from the same input.
      expect(new Set(outputs.map((o) => o.okm)).size).toBe(outputs.length);
    },
  },
];
