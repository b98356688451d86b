/**
 * Runs one command line: finds the command, reads its options, gives it a context (the core,
 * started only when it needs one; the session; stdout for its answer, stderr for the rest),
 * and answers the exit code. A failure prints its message alone: never a stack, never a secret.
 */
import { resolve } from 'node:path';
import { defaultDataDir } from '../core/platform/data-dir';
import type { MainCore } from '../core/app/start';
import { findCommand, helpOf, parseCommand, type Command, type Context } from './command';
import type { Call } from './core';
import { CliError, EXIT, usageError, type ExitCode } from './exit';
import { Input } from './input';
import { openSession, resumeSession, SESSION_ENV } from './session';
import { accountCommands } from './commands/account';
import { generateCommand } from './commands/generate';
import { itemReadCommands } from './commands/items';
import { itemWriteCommands } from './commands/item-writes';
import { sessionCommands } from './commands/session';
import { recoveryCommands } from './commands/recovery';
import { transferCommands } from './commands/transfer';

export const commands: readonly Command[] = [...accountCommands, ...sessionCommands, ...itemReadCommands, ...itemWriteCommands, ...recoveryCommands, ...transferCommands, generateCommand];

export function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: latchkey COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary.split(/(?<=\.) /)[0]}`),
    '',
    'Every command takes --help, --data-dir DIR and --server-url URL; read commands take --json.',
    'Exit codes: 0 ok, 1 error, 2 usage, 3 locked or signed out, 4 not found.',
  ].join('\n');
}

export interface Streams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The import parser's worker, beside the bin (dist/main/import-worker.js), as the app's hosts run it; without it a file is parsed on this thread. */
  importWorker?: URL | undefined;
}

export async function runCli(argv: string[], streams: Streams): Promise<ExitCode> {
  let opened: { core: MainCore; call: Call } | undefined;
  /** What to wipe at the end (the cache reader's keys and items). */
  const closing: (() => void)[] = [];
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      streams.stdout(overview());
      return argv.length === 0 ? EXIT.usage : EXIT.ok;
    }
    const { command, words } = findCommand(commands, argv);
    if (!command) throw usageError(`${words.length === 0 ? 'No command given' : `Unknown command "${words.join(' ')}"`}.\n\n${overview()}`);
    const { values, positionals } = parseCommand(command, argv);
    if (values.help) {
      streams.stdout(helpOf(command));
      return EXIT.ok;
    }
    // Absolute, as the core's file writes need (a relative --data-dir is from the working folder).
    const dataDir = resolve((values['data-dir'] as string | undefined) ?? defaultDataDir());
    let savePath: () => string | null = () => null;
    const start = async (answer?: () => string | null) => {
      if (answer) savePath = answer;
      // Loaded only here: a command without the core (help, generate, lock) starts in a fraction of the time.
      const { cliPorts, openCore } = await import('./core');
      opened ??= await openCore({ dataDir, serverUrl: values['server-url'] as string | undefined, ports: cliPorts(() => savePath()), importWorker: streams.importWorker });
      return opened;
    };
    const unlocked = async (answer?: () => string | null) => {
      const { core, call } = await start(answer);
      const session = openSession(dataDir, streams.env[SESSION_ENV]);
      try {
        return { call, accountId: await resumeSession(core, session) };
      } finally {
        session.close();
      }
    };
    let synced: Promise<{ call: Call; accountId: string; fromCache: null }> | undefined;
    const context: Context = {
      values,
      positionals,
      json: values.json === true,
      dataDir,
      input: new Input(process.stdin, process.stderr, streams.env),
      out: streams.stdout,
      note: streams.stderr,
      core: start,
      account: async () => chooseAccount(await start(), values.account as string | undefined),
      unlocked,
      reader: async (only) => {
        if (values.sync !== true) {
          // Loaded only here: the cache's reader, without the server or the rest of the core.
          const { readCachedVaults } = await import('./cached-vaults');
          const read = await readCachedVaults(dataDir, streams.env[SESSION_ENV], only);
          if (read) {
            closing.push(read.close);
            return read;
          }
        }
        // Once: the core holds every item, and the session's account is unlocked in it once.
        synced ??= unlocked().then((opened) => ({ ...opened, fromCache: null }));
        return synced;
      },
    };
    await command.run(context);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    streams.stderr(error.message);
    return error.exitCode;
  } finally {
    for (const close of closing) close();
    await opened?.core.close();
  }
}

/** --account by email or id, or the device's only account. */
async function chooseAccount({ call }: { call: Call }, wanted: string | undefined): Promise<string> {
  const { accounts } = await call('accounts.list', {});
  if (wanted !== undefined) {
    const found = accounts.find((account) => account.accountId === wanted || account.email.toLowerCase() === wanted.trim().toLowerCase());
    if (!found) throw new CliError(EXIT.notFound, `No account "${wanted}" on this device. See \`latchkey account list\`.`);
    return found.accountId;
  }
  if (accounts.length === 1) return accounts[0]!.accountId;
  if (accounts.length === 0) throw new CliError(EXIT.locked, 'No account is signed in on this device. Add one with `latchkey account add`.');
  throw usageError(`This device has ${accounts.length} accounts: name one with --account EMAIL.\nSee \`latchkey account list\`.`);
}
