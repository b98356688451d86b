/**
 * What the screens are shown of the open vaults: the vaults (Private first, then the shared
 * ones by name), a window of one vault's items by title (a category, a search), and the count
 * of each category; never a password.
 */
import { itemCategories, type ItemCategory } from '../../../shared/ipc/channels/vault';
import type { VaultView } from '../../../shared/server-api/vault';
import type { ItemType } from '../../../shared/vault/item-fields';
import type { Overview } from './item-format';
import type { AccountVaults, OpenVault, StoredItem } from './open-vault';
import { termsOf } from './search-index';

export interface VaultSummary {
  vaultId: string;
  name: string;
  shared: boolean;
  role: VaultView['role'];
}

export interface ItemSummary {
  itemId: string;
  version: number;
  type: ItemType;
  title: string;
  subtitle: string;
  favourite: boolean;
  hasOtp: boolean;
  trashedAt: string | null;
}

export interface VaultListing {
  vaultId: string;
  /** At most LISTED_ITEMS: the first live items by title matching the query. */
  items: ItemSummary[];
  /** How many live items match the query (all of them for a blank one). */
  total: number;
  /** The server could not be reached: these are the items cached on this device. */
  offline: boolean;
}

/** A window of one category's items matching a query, by title, and how many there are in all. */
export interface ItemWindow {
  query: string;
  category: ItemCategory;
  offset: number;
  limit: number;
}

/** What the vault screen lists first: enough for a screen, cheap to send with 100,000 in the vault. */
const LISTED_ITEMS = 200;
const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function listingOf(vault: OpenVault, query: string, offline: boolean): VaultListing {
  return { vaultId: vault.vaultId, ...findItems(vault, { query, category: 'all', offset: 0, limit: LISTED_ITEMS }), offline };
}

/** A listing with an empty window (`total` still counts every live item), for a reader that reads items with findItems alone: no title is sorted. */
export function unlistedOf(vault: OpenVault, offline: boolean): VaultListing {
  let total = 0;
  for (const { overview } of vault.items.values()) if (overview.trashedAt === null) total += 1;
  return { vaultId: vault.vaultId, items: [], total, offline };
}

export function findItems(vault: OpenVault, { query, category, offset, limit }: ItemWindow): { items: ItemSummary[]; total: number } {
  const summaries = (ids: string[]) => ids.map((id) => summaryOf(id, vault.items.get(id)!));
  // The first window of a blank search (the list as it opens after an unlock): the first items by title, with no sort of all.
  if (offset === 0 && termsOf(query).length === 0) {
    const { ids, total } = vault.index.first(limit, (id) => inCategory(vault.items.get(id)!.overview, category));
    return { items: summaries(ids), total };
  }
  const ids = matchingIds(vault, query, category);
  return { items: summaries(ids.slice(offset, offset + limit)), total: ids.length };
}

/**
 * Each vault's last search (a query in a category): a list scrolled reads window after window of the same search, so it
 * is matched once, not once a window (a fling down 100,000 items reads hundreds of windows). Kept until the index changes.
 */
const lastSearch = new WeakMap<OpenVault, { revision: number; query: string; category: ItemCategory; ids: string[] }>();

function matchingIds(vault: OpenVault, query: string, category: ItemCategory): string[] {
  const kept = lastSearch.get(vault);
  if (kept && kept.revision === vault.index.revision && kept.query === query && kept.category === category) return kept.ids;
  const ids = vault.index.find(query).filter((id) => inCategory(vault.items.get(id)!.overview, category));
  lastSearch.set(vault, { revision: vault.index.revision, query, category, ids });
  return ids;
}

/** How many items each category of the sidebar holds. */
export function countItems(vault: OpenVault): Record<ItemCategory, number> {
  const counts = Object.fromEntries(itemCategories.map((category) => [category, 0])) as Record<ItemCategory, number>;
  for (const { overview } of vault.items.values()) for (const category of itemCategories) if (inCategory(overview, category)) counts[category] += 1;
  return counts;
}

/** 'trash' holds the items in Recently Deleted; every other category only live ones. */
function inCategory(overview: Overview, category: ItemCategory): boolean {
  if (category === 'trash' || overview.trashedAt !== null) return category === 'trash' && overview.trashedAt !== null;
  if (category === 'all') return true;
  if (category === 'favourites') return overview.favourite;
  return overview.type === category;
}

/** The Private vault first, then the shared ones by name. */
export function summariesOf(account: AccountVaults): VaultSummary[] {
  return [...account.vaults.values()]
    .map(summaryOfVault)
    .sort((a, b) => Number(a.shared) - Number(b.shared) || byTitle.compare(a.name, b.name) || (a.vaultId < b.vaultId ? -1 : 1));
}

export function summaryOfVault(vault: OpenVault): VaultSummary {
  return { vaultId: vault.vaultId, name: vault.name, shared: vault.grant.kind === 'shared', role: vault.grant.role };
}

/** The live items' URLs (never a password), for the recovery check-up. */
export function loginUrlsOf(vault: OpenVault): { vaultId: string; itemId: string; urls: string[] }[] {
  return [...vault.items].filter(([, item]) => item.overview.trashedAt === null).map(([itemId, item]) => ({ vaultId: vault.vaultId, itemId, urls: [...item.overview.urls] }));
}

function summaryOf(itemId: string, { version, overview }: StoredItem): ItemSummary {
  const { type, title, subtitle, favourite, hasOtp, trashedAt } = overview;
  return { itemId, version, type, title, subtitle, favourite, hasOtp, trashedAt };
}
