/** The IPC handler of Password Health: the report over the account's live items, item ids and titles only. */
import type { Handlers } from '../ipc/router';
import { passwordHealth, type HealthItem } from './password-health';
import type { ItemFields } from '../../../shared/vault/item-fields';

/** Every live item (not in Recently Deleted) of every vault the account holds, its details opened. */
export type LiveItems = (accountId: string) => Promise<(HealthItem & { fields: ItemFields })[]>;

export function healthHandlers(liveItems: LiveItems): Pick<Handlers, 'vault.health'> {
  return { 'vault.health': async ({ accountId }) => passwordHealth(await liveItems(accountId)) };
}
