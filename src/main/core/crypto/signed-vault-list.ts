/**
 * Signing and checking the account's vault list (format in shared/crypto/vault-list.ts,
 * docs/security-design.md §8.6). A device accepts a vault as its own only when its id, kind,
 * role and key commitment are in a list its own keyset signed, for its own account id, with a
 * counter at least the highest it has seen.
 */
import { bytesEqual, concatBytes, utf8 } from '../../../shared/crypto/bytes';
import { LatchkeyCryptoError } from '../../../shared/crypto/errors';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { encodeVaultList, KEY_COMMITMENT_BYTES, parseVaultList, vaultListSignedMessage, type VaultList, type VaultListEntry } from '../../../shared/crypto/vault-list';
import { hkdfSha256 } from './hkdf';
import { signDetached, verifyDetached, type Keyset } from './keyset';

export type VaultListRefusal = 'bad-signature' | 'other-account' | 'counter-went-down';

/** A well-formed list this device must not accept. */
export class VaultListRefusedError extends LatchkeyCryptoError {
  constructor(readonly reason: VaultListRefusal) {
    super('VAULT_LIST_REFUSED', `Vault list refused: ${reason}`);
  }
}

/** Binds the vault key a device accepted, without revealing it: HKDF(vault key, salt = vault id). */
export function vaultKeyCommitment(vaultKey: SecretBytes, vaultId: string): Uint8Array {
  return hkdfSha256(vaultKey.expose(), utf8(vaultId), HKDF_LABELS.vaultKeyCommitment, KEY_COMMITMENT_BYTES);
}

/** The signed list's bytes: list ‖ Ed25519 signature of the keyset. */
export function signVaultList(keyset: Keyset, list: VaultList): Uint8Array {
  const body = encodeVaultList(list);
  return concatBytes(body, signDetached(keyset, vaultListSignedMessage(body)));
}

/**
 * Parses and checks a signed list against the account's own signing key, its account id and the
 * highest counter this device has seen. Throws VaultListError (layout) or VaultListRefusedError.
 */
export function verifyVaultList(bytes: Uint8Array, signPublicKey: Uint8Array, accountId: string, highestCounter: number): VaultList {
  const parsed = parseVaultList(bytes);
  if (!verifyDetached(signPublicKey, parsed.signedMessage, parsed.signature)) throw new VaultListRefusedError('bad-signature');
  if (parsed.accountId !== accountId) throw new VaultListRefusedError('other-account');
  if (parsed.counter < highestCounter) throw new VaultListRefusedError('counter-went-down');
  return { accountId: parsed.accountId, counter: parsed.counter, vaults: parsed.vaults };
}

/** True when a verified list holds this vault with the same kind and role and the same key. */
export function isListed(list: VaultList, grant: Omit<VaultListEntry, 'keyCommitment'>, vaultKey: SecretBytes): boolean {
  const entry = list.vaults.find((candidate) => candidate.vaultId === grant.vaultId);
  if (!entry || entry.kind !== grant.kind || entry.role !== grant.role) return false;
  return bytesEqual(entry.keyCommitment, vaultKeyCommitment(vaultKey, grant.vaultId));
}
