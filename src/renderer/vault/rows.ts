/**
 * The item list's one data source: a window of rows of one vault, in one category, matching
 * a query, sorted by title, with how many there are in all. Every list reads through
 * `fetchRows`, so the channel behind it changes in this one place.
 *
 * Today's channels hold logins only, and 'vault.search' answers at most the first 200 by
 * title (or the best matches of a query): the window is cut from that answer.
 */
import { call } from '../ipc/call';

export const CATEGORIES = ['all', 'favourites', 'login', 'note', 'card', 'identity', 'password', 'trash'] as const;
export type Category = (typeof CATEGORIES)[number];

export type Row = { itemId: string; version: number; title: string; subtitle: string };
export type RowQuery = { accountId: string; vaultId: string; category: Category; query: string; offset: number; limit: number };
export type Rows = { total: number; items: Row[] };

/** The most rows one fetch asks for. */
export const MAX_ROWS = 500;

export async function fetchRows({ accountId, vaultId, category, query, offset, limit }: RowQuery): Promise<Rows> {
  if (category !== 'all' && category !== 'login') return { total: 0, items: [] };
  const { items } = await call('vault.search', { accountId, vaultId, query });
  const rows = items.map(({ itemId, version, title, username }) => ({ itemId, version, title, subtitle: username }));
  return { total: rows.length, items: rows.slice(offset, offset + Math.min(limit, MAX_ROWS)) };
}
