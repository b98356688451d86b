/**
 * What the core does by itself for every unlocked account: the background sync (vaults, then
 * family), each outcome sent to the renderer as an event.
 */
import type { Accounts } from '../account/accounts';
import type { FamilyWatch } from '../events/family-events';
import { BackgroundSync } from '../sync/background-sync';
import type { VaultService } from '../vault/vault-service';

export interface BackgroundWork {
  accounts: Accounts;
  vaults: Pick<VaultService, 'open'>;
  families: Pick<FamilyWatch, 'check'>;
  intervalMs: number;
}

export function startBackgroundSync({ accounts, vaults, families, intervalMs }: BackgroundWork): BackgroundSync {
  return new BackgroundSync({
    accounts,
    intervalMs,
    // Side by side, so a slow vault pull never holds up the family's news. The vaults' outcome,
    // failures included, is the 'sync.result' event the vault service emits.
    syncAccount: async (accountId) => {
      await Promise.all([vaults.open(accountId).catch(() => undefined), families.check(accountId)]);
    },
  });
}
