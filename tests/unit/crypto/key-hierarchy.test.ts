import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../src/shared/crypto/bytes';
import { DecryptionError, EnvelopeError } from '../../../src/shared/crypto/errors';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { generateAccountKey, rewrapAccountKey, unwrapAccountKey, wrapAccountKey } from '../../../src/main/core/crypto/account-key';
import { decryptKeyset, encryptKeyset, generateKeyset, signDetached, verifyDetached } from '../../../src/main/core/crypto/keyset';
import { initCrypto, systemRandom } from '../../../src/main/core/crypto/sodium';
import { decryptItemJson, decryptItemPart, encryptItemJson, encryptItemPart } from '../../../src/main/core/crypto/vault-items';
import { generateVaultKey, openVaultKey, resealVaultKey, sealVaultKey } from '../../../src/main/core/crypto/vault-keys';

beforeAll(initCrypto);

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => SecretBytes.copyOf(b));
const id = fc.string({ minLength: 1, maxLength: 20 });

function fails(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    if (e instanceof DecryptionError || e instanceof EnvelopeError) return true;
    throw e;
  }
}

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = bit % (out.length * 8);
  out[i >> 3]! ^= 1 << (i & 7);
  return out;
}

describe('account key', () => {
  it('wraps and unwraps; any flipped bit, wrong key or wrong account id fails', () => {
    fc.assert(
      fc.property(key32, key32, key32, id, id, fc.nat(), (ak, auk, other, acct, acct2, bit) => {
        const wrapped = wrapAccountKey(ak, auk, acct);
        expect(wrapped.length).toBe(2 + 24 + 32 + 16);
        expect(toHex(unwrapAccountKey(wrapped, auk, acct).expose())).toBe(toHex(ak.expose()));
        expect(fails(() => unwrapAccountKey(flip(wrapped, bit), auk, acct))).toBe(true);
        if (toHex(other.expose()) !== toHex(auk.expose())) expect(fails(() => unwrapAccountKey(wrapped, other, acct))).toBe(true);
        if (acct2 !== acct) expect(fails(() => unwrapAccountKey(wrapped, auk, acct2))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('password change re-wraps the same account key under the new AUK', () => {
    const ak = generateAccountKey();
    const oldAuk = generateAccountKey();
    const newAuk = generateAccountKey();
    const rewrapped = rewrapAccountKey(wrapAccountKey(ak, oldAuk, 'A'), oldAuk, newAuk, 'A');
    expect(toHex(unwrapAccountKey(rewrapped, newAuk, 'A').expose())).toBe(toHex(ak.expose()));
    expect(fails(() => unwrapAccountKey(rewrapped, oldAuk, 'A'))).toBe(true);
    expect(fails(() => rewrapAccountKey(rewrapped, oldAuk, newAuk, 'A'))).toBe(true);
  });
});

describe('keyset', () => {
  it('round-trips under the account key; tampering, wrong key and swapped public keys fail', () => {
    fc.assert(
      fc.property(key32, key32, fc.nat(), (ak, other, bit) => {
        const ks = generateKeyset('ks1');
        const enc = encryptKeyset(ks, ak, 'ACCT');
        const back = decryptKeyset(enc, ak, 'ACCT');
        expect(toHex(back.boxSecretKey.expose())).toBe(toHex(ks.boxSecretKey.expose()));
        expect(verifyDetached(enc.signPublicKey, Uint8Array.of(1), signDetached(back, Uint8Array.of(1)))).toBe(true);
        expect(fails(() => decryptKeyset({ ...enc, encryptedPrivateKeys: flip(enc.encryptedPrivateKeys, bit) }, ak, 'ACCT'))).toBe(true);
        expect(fails(() => decryptKeyset(enc, other, 'ACCT'))).toBe(true);
        const attacker = generateKeyset('ks1');
        expect(fails(() => decryptKeyset({ ...enc, boxPublicKey: attacker.boxPublicKey }, ak, 'ACCT'))).toBe(true);
        expect(fails(() => decryptKeyset({ ...enc, keysetId: 'ks2' }, ak, 'ACCT'))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('vault keys', () => {
  it('seal/open; wrong vault id, wrong recipient and flipped bits fail; reseal to a new keyset', () => {
    fc.assert(
      fc.property(id, id, fc.nat(), (vaultId, otherVault, bit) => {
        const member = generateKeyset('m');
        const vk = generateVaultKey();
        const grant = sealVaultKey(vk, vaultId, member.boxPublicKey);
        expect(toHex(openVaultKey(grant, vaultId, member).expose())).toBe(toHex(vk.expose()));
        if (otherVault !== vaultId) expect(fails(() => openVaultKey(grant, otherVault, member))).toBe(true);
        expect(fails(() => openVaultKey(grant, vaultId, generateKeyset('x')))).toBe(true);
        expect(fails(() => openVaultKey(flip(grant, bit), vaultId, member))).toBe(true);
        const newMember = generateKeyset('m2');
        const regrant = resealVaultKey(grant, vaultId, member, newMember.boxPublicKey);
        expect(toHex(openVaultKey(regrant, vaultId, newMember).expose())).toBe(toHex(vk.expose()));
      }),
      { numRuns: 100 },
    );
  });
});

describe('items', () => {
  const ctxArb = fc.record({ vaultId: id, itemId: id, version: fc.integer({ min: 0, max: 2 ** 40 }) });

  it('round-trip; flipped bit, other vault, other item, rolled-back version and other part fail', () => {
    fc.assert(
      fc.property(key32, ctxArb, fc.uint8Array({ maxLength: 300 }), fc.nat(), id, (vk, ctx, plaintext, bit, other) => {
        const env = encryptItemPart(vk, 'overview', ctx, plaintext);
        expect(decryptItemPart(vk, 'overview', ctx, env)).toEqual(plaintext);
        expect(fails(() => decryptItemPart(vk, 'overview', ctx, flip(env, bit)))).toBe(true);
        if (other !== ctx.vaultId) expect(fails(() => decryptItemPart(vk, 'overview', { ...ctx, vaultId: other }, env))).toBe(true);
        if (other !== ctx.itemId) expect(fails(() => decryptItemPart(vk, 'overview', { ...ctx, itemId: other }, env))).toBe(true);
        expect(fails(() => decryptItemPart(vk, 'overview', { ...ctx, version: ctx.version + 1 }, env))).toBe(true);
        expect(fails(() => decryptItemPart(vk, 'details', ctx, env))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('an item moved between vaults fails even when both vaults share a key, and a rollback fails', () => {
    const vk = generateVaultKey();
    const v3 = { vaultId: 'A', itemId: 'i', version: 3 };
    const old = encryptItemJson(vk, 'details', { ...v3, version: 2 }, { password: 'old' });
    const cur = encryptItemJson(vk, 'details', v3, { password: 'new' });
    expect(decryptItemJson(vk, 'details', v3, cur)).toEqual({ password: 'new' });
    expect(fails(() => decryptItemJson(vk, 'details', v3, old))).toBe(true);
    expect(fails(() => decryptItemJson(vk, 'details', { ...v3, vaultId: 'B' }, cur))).toBe(true);
  });

  it('uses a fresh random nonce for every encryption', () => {
    const vk = generateVaultKey();
    const ctx = { vaultId: 'A', itemId: 'i', version: 1 };
    const nonces = new Set<string>();
    for (let i = 0; i < 1000; i++) nonces.add(toHex(encryptItemPart(vk, 'overview', ctx, Uint8Array.of(1), systemRandom).slice(2, 26)));
    expect(nonces.size).toBe(1000);
  });
});
