/** The family recovery group's key: sealed to organizers, checked against the family's public key, and usable to reseal a member's vaults. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, EnvelopeError } from '../../../src/shared/crypto/errors';
import { generateGroupKeyPair, openGroupKey, sealGroupKey } from '../../../src/main/core/crypto/family-group';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { generateVaultKey, openVaultKey, resealVaultKey, sealVaultKey } from '../../../src/main/core/crypto/vault-keys';

beforeAll(initCrypto);

describe('family recovery group key', () => {
  it('opens for the organizer it was sealed to, as the group the family names, and nobody else', () => {
    const group = generateGroupKeyPair();
    const organizer = generateKeyset('primary');
    const stranger = generateKeyset('primary');
    const sealed = sealGroupKey(group, organizer.boxPublicKey);
    expect(sealed[1]).toBe(0x07);

    const opened = openGroupKey(sealed, group.boxPublicKey, organizer);
    expect(opened.boxPublicKey).toEqual(group.boxPublicKey);
    expect(opened.boxSecretKey.expose()).toEqual(group.boxSecretKey.expose());

    expect(() => openGroupKey(sealed, group.boxPublicKey, stranger)).toThrow(DecryptionError);
    // Another group's key, sealed to the right organizer, is refused for this family.
    expect(() => openGroupKey(sealGroupKey(generateGroupKeyPair(), organizer.boxPublicKey), group.boxPublicKey, organizer)).toThrow("Group key is not this family's");
    // A vault-key grant is not a group key, whatever it holds.
    const vaultGrant = sealVaultKey(generateVaultKey(), 'vault_1', organizer.boxPublicKey);
    expect(() => openGroupKey(vaultGrant, group.boxPublicKey, organizer)).toThrow(EnvelopeError);
    const tampered = sealed.slice();
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openGroupKey(tampered, group.boxPublicKey, organizer)).toThrow(DecryptionError);
  });

  it("gives a recovered member's new keyset the vault key through the group, and only that vault's", () => {
    const group = generateGroupKeyPair();
    const vaultKey = generateVaultKey();
    const groupGrant = sealVaultKey(vaultKey, 'vault_kid', group.boxPublicKey);
    const organizer = generateKeyset('primary');
    const opened = openGroupKey(sealGroupKey(group, organizer.boxPublicKey), group.boxPublicKey, organizer);
    const newKeyset = generateKeyset('primary');

    const resealed = resealVaultKey(groupGrant, 'vault_kid', opened, newKeyset.boxPublicKey);
    expect(openVaultKey(resealed, 'vault_kid', newKeyset).expose()).toEqual(vaultKey.expose());
    expect(() => resealVaultKey(groupGrant, 'vault_other', opened, newKeyset.boxPublicKey)).toThrow('Vault key grant is for another vault');
  });
});
