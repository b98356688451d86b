/**
 * How a command is described (its words, arguments, options and help) and how argv is read
 * into one, with node:util parseArgs: the command's own options and the global ones, strictly,
 * so an unknown command or flag is a usage error (exit 2) that names it.
 */
import { parseArgs } from 'node:util';
import type { MainCore } from '../core/app/start';
import type { WantedItem } from '../core/vault/vault-persistence';
import type { Call } from './core';
import { usageError } from './exit';
import type { Input } from './input';

export interface Option {
  type: 'string' | 'boolean';
  short?: string;
  help: string;
  /** The value's placeholder in help ("N"); none for a boolean. */
  value?: string;
}

export interface Context {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  dataDir: string;
  input: Input;
  /** A line of the command's answer, on stdout. */
  out(text: string): void;
  /** A line for the person, on stderr (hints, progress). */
  note(text: string): void;
  /** The main core, started once (`path` answers its save and open "dialogs": the file the command names). */
  core(path?: () => string | null): Promise<{ core: MainCore; call: Call }>;
  /** The account a command without a session acts on: --account, or the only one. */
  account(): Promise<string>;
  /** The session's account, unlocked in this process (exit 3 without a valid LATCHKEY_SESSION). */
  unlocked(path?: () => string | null): Promise<{ call: Call; accountId: string }>;
  /**
   * The session's account for a read command: its vaults as this device's offline cache holds them (no server;
   * `fromCache` says so), or, with --sync or when the cache has no copy of them, as `unlocked` gives them (synced
   * with the server first; `fromCache` null). With `only`, a reader of the offline cache opens none of the items it
   * cannot be (an item by its id, or by its title: README, "Command line").
   */
  reader(only?: WantedItem): Promise<{ call: Call; accountId: string; fromCache: FromCache | null }>;
}

/** A read answered from this device's offline cache: `syncedAt`, when it was last synced here (null: unknown). */
export interface FromCache {
  syncedAt: Date | null;
}

export interface Command {
  /** The words that name it: 'item get'. */
  name: string;
  /** Its positional arguments in help ('ITEM'), and how many it takes. */
  args?: { usage: string; count: number };
  summary: string;
  /** More lines of help: what it does, examples. */
  details?: string[];
  options?: Record<string, Option>;
  /** A read command: --json answers its documented shape. */
  read?: boolean;
  run(context: Context): Promise<void>;
}

export const globalOptions: Record<string, Option> = {
  'data-dir': { type: 'string', value: 'DIR', help: "the app's data folder (default: the desktop app's)" },
  'server-url': { type: 'string', value: 'URL', help: 'a sync server (default: the embedded one, as the app)' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};
const jsonOption: Record<string, Option> = { json: { type: 'boolean', help: 'answer as JSON (shapes in the README)' } };

export function optionsOf(command: Command): Record<string, Option> {
  return { ...globalOptions, ...(command.read && jsonOption), ...command.options };
}

/** Finds the command argv names (its first one or two words) among `commands`; `words` are the words it read. */
export function findCommand(commands: readonly Command[], argv: readonly string[]): { command: Command | undefined; words: string[] } {
  const takesValue = new Set(commands.flatMap((command) => Object.entries(optionsOf(command)).flatMap(([name, option]) => (option.type === 'string' ? [name] : []))));
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i]!;
    // A word right after an option that takes a value is that value, not a command word.
    if (arg.startsWith('--') && !arg.includes('=') && takesValue.has(arg.slice(2))) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  const byTwo = commands.find((command) => command.name === words.join(' '));
  return { command: byTwo ?? commands.find((command) => command.name === words[0]), words };
}

/** Reads argv as `command`'s: strictly, its positionals after its name's words. */
export function parseCommand(command: Command, argv: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: optionsOf(command), allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${(error as Error).message.split('\n')[0]}\nSee \`latchkey ${command.name} --help\`.`);
  }
  const positionals = parsed.positionals.slice(command.name.split(' ').length);
  const expected = command.args?.count ?? 0;
  if (!parsed.values.help && positionals.length !== expected) {
    throw usageError(`\`latchkey ${command.name}\` takes ${expected === 0 ? 'no arguments' : command.args!.usage}${positionals.length > expected ? `, not "${positionals[expected]}"` : ''}.\nSee \`latchkey ${command.name} --help\`.`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals };
}

export function helpOf(command: Command): string {
  const options = Object.entries(optionsOf(command)).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
    return `  ${flag.padEnd(26)} ${option.help}`;
  });
  return [`Usage: latchkey ${command.name}${command.args ? ` ${command.args.usage}` : ''} [options]`, '', command.summary, ...(command.details ? ['', ...command.details] : []), '', 'Options:', ...options].join('\n');
}
