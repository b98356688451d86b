/** The IPC handlers of an unlocked account's vault. */
import type { Accounts } from '../account/accounts';
import type { FamilyService } from '../family/family';
import type { TrustStore } from '../family/trust-store';
import type { Handlers } from '../ipc/router';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import { forScreen, shownOutcome } from './item-for-screen';
import { generatePassword } from './password-generator';
import { emptyTrash, restoreItem, trashItem } from './recently-deleted';
import { VaultSharing } from './sharing';
import type { VaultService } from './vault-service';

type VaultHandlers = Pick<
  Handlers,
  'vault.open' | 'vault.pull' | 'vault.show' | 'vault.sync' | 'vault.search' | 'vault.counts' | 'vault.item' | 'vault.save' | 'vault.trash' | 'vault.restore' | 'vault.purge' | 'vault.emptyTrash' | 'vault.copy' | 'vault.generatePassword' | 'vault.createShared' | 'vault.access' | 'vault.share' | 'vault.unshare' | 'vault.verifyMember'
>;

interface VaultDependencies {
  accounts: Accounts;
  /** The app's one VaultService (the recovery check-up reads the account's own logins from it too). */
  vaults: VaultService;
  families: FamilyService;
  trust: TrustStore;
  clipboard: ReturnType<typeof createSecretClipboard>;
}

export function vaultHandlers({ accounts, vaults, families, trust, clipboard }: VaultDependencies): VaultHandlers {
  const sharing = new VaultSharing(accounts, vaults, families, trust);
  return {
    'vault.open': async ({ accountId, vaultId }) => vaults.open(accountId, vaultId),
    'vault.pull': async ({ accountId }) => ({ outcome: await vaults.pull(accountId) }),
    'vault.show': async ({ accountId, vaultId, query, pull }) => vaults.open(accountId, vaultId, query, pull ? 'behind' : 'held'),
    'vault.sync': async ({ accountId, vaultId, query }) => vaults.open(accountId, vaultId, query),
    'vault.search': async ({ accountId, vaultId, query, category = 'all', offset = 0, limit = 200 }) => vaults.search(accountId, vaultId, { query, category, offset, limit }),
    'vault.counts': async ({ accountId, vaultId }) => ({ counts: await vaults.counts(accountId, vaultId) }),
    'vault.item': async ({ accountId, vaultId, itemId }) => forScreen(await vaults.item(accountId, vaultId, itemId)),
    'vault.save': async ({ accountId, vaultId, itemId, expectedVersion, fields, removeOtp }) => shownOutcome(await vaults.save(accountId, vaultId, itemId, expectedVersion, fields, removeOtp)),
    'vault.trash': async ({ accountId, vaultId, itemId, expectedVersion }) => shownOutcome(await vaults.recentlyDeleted(accountId, vaultId, (writer, vault) => trashItem(writer, vault, itemId, expectedVersion, new Date()))),
    'vault.restore': async ({ accountId, vaultId, itemId, expectedVersion }) => shownOutcome(await vaults.recentlyDeleted(accountId, vaultId, (writer, vault) => restoreItem(writer, vault, itemId, expectedVersion))),
    'vault.purge': async ({ accountId, vaultId, itemId, expectedVersion }) => shownOutcome(await vaults.delete(accountId, vaultId, itemId, expectedVersion)),
    'vault.emptyTrash': async ({ accountId, vaultId }) => vaults.recentlyDeleted(accountId, vaultId, emptyTrash),
    'vault.copy': async ({ accountId, vaultId, itemId, field }) => ({ clearsAt: (await clipboard.copy(await vaults.field(accountId, vaultId, itemId, field), accountId)).clearsAt.toISOString() }),
    'vault.generatePassword': async () => ({ password: generatePassword() }),
    'vault.createShared': async ({ accountId, name }) => vaults.createShared(accountId, name),
    'vault.access': async ({ accountId, vaultId }) => sharing.access(accountId, vaultId),
    'vault.share': async ({ accountId, vaultId, memberId }) => sharing.share(accountId, vaultId, memberId),
    'vault.unshare': async ({ accountId, vaultId, memberId }) => sharing.unshare(accountId, vaultId, memberId),
    'vault.verifyMember': async ({ accountId, vaultId, memberId, securityCode }) => sharing.verify(accountId, vaultId, memberId, securityCode),
  };
}
