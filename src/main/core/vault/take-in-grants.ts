/**
 * Takes the server's listed grants into an account's open vaults: a new vault opens only when
 * its key opens with the account's keyset and the signed vault list accepts it (else it is
 * refused, closed at once, and noted for the user); a grant resealed to the same key (after a
 * recovery) keeps the vault and its cursor; a grant to another key must itself be accepted.
 */
import { bytesEqual } from '../../../shared/crypto/bytes';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import type { VaultView } from '../../../shared/server-api/vault';
import type { BoxKeyPair } from '../crypto/vault-keys';
import { FIRST_CURSOR, closeVault, openGrant, type AccountVaults, type VaultGrant, type VaultNotice } from './open-vault';

export function takeInGrants(account: AccountVaults, keyset: BoxKeyPair, accepts: (grant: VaultGrant, key: SecretBytes) => boolean, listed: VaultView[], notices: VaultNotice[]): void {
  for (const { createdAt: _createdAt, ...grant } of listed) {
    const held = account.vaults.get(grant.vaultId);
    if (held && held.grant.sealedVaultKey === grant.sealedVaultKey) continue;
    const vault = openGrant(keyset, grant, FIRST_CURSOR);
    if (!vault) continue;
    if (held && bytesEqual(held.key.expose(), vault.key.expose())) {
      held.grant = grant;
      closeVault(vault);
    } else if (!accepts(grant, vault.key)) {
      closeVault(vault);
      notices.push({ kind: 'refused-vault', vaultId: grant.vaultId });
    } else {
      if (held) closeVault(held);
      account.vaults.set(vault.vaultId, vault);
    }
  }
}
