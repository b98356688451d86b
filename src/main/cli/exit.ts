/**
 * The command line's exit codes (README, "Command line"): 0 ok, 1 error, 2 usage (an unknown
 * command or flag, or input a command needs and was not given), 3 locked or signed out, 4 not
 * found. A failure is a CliError: its message goes to stderr, its code is the exit code.
 */
import type { IpcErrorCode } from '../../shared/ipc/result';

export const EXIT = { ok: 0, error: 1, usage: 2, locked: 3, notFound: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The exit code of a typed IPC error from the core. */
export function exitCodeOf(code: IpcErrorCode): ExitCode {
  if (code === 'not-unlocked' || code === 'signed-out') return EXIT.locked;
  if (code === 'not-found') return EXIT.notFound;
  if (code === 'bad-request') return EXIT.usage;
  return EXIT.error;
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);
export const lockedError = (message: string) => new CliError(EXIT.locked, `${message}\nRun \`latchkey unlock\` and set LATCHKEY_SESSION to the key it prints.`);
