/** The IPC handlers of an unlocked account's vault. */
import type { Accounts } from '../account/accounts';
import type { FamilyService } from '../family/family';
import type { Handlers } from '../ipc/router';
import type { OfflineCache } from '../offline/offline-cache';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import type { SyncServerClient } from '../sync/client';
import { generatePassword } from './password-generator';
import { VaultService } from './vault-service';

type VaultHandlers = Pick<Handlers, 'vault.open' | 'vault.sync' | 'vault.search' | 'vault.item' | 'vault.save' | 'vault.delete' | 'vault.copy' | 'vault.generatePassword'>;

interface VaultDependencies {
  accounts: Accounts;
  families: FamilyService;
  api: SyncServerClient;
  clipboard: ReturnType<typeof createSecretClipboard>;
  cache: OfflineCache;
}

export function vaultHandlers({ accounts, families, api, clipboard, cache }: VaultDependencies): VaultHandlers {
  const vaults = new VaultService(accounts, api, cache, families);
  return {
    'vault.open': async ({ accountId }) => vaults.open(accountId),
    'vault.sync': async ({ accountId, query }) => vaults.sync(accountId, query),
    'vault.search': async ({ accountId, query }) => ({ items: await vaults.search(accountId, query) }),
    'vault.item': async ({ accountId, itemId }) => vaults.item(accountId, itemId),
    'vault.save': async ({ accountId, itemId, expectedVersion, fields }) => vaults.save(accountId, itemId, expectedVersion, fields),
    'vault.delete': async ({ accountId, itemId, expectedVersion }) => vaults.delete(accountId, itemId, expectedVersion),
    'vault.copy': async ({ accountId, itemId, field }) => ({ clearsAt: (await clipboard.copy(await vaults.field(accountId, itemId, field))).clearsAt.toISOString() }),
    'vault.generatePassword': async () => ({ password: generatePassword() }),
  };
}
