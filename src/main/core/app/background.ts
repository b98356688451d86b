/**
 * What the core does by itself for every unlocked account: the background sync (vaults, then
 * family), each outcome sent to the renderer as an event.
 */
import type { Accounts } from '../account/accounts';
import type { CoreEvents } from '../events/core-events';
import { watchFamilies } from '../events/family-events';
import type { FamilyService } from '../family/family';
import { BackgroundSync } from '../sync/background-sync';
import type { VaultService } from '../vault/vault-service';

export interface BackgroundWork {
  accounts: Accounts;
  vaults: Pick<VaultService, 'open'>;
  families: Pick<FamilyService, 'family'>;
  events: Pick<CoreEvents, 'emit'>;
  intervalMs: number;
}

export function startBackgroundSync({ accounts, vaults, families, events, intervalMs }: BackgroundWork): BackgroundSync {
  const family = watchFamilies(accounts, families, events);
  return new BackgroundSync({
    accounts,
    intervalMs,
    // Side by side, so a slow vault pull never holds up the family's news. The vaults' outcome,
    // failures included, is the 'sync.result' event the vault service emits.
    syncAccount: async (accountId) => {
      await Promise.all([vaults.open(accountId).catch(() => undefined), family(accountId)]);
    },
  });
}
