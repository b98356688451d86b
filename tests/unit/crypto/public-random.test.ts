/**
 * The pooled CSPRNG for public values (item nonces and ids): every draw is fresh bytes, across
 * the buffer's refills and for any length, and two items sealed in a row never share a nonce.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADER_BYTES, NONCE_BYTES } from '../../../src/shared/crypto/envelope';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { initCrypto, publicRandom } from '../../../src/main/core/crypto/sodium';
import { encryptItemPart } from '../../../src/main/core/crypto/vault-items';
import { newId } from '../../../src/main/core/vault/open-vault';

beforeAll(initCrypto);

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('publicRandom', () => {
  it('hands out each byte once: 2,000 nonces (over ten refills of the buffer) all differ, none of them zeros', () => {
    const drawn = Array.from({ length: 2000 }, () => publicRandom(NONCE_BYTES));
    expect(drawn.every((nonce) => nonce.length === NONCE_BYTES)).toBe(true);
    expect(new Set(drawn.map(hex)).size).toBe(drawn.length);
    expect(drawn.some((nonce) => nonce.every((byte) => byte === 0))).toBe(false);
  });

  it('answers odd lengths that straddle a refill, and lengths over the buffer, with fresh bytes of that length', () => {
    const lengths = [1, 7, 4095, 4096, 4097, 10_000, 13];
    const drawn = lengths.map((length) => publicRandom(length));
    expect(drawn.map((bytes) => bytes.length)).toEqual(lengths);
    // A 4,096-byte draw of a working CSPRNG holds every byte value; a wiped or stale buffer would not.
    expect(new Set(drawn[3]).size).toBe(256);
    expect(new Set(drawn[5]).size).toBe(256);
  });

  it('gives item ids of 16 bytes as base64url, all different', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('seals the same item twice under two different nonces', () => {
    const key = SecretBytes.copyOf(new Uint8Array(32).fill(9));
    const ctx = { vaultId: 'v', itemId: 'i', version: 1 };
    const plaintext = new TextEncoder().encode('{"title":"same"}');
    const [a, b] = [encryptItemPart(key, 'overview', ctx, plaintext), encryptItemPart(key, 'overview', ctx, plaintext)];
    expect(hex(a!.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES))).not.toBe(hex(b!.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES)));
  });
});
