/**
 * `latchkey export` and `latchkey import`, through the core's transfer channels: the path the
 * command names is what the host's save or open dialog answers. Export first checks the account
 * password again, as the app does; a KDBX file is locked with a password chosen for it
 * (LATCHKEY_FILE_PASSWORD, a line of stdin, or a prompt with echo off).
 */
import { resolve } from 'node:path';
import type { Command, Context, Option } from '../command';
import { CliError, EXIT, usageError } from '../exit';
import { scopeOf } from './find-item';

const vaultOption: Record<string, Option> = { vault: { type: 'string', value: 'VAULT', help: "a vault's name or id (default: the Private vault)" } };
const filePassword = (context: Context, label: string) => context.input.read({ label, env: 'LATCHKEY_FILE_PASSWORD', secret: true });

async function vaultIdOf(context: Context, path: string): Promise<{ call: Parameters<typeof scopeOf>[0]; accountId: string; vaultId: string }> {
  const { call, accountId } = await context.unlocked(() => path);
  const name = context.values.vault as string | undefined;
  const vaultId = name === undefined ? (await call('vault.open', { accountId })).vaultId : (await scopeOf(call, accountId, name)).vaults[0]!.vaultId;
  return { call, accountId, vaultId };
}

export const transferCommands: Command[] = [
  {
    name: 'export',
    summary: "Writes a vault's items to a file: KDBX 4 (KeePass, locked with a password chosen for the file) or CSV (not encrypted).",
    details: ['Asks the account password again first. Example: latchkey export --format kdbx --out vault.kdbx'],
    options: {
      format: { type: 'string', value: 'F', help: 'kdbx or csv' },
      out: { type: 'string', value: 'PATH', help: 'the file to write' },
      ...vaultOption,
    },
    async run(context) {
      const format = context.values.format;
      if (format !== 'kdbx' && format !== 'csv') throw usageError('--format must be kdbx or csv.');
      if (typeof context.values.out !== 'string') throw usageError('Name the file to write with --out PATH.');
      const { call, accountId, vaultId } = await vaultIdOf(context, resolve(context.values.out));
      const password = await context.input.read({ label: 'Account password', env: 'LATCHKEY_PASSWORD', secret: true });
      await call('secretKey.reveal', { accountId, password });
      const saved = format === 'kdbx' ? await call('transfer.export', { accountId, vaultId, format, filePassword: await filePassword(context, 'Password for the file') }) : await call('transfer.export', { accountId, vaultId, format });
      if (saved.status !== 'saved') throw new CliError(EXIT.error, 'Nothing was written.');
      context.out(`Exported to ${saved.path}.`);
    },
  },
  {
    name: 'import',
    args: { usage: 'PATH', count: 1 },
    summary: 'Imports a file into a vault: KDBX, 1PUX, 1Password, Bitwarden, Chrome, Firefox, Safari or Latchkey CSV (the format is recognised). Items already there are skipped.',
    details: ['A KDBX file asks for its password (LATCHKEY_FILE_PASSWORD, a line of stdin, or a prompt).'],
    options: vaultOption,
    async run(context) {
      const path = resolve(context.positionals[0]!);
      const { call, accountId, vaultId } = await vaultIdOf(context, path);
      const chosen = await call('transfer.chooseFile', { purpose: 'import' });
      if (chosen.status !== 'chosen') throw new CliError(EXIT.notFound, `Cannot read ${path}.`);
      const password = /\.kdbx$/i.test(path) ? await filePassword(context, 'Password of the file') : undefined;
      const preview = await call('transfer.previewImport', { accountId, vaultId, fileId: chosen.fileId, ...(password !== undefined && { password }) });
      const done = await call('transfer.runImport', { importId: preview.importId });
      context.out(`Imported ${done.created} items (${preview.format}); skipped ${done.skipped} already there.`);
    },
  },
];
