/**
 * What one sync did to an account's vaults, for the 'sync.result' event: per vault, how many
 * items arrived new, changed or went away, whether a vault came or went, and why it failed (by
 * code). Counted by comparing the item versions held before and after; ids and counts only.
 */
import type { EventOf } from '../../../shared/ipc/events';
import { IpcError, type IpcErrorCode } from '../../../shared/ipc/result';
import type { AccountVaults } from './open-vault';
import { translate } from './vault-errors';

/** vault id → item id → version held. */
export type HeldVersions = Map<string, Map<string, number>>;

export type SyncReport = EventOf<'sync.result'>;

/** Runs one refresh of the account's vaults and tells what it did (nothing once the account locked); answers as the refresh does. */
export async function reportedRefresh(accountId: string, account: AccountVaults, refresh: () => Promise<boolean>, tell: (report: SyncReport) => void): Promise<boolean> {
  const before = heldVersions(account);
  try {
    const offline = await refresh();
    account.offline = offline;
    account.failure = null;
    if (!account.lifetime.signal.aborted) tell(syncReport(accountId, before, account, { offline }));
    return offline;
  } catch (failure) {
    account.failure = failure;
    if (!account.lifetime.signal.aborted) tell(syncReport(accountId, before, account, { failure }));
    throw failure;
  }
}

function heldVersions(account: AccountVaults): HeldVersions {
  return new Map([...account.vaults].map(([vaultId, vault]) => [vaultId, new Map([...vault.items].map(([itemId, item]) => [itemId, item.version]))]));
}

function syncReport(accountId: string, before: HeldVersions, account: AccountVaults, outcome: { offline: boolean } | { failure: unknown }): SyncReport {
  const after = heldVersions(account);
  const vaultIds = new Set([...before.keys(), ...after.keys()]);
  const vaults: SyncReport['vaults'] = [];
  for (const vaultId of vaultIds) {
    const was = before.get(vaultId) ?? new Map<string, number>();
    const now = after.get(vaultId) ?? new Map<string, number>();
    const added = [...now.keys()].filter((itemId) => !was.has(itemId)).length;
    const changed = [...now].filter(([itemId, version]) => was.has(itemId) && was.get(itemId) !== version).length;
    const removed = [...was.keys()].filter((itemId) => !now.has(itemId)).length;
    if (added + changed + removed > 0) vaults.push({ vaultId, added, changed, removed });
  }
  const vaultsChanged = vaultIds.size !== before.size || vaultIds.size !== after.size;
  if ('failure' in outcome) return { accountId, vaults, vaultsChanged, offline: false, error: codeOf(outcome.failure) };
  return { accountId, vaults, vaultsChanged, offline: outcome.offline, error: null };
}

/** The IPC error code a failed sync would have shown (a bug counts as 'internal'). */
function codeOf(failure: unknown): IpcErrorCode {
  try {
    return translate(failure);
  } catch (error) {
    return error instanceof IpcError ? error.code : 'internal';
  }
}
