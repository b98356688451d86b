/**
 * The item list's one data source: a window of rows of one vault, in one category, matching
 * a query, sorted by title, with how many there are in all ('vault.search' with its offset and
 * limit). Every list reads through `fetchRows`, so the channel behind it changes in this one place.
 */
import type { ResponseOf } from '../../shared/ipc/contract';
import { SEARCH_WINDOW_MAX, type ItemCategory } from '../../shared/ipc/channels/vault';
import { call } from '../ipc/call';

export type Category = ItemCategory;
export type Row = ResponseOf<'vault.search'>['items'][number];
export type RowQuery = { accountId: string; vaultId: string; category: Category; query: string; offset: number; limit: number };
export type Rows = { total: number; items: Row[] };

export function fetchRows({ limit, ...request }: RowQuery): Promise<Rows> {
  return call('vault.search', { ...request, limit: Math.min(limit, SEARCH_WINDOW_MAX) });
}
