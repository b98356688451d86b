import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyset, type Keyset } from '../../../src/main/core/crypto/keyset';
import { isListed, signVaultList, vaultKeyCommitment, verifyVaultList, VaultListRefusedError } from '../../../src/main/core/crypto/signed-vault-list';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { generateVaultKey } from '../../../src/main/core/crypto/vault-keys';
import { toBase64Url } from '../../../src/shared/crypto/bytes';
import { encodeVaultList, parseVaultList, VaultListError, type VaultList } from '../../../src/shared/crypto/vault-list';
import { thrownBy } from '../../support/thrown';

const ACCOUNT = 'A1B2C3';
const idOf = (byte: number) => toBase64Url(new Uint8Array(16).fill(byte));

let keyset: Keyset;
let other: Keyset;
beforeAll(async () => {
  await initCrypto();
  keyset = generateKeyset('k1');
  other = generateKeyset('k2');
});

function listOf(counter: number): { list: VaultList; keys: ReturnType<typeof generateVaultKey>[] } {
  const keys = [generateVaultKey(), generateVaultKey()];
  const list: VaultList = {
    accountId: ACCOUNT,
    counter,
    vaults: [
      { vaultId: idOf(2), kind: 'shared', role: 'member', keyCommitment: vaultKeyCommitment(keys[1]!, idOf(2)) },
      { vaultId: idOf(1), kind: 'private', role: 'owner', keyCommitment: vaultKeyCommitment(keys[0]!, idOf(1)) },
    ],
  };
  return { list, keys };
}

describe('signed vault list', () => {
  it('round-trips a signed list in canonical (sorted) order and accepts only the signed keys', () => {
    const { list, keys } = listOf(5);
    const signed = signVaultList(keyset, list);
    expect(signed.length).toBe(17 + 2 * 56 + 64);
    const verified = verifyVaultList(signed, keyset.signPublicKey, ACCOUNT, 5);
    expect(verified.vaults.map((v) => v.vaultId)).toEqual([idOf(1), idOf(2)]);
    expect(isListed(verified, { vaultId: idOf(1), kind: 'private', role: 'owner' }, keys[0]!)).toBe(true);
    expect(isListed(verified, { vaultId: idOf(1), kind: 'private', role: 'owner' }, generateVaultKey())).toBe(false);
    expect(isListed(verified, { vaultId: idOf(2), kind: 'shared', role: 'owner' }, keys[1]!)).toBe(false);
    expect(isListed(verified, { vaultId: idOf(3), kind: 'shared', role: 'member' }, keys[1]!)).toBe(false);
  });

  it('refuses another keyset, another account and a counter that went down', () => {
    const { list } = listOf(5);
    const byOther = signVaultList(other, list);
    const forOther = signVaultList(keyset, { ...list, accountId: 'YYYYYY' });
    const signed = signVaultList(keyset, list);
    const reasons = [
      thrownBy(() => verifyVaultList(byOther, keyset.signPublicKey, ACCOUNT, 0)),
      thrownBy(() => verifyVaultList(forOther, keyset.signPublicKey, ACCOUNT, 0)),
      thrownBy(() => verifyVaultList(signed, keyset.signPublicKey, ACCOUNT, 6)),
    ].map((error) => (error instanceof VaultListRefusedError ? error.reason : error));
    expect(reasons).toEqual(['bad-signature', 'other-account', 'counter-went-down']);
  });

  it('refuses to encode a list the parser would refuse', () => {
    const { list } = listOf(1);
    const bad: VaultList[] = [
      { ...list, counter: 0 },
      { ...list, accountId: 'a1b2c3' },
      { ...list, vaults: [list.vaults[0]!, list.vaults[0]!] },
      { ...list, vaults: [{ ...list.vaults[1]!, role: 'member' }] },
      { ...list, vaults: [{ ...list.vaults[0]!, keyCommitment: new Uint8Array(31) }] },
    ];
    for (const candidate of bad) expect(thrownBy(() => encodeVaultList(candidate))).toBeInstanceOf(VaultListError);
  });

  it('fuzz: a tampered signed list is never accepted and never crashes the parser', () => {
    const signed = signVaultList(keyset, listOf(7).list);
    fc.assert(
      fc.property(fc.nat(signed.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = signed.slice();
        bytes[at] = bytes[at]! ^ flip;
        const error = thrownBy(() => verifyVaultList(bytes, keyset.signPublicKey, ACCOUNT, 0));
        expect(error instanceof VaultListError || error instanceof VaultListRefusedError).toBe(true);
      }),
      { numRuns: 100_000 },
    );
  });

  it('fuzz: random bytes are never accepted and only fail with a coded error', () => {
    const header = parseVaultList(signVaultList(keyset, listOf(7).list));
    expect(header.counter).toBe(7);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (random, withHeader) => {
        const bytes = withHeader && random.length > 17 ? Uint8Array.of(1, ...new TextEncoder().encode(ACCOUNT), ...random.subarray(7)) : random;
        const error = thrownBy(() => verifyVaultList(bytes, keyset.signPublicKey, ACCOUNT, 0));
        expect(error instanceof VaultListError || error instanceof VaultListRefusedError).toBe(true);
      }),
      { numRuns: 100_000 },
    );
  });
});
