/**
 * What the vault screen is shown of the open vaults: the vaults (Private first, then the shared
 * ones by name) and one vault's items, the first by title or the best matches of a search,
 * never more than LISTED_ITEMS and never a password.
 */
import type { VaultView } from '../../../shared/server-api/vault';
import type { AccountVaults, OpenVault, StoredItem } from './open-vault';

export interface VaultSummary {
  vaultId: string;
  name: string;
  shared: boolean;
  role: VaultView['role'];
}

export interface ItemSummary {
  itemId: string;
  version: number;
  title: string;
  username: string;
}

export interface VaultListing {
  vaultId: string;
  /** At most LISTED_ITEMS: the first by title, or the best matches of the query. */
  items: ItemSummary[];
  /** How many items the vault holds. */
  total: number;
  /** The server could not be reached: these are the items cached on this device. */
  offline: boolean;
}

/** A list or search answers at most this many items: enough for a screen, cheap to send with 10,000 in the vault. */
const LISTED_ITEMS = 200;
const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function listingOf(vault: OpenVault, query: string, offline: boolean): VaultListing {
  return { vaultId: vault.vaultId, items: findItems(vault, query), total: vault.items.size, offline };
}

export function findItems(vault: OpenVault, query: string): ItemSummary[] {
  if (query.trim() === '') return firstByTitle(vault);
  return vault.index.search(query, LISTED_ITEMS).map(({ id }) => summaryOf(id, vault.items.get(id)!));
}

/**
 * The first LISTED_ITEMS by title. They are kept sorted while the items pass, so a large
 * vault costs one comparison for most items and a binary search for the rest, not a full sort.
 */
function firstByTitle(vault: OpenVault): ItemSummary[] {
  const first: [string, StoredItem][] = [];
  for (const entry of vault.items) {
    if (first.length === LISTED_ITEMS && byTitleThenId(entry, first[LISTED_ITEMS - 1]!) >= 0) continue;
    let low = 0;
    let high = first.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byTitleThenId(entry, first[middle]!) < 0) high = middle;
      else low = middle + 1;
    }
    first.splice(low, 0, entry);
    if (first.length > LISTED_ITEMS) first.pop();
  }
  return first.map(([id, item]) => summaryOf(id, item));
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

function byTitleThenId([idA, a]: [string, StoredItem], [idB, b]: [string, StoredItem]): number {
  return byTitle.compare(a.overview.title, b.overview.title) || (idA < idB ? -1 : 1);
}

function summaryOf(itemId: string, item: StoredItem): ItemSummary {
  return { itemId, version: item.version, title: item.overview.title, username: item.overview.username };
}
