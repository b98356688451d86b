/**
 * Known-answer tests of the primitives, from their published vectors.
 *
 * HKDF: RFC 5869 appendix A, test cases 1–3 (SHA-256).
 * Argon2id: RFC 9106 §5.3's vector needs a secret AND associated data; @node-rs/argon2
 * accepts a secret but has no associated-data option, so that vector cannot be reproduced
 * through it. Instead: the Argon2 reference implementation's published Argon2id vectors
 * (phc-winner-argon2, src/test.c, version 0x13, password "password", salt "somesalt",
 * 32-byte tags), plus a cross-check against libsodium's independent Argon2id.
 * X25519 / Ed25519: RFC 7748 §6.1 (Alice) and RFC 8032 §7.1 test 1 via the keyset.
 */

import sodiumModule from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../../src/shared/crypto/bytes';
import { argon2idUnchecked } from '../../../src/main/core/crypto/argon2';
import { hkdfSha256 } from '../../../src/main/core/crypto/hkdf';
import { generateKeyset, signDetached } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { scriptedRandom } from './vector-cases';

beforeAll(initCrypto);

function range(from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from + 1);
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}

describe('HKDF-SHA256 (RFC 5869 appendix A)', () => {
  it('test case 1', () => {
    const okm = hkdfSha256(new Uint8Array(22).fill(0x0b), range(0x00, 0x0c), range(0xf0, 0xf9), 42);
    expect(toHex(okm)).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });
  it('test case 2 (long inputs)', () => {
    const okm = hkdfSha256(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82);
    expect(toHex(okm)).toBe(
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87',
    );
  });
  it('test case 3 (empty salt and info)', () => {
    const okm = hkdfSha256(new Uint8Array(22).fill(0x0b), new Uint8Array(0), new Uint8Array(0), 42);
    expect(toHex(okm)).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
  });
});

describe('Argon2id (reference implementation vectors, v=0x13)', () => {
  const pw = utf8('password');
  const salt = utf8('somesalt');
  it.each([
    [65536, 2, 1, '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7'],
    [256, 2, 1, '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe'],
    [256, 2, 2, '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037'],
  ])('m=%i KiB t=%i p=%i', async (memoryKiB, iterations, parallelism, tag) => {
    const out = await argon2idUnchecked(pw, salt, { memoryKiB, iterations, parallelism }, 32);
    expect(toHex(out)).toBe(tag);
  });

  it('agrees with libsodium crypto_pwhash (Argon2id13, p=1) on other inputs', async () => {
    const password = utf8('latchkey cross-check');
    const s = fromHex('0f0e0d0c0b0a09080706050403020100');
    const ours = await argon2idUnchecked(password, s, { memoryKiB: 4096, iterations: 3, parallelism: 1 }, 32);
    const theirs = sodiumModule.crypto_pwhash(32, password, s, 3, 4096 * 1024, sodiumModule.crypto_pwhash_ALG_ARGON2ID13);
    expect(toHex(ours)).toBe(toHex(theirs));
  });
});

describe('keyset primitives', () => {
  it('X25519 public key of RFC 7748 Alice, Ed25519 key and signature of RFC 8032 test 1', () => {
    const ks = generateKeyset(
      'k',
      scriptedRandom(
        '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
        '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      ),
    );
    expect(toHex(ks.boxPublicKey)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(toHex(ks.signPublicKey)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(toHex(signDetached(ks, new Uint8Array(0)))).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });
});
