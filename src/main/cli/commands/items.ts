/** `latchkey item list | get`: reading the vaults of the session's account. */
import type { ResponseOf } from '../../../shared/ipc/contract';
import { id16 } from '../../../shared/server-api/vault';
import type { Command, Context, FromCache, Option } from '../command';
import { CliError, EXIT } from '../exit';
import { byItemId, categoryOf, findItem, listItems, scopeOf } from './find-item';

type VaultItem = ResponseOf<'vault.item'>;

const readOptions: Record<string, Option> = {
  vault: { type: 'string', value: 'VAULT', help: "a vault's name or id (default: every vault)" },
  sync: { type: 'boolean', help: "pull the server's changes first (without it: this device's copy as of its last sync)" },
};
const FRESHNESS = "Reads answer from this device's copy of the vaults, as of its last sync (`latchkey unlock`, `latchkey sync`, a change, or the app); --sync pulls the server's changes first.";
/** Fields a text answer does not print unless asked for by --field. */
const SECRET_FIELDS = new Set(['password', 'number', 'securityCode', 'pin']);

export const itemReadCommands: Command[] = [
  {
    name: 'item list',
    summary: "Lists the session's items, sorted by title: one per line, id, title and subtitle.",
    details: [FRESHNESS, '--json: {"items": [{"vaultId", "vault", "itemId", "version", "type", "title", "subtitle", "favourite", "hasOtp", "trashedAt"}]}'],
    read: true,
    options: {
      ...readOptions,
      category: { type: 'string', value: 'C', help: 'all, favourites, login, note, card, identity, password, or trash (Recently Deleted)' },
      search: { type: 'string', value: 'Q', help: 'only items with every word of Q in the title, subtitle, URLs, tags or notes' },
    },
    async run(context) {
      const category = categoryOf(context.values.category as string | undefined);
      const reader = await context.reader();
      const items = await listItems(await staleAware(reader, () => scopeOf(reader.call, reader.accountId, context.values.vault as string | undefined)), (context.values.search as string | undefined) ?? '', category);
      if (context.json) return context.out(JSON.stringify({ items }));
      if (items.length > 0) context.out(items.map((item) => `${item.itemId}  ${item.title}${item.subtitle ? `  ${item.subtitle}` : ''}`).join('\n'));
      if (items.length === 0) context.note(`No items${reader.fromCache ? ` in this device's copy (${copyAsOf(reader.fromCache)}); --sync pulls the server's changes first` : ''}.`);
    },
  },
  {
    name: 'item get',
    args: { usage: 'ITEM', count: 1 },
    summary: 'Shows one item, named by its id or its title; with --field, only that field.',
    details: [
      FRESHNESS,
      'Without --field the text answer leaves out passwords, card numbers, security codes and PINs; --json has every field.',
      '--json: {"vaultId", "itemId", "version", "updatedAt", "trashedAt", "hasOtp", "fields"} (fields as the README says), or with --field {"vaultId", "itemId", "field", "value"}.',
      'Example: latchkey item get GitHub --field otp',
    ],
    read: true,
    options: { ...readOptions, field: { type: 'string', value: 'FIELD', help: 'password, username, otp (the current one-time code), notes, any other field, or a custom field by its label' } },
    async run(context) {
      const { reader, vaultId, itemId } = await located(context, context.positionals[0]!);
      const { call, accountId } = reader;
      const field = context.values.field as string | undefined;
      if (field === 'otp') {
        const { code } = await call('vault.otp', { accountId, vaultId, itemId });
        return context.out(context.json ? JSON.stringify({ vaultId, itemId, field, value: code }) : code);
      }
      const item = await call('vault.item', { accountId, vaultId, itemId });
      if (field !== undefined) {
        const value = fieldOf(item, field);
        return context.out(context.json ? JSON.stringify({ vaultId, itemId, field, value }) : value);
      }
      if (context.json) return context.out(JSON.stringify({ vaultId, ...item }));
      for (const line of describe(item)) context.out(line);
    },
  },
  {
    name: 'sync',
    summary: "Pulls the server's changes into this device's copy of the vaults, the copy `item list` and `item get` read.",
    details: [FRESHNESS, '--json: {"vaults": [{"vaultId", "name"}], "syncedAt"}'],
    read: true,
    async run(context) {
      const { call, accountId } = await context.unlocked();
      // Opening the account waits for a pull of every vault it holds, written to the offline cache.
      const { vaults, offline } = await call('vault.open', { accountId });
      if (offline) throw new CliError(EXIT.error, "The server could not be reached: nothing was pulled. Reads answer from this device's copy as of its last sync.");
      const syncedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      if (context.json) return context.out(JSON.stringify({ vaults: vaults.map(({ vaultId, name }) => ({ vaultId, name })), syncedAt }));
      context.out(`Synced ${vaults.length} vault${vaults.length === 1 ? '' : 's'} (${vaults.map((vault) => vault.name).join(', ')}) at ${syncedAt}.`);
    },
  },
];

/**
 * The item `name` means, and the reader holding it. An id opens that item alone, not every item of the vaults; a name
 * that is no live item's id (a title, even one shaped like an id) is looked for as findItem does, among the items the
 * title index does not show to bear another title (and every item it does not cover).
 */
async function located(context: Context, name: string) {
  const vault = context.values.vault as string | undefined;
  if (id16.safeParse(name).success) {
    const reader = await context.reader({ itemId: name });
    const found = await staleAware(reader, async () => byItemId(await scopeOf(reader.call, reader.accountId, vault), name));
    if (found) return { reader, ...found };
  }
  const reader = await context.reader({ title: name.trim() });
  return { reader, ...(await staleAware(reader, async () => findItem(await scopeOf(reader.call, reader.accountId, vault), name))) };
}

/** A vault or item not found in this device's copy says how old the copy is and how to pull the server's changes. */
async function staleAware<T>(reader: { fromCache: FromCache | null }, find: () => Promise<T>): Promise<T> {
  try {
    return await find();
  } catch (error) {
    if (!(error instanceof CliError) || error.exitCode !== EXIT.notFound || !reader.fromCache) throw error;
    throw new CliError(EXIT.notFound, `${error.message}\nThis is this device's copy of the vaults (${copyAsOf(reader.fromCache)}). Run \`latchkey sync\`, or add --sync, to pull the server's changes first.`);
  }
}

const copyAsOf = ({ syncedAt }: FromCache) => (syncedAt ? `last synced ${syncedAt.toISOString().replace(/\.\d+Z$/, 'Z')}` : 'when it was last synced is unknown');

/** One field's value: a field of the item's type by name, else a custom field by its label. Exit 4 when it has none. */
export function fieldOf(item: VaultItem, name: string): string {
  const own = (item.fields as Record<string, unknown>)[name];
  if (typeof own === 'string' && name !== 'otp') return own;
  const custom = item.fields.customFields.find((candidate) => candidate.label.toLowerCase() === name.toLowerCase());
  if (custom) return custom.value;
  throw new CliError(EXIT.notFound, `"${item.fields.title}" has no field "${name}".`);
}

function describe(item: VaultItem): string[] {
  const lines = [`id: ${item.itemId}`];
  for (const [name, value] of Object.entries(item.fields)) {
    if (name === 'otp' || name === 'customFields' || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    lines.push(`${name}: ${SECRET_FIELDS.has(name) ? '(hidden: use --field)' : Array.isArray(value) ? value.join(', ') : String(value)}`);
  }
  if (item.hasOtp) lines.push('otp: (use --field otp)');
  for (const custom of item.fields.customFields) lines.push(`${custom.label}: ${custom.kind === 'hidden' ? '(hidden: use --field)' : custom.value}`);
  return lines;
}
