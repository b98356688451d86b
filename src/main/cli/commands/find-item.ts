/**
 * Which vaults and items a command means: --vault by name or id (all of the account's vaults
 * when not given), an item by its id or by its title (case-insensitive). A title several
 * items share is an error listing them, to be named by id.
 */
import { itemCategories, type ItemCategory } from '../../../shared/ipc/channels/vault';
import { id16 } from '../../../shared/server-api/vault';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { Call } from '../core';
import { CliError, EXIT, usageError } from '../exit';

type Vault = ResponseOf<'vault.open'>['vaults'][number];
type Summary = ResponseOf<'vault.search'>['items'][number];
export type ListedItem = Summary & { vaultId: string; vault: string };

export interface Scope {
  call: Call;
  accountId: string;
  vaults: Vault[];
}

/** The account's vaults, synced with the server, narrowed to --vault when given. */
export async function scopeOf(call: Call, accountId: string, vault: string | undefined): Promise<Scope> {
  const { vaults } = await call('vault.open', { accountId });
  if (vault === undefined) return { call, accountId, vaults };
  const chosen = vaults.filter((candidate) => candidate.vaultId === vault || candidate.name.toLowerCase() === vault.toLowerCase());
  if (chosen.length === 0) throw new CliError(EXIT.notFound, `No vault named "${vault}". The vaults: ${vaults.map((v) => v.name).join(', ')}.`);
  return { call, accountId, vaults: chosen };
}

export function categoryOf(text: string | undefined): ItemCategory | undefined {
  if (text === undefined || (itemCategories as readonly string[]).includes(text)) return text as ItemCategory | undefined;
  throw usageError(`--category must be one of ${itemCategories.join(', ')}.`);
}

/** Every item of the scope's vaults in `category` matching `query` (all of them: the search's windows one after another). */
export async function listItems(scope: Scope, query = '', category?: ItemCategory): Promise<ListedItem[]> {
  const listed: ListedItem[] = [];
  for (const vault of scope.vaults) {
    for (let offset = 0; ; ) {
      const window = await scope.call('vault.search', { accountId: scope.accountId, vaultId: vault.vaultId, query, offset, limit: 500, ...(category && { category }) });
      listed.push(...window.items.map((item) => ({ ...item, vaultId: vault.vaultId, vault: vault.name })));
      offset += window.items.length;
      if (window.items.length === 0 || offset >= window.total) break;
    }
  }
  return listed;
}

/** The one live item `name` means: its id, else its title. Exit 4 when none, exit 1 listing them when several. */
export async function findItem(scope: Scope, name: string): Promise<{ vaultId: string; itemId: string }> {
  const candidates = await listItems(scope, name);
  const byId = candidates.find((item) => item.itemId === name) ?? (await byItemId(scope, name));
  if (byId) return byId;
  const matches = candidates.filter((item) => item.title.toLowerCase() === name.trim().toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new CliError(EXIT.notFound, `No item is named "${name}". See \`latchkey item list --search ...\`.`);
  const lines = matches.map((item) => `  ${item.itemId}  ${item.title}  ${item.subtitle}  (${item.vault})`);
  throw new CliError(EXIT.error, `${matches.length} items are named "${name}":\n${lines.join('\n')}\nName one by its id.`);
}

/** A live item named by its id (the search matches words, not ids). */
export async function byItemId(scope: Scope, itemId: string): Promise<{ vaultId: string; itemId: string } | undefined> {
  if (!id16.safeParse(itemId).success) return undefined;
  for (const vault of scope.vaults) {
    const found = await scope.call('vault.item', { accountId: scope.accountId, vaultId: vault.vaultId, itemId }).catch((error: unknown) => {
      if (error instanceof CliError && error.exitCode === EXIT.notFound) return null;
      throw error;
    });
    if (found && found.trashedAt === null) return { vaultId: vault.vaultId, itemId };
  }
  return undefined;
}
