/**
 * `latchkey item create | edit | delete`. A password never comes in argv: --generate makes one,
 * else it is read as every secret is (LATCHKEY_ITEM_PASSWORD, a line of stdin, or a prompt with
 * echo off). Delete moves the item to Recently Deleted, as the app's Delete does.
 */
import { blankItem } from '../../../shared/vault/blank-item';
import { itemTypes, type ItemFields, type ItemType } from '../../../shared/vault/item-fields';
import { generatePassword } from '../../core/vault/password-generator';
import type { Command, Context, Option } from '../command';
import { CliError, EXIT, usageError } from '../exit';
import { findItem, scopeOf } from './find-item';

const fieldOptions: Record<string, Option> = {
  title: { type: 'string', value: 'T', help: 'the title' },
  username: { type: 'string', value: 'U', help: 'the username (a login)' },
  url: { type: 'string', value: 'URL', help: 'the web address (a login; replaces the ones it has)' },
  notes: { type: 'string', value: 'N', help: 'the notes (not for secrets: argv is visible to other processes)' },
  generate: { type: 'boolean', help: 'a new generated password (a login or a password)' },
  password: { type: 'boolean', help: 'read a new password: LATCHKEY_ITEM_PASSWORD, a line of stdin, or a prompt with echo off' },
  vault: { type: 'string', value: 'VAULT', help: "a vault's name or id (create: default the Private vault)" },
};

async function withChanges(context: Context, fields: ItemFields): Promise<ItemFields> {
  const { title, username, url, notes } = context.values as Record<string, string | undefined>;
  const changed: Record<string, unknown> = { ...fields, ...(title !== undefined && { title }), ...(notes !== undefined && { notes }) };
  if (username !== undefined || url !== undefined || context.values.generate || context.values.password) {
    if (!('password' in fields)) throw usageError(`A ${fields.type} item has no username, web address or password.`);
    if (username !== undefined && fields.type === 'login') changed.username = username;
    if (url !== undefined && fields.type === 'login') changed.urls = [url];
  }
  if (context.values.generate) changed.password = generatePassword();
  else if (context.values.password) changed.password = await context.input.read({ label: 'Item password', env: 'LATCHKEY_ITEM_PASSWORD', secret: true });
  return changed as ItemFields;
}

export const itemWriteCommands: Command[] = [
  {
    name: 'item create',
    summary: 'Creates an item and prints its id.',
    details: ['Example: latchkey item create --type login --title GitHub --username ana --url https://github.com --generate'],
    options: { type: { type: 'string', value: 'TYPE', help: `${itemTypes.join(', ')} (default login)` }, ...fieldOptions },
    async run(context) {
      const type = (context.values.type as string | undefined) ?? 'login';
      if (!(itemTypes as readonly string[]).includes(type)) throw usageError(`--type must be one of ${itemTypes.join(', ')}.`);
      if (context.values.title === undefined) throw usageError('Give the item a --title.');
      const { call, accountId } = await context.unlocked();
      const vaultName = context.values.vault as string | undefined;
      const vaultId = vaultName === undefined ? (await call('vault.open', { accountId })).vaultId : (await scopeOf(call, accountId, vaultName)).vaults[0]!.vaultId;
      const fields = await withChanges(context, blankItem(type as ItemType));
      const saved = await call('vault.save', { accountId, vaultId, expectedVersion: 0, fields });
      if (saved.outcome !== 'saved') throw new CliError(EXIT.error, 'The item changed elsewhere meanwhile. Try again.');
      context.out(saved.item.itemId);
    },
  },
  {
    name: 'item edit',
    args: { usage: 'ITEM', count: 1 },
    summary: 'Changes an item, named by its id or its title: only the fields given.',
    details: ['Example: latchkey item edit GitHub --generate'],
    options: fieldOptions,
    async run(context) {
      const { call, accountId } = await context.unlocked();
      const { vaultId, itemId } = await findItem(await scopeOf(call, accountId, context.values.vault as string | undefined), context.positionals[0]!);
      const item = await call('vault.item', { accountId, vaultId, itemId });
      const saved = await call('vault.save', { accountId, vaultId, itemId, expectedVersion: item.version, fields: await withChanges(context, item.fields) });
      if (saved.outcome !== 'saved') throw new CliError(EXIT.error, 'The item changed elsewhere meanwhile: nothing was saved. Try again.');
      context.out(`Saved ${itemId}.`);
    },
  },
  {
    name: 'item delete',
    args: { usage: 'ITEM', count: 1 },
    summary: 'Moves an item, named by its id or its title, to Recently Deleted (kept 30 days; restore it in the app).',
    options: { vault: fieldOptions.vault! },
    async run(context) {
      const { call, accountId } = await context.unlocked();
      const { vaultId, itemId } = await findItem(await scopeOf(call, accountId, context.values.vault as string | undefined), context.positionals[0]!);
      const item = await call('vault.item', { accountId, vaultId, itemId });
      const trashed = await call('vault.trash', { accountId, vaultId, itemId, expectedVersion: item.version });
      if (trashed.outcome !== 'trashed') throw new CliError(EXIT.error, 'The item changed elsewhere meanwhile: nothing was deleted. Try again.');
      context.out(`Moved ${itemId} to Recently Deleted.`);
    },
  },
];
