/** The IPC handler of Password Health: the report over the account's live items, item ids and titles only. */
import type { Handlers } from '../ipc/router';
import type { VaultService } from '../vault/vault-service';
import { passwordHealth } from './password-health';

/** Every live item (not in Recently Deleted) of every vault the account holds, its details opened here. */
async function liveItems(vaults: Pick<VaultService, 'open' | 'allItemFields'>, accountId: string) {
  const { vaults: held } = await vaults.open(accountId, undefined, '', 'held');
  const perVault = await Promise.all(
    held.map(async ({ vaultId }) => (await vaults.allItemFields(accountId, vaultId)).map(({ itemId, fields }) => ({ vaultId, itemId, title: fields.title, fields }))),
  );
  return perVault.flat();
}

export function healthHandlers(vaults: Pick<VaultService, 'open' | 'allItemFields'>): Pick<Handlers, 'vault.health'> {
  return { 'vault.health': async ({ accountId }) => await passwordHealth(await liveItems(vaults, accountId)) };
}
