/**
 * The Electron host runs the embedded sync server in a utilityProcess (the same entry the
 * browser host runs as a worker thread): its database and crypto never hold up the UI thread.
 */
import type { UtilityProcess } from 'electron';
import { startEmbeddedChild, type EmbeddedChildOptions } from '../core/app/embedded-child';
import type { EmbeddedServer } from '../core/app/start';

/** Electron's `utilityProcess`, as this file uses it (tests pass a stand-in that records calls). */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'ignore' }): Pick<UtilityProcess, 'postMessage' | 'kill'> & {
    on(event: 'message', listener: (message: unknown) => void): unknown;
    once(event: 'spawn', listener: () => void): unknown;
    once(event: 'exit', listener: (code: number) => void): unknown;
  };
}

export function startEmbeddedProcess(utilityProcess: UtilityProcessModule, entryPath: string, sqliteFile: string, options: EmbeddedChildOptions): Promise<EmbeddedServer> {
  // No arguments and the host's environment: the SQLite file and the mailbox secret travel only as messages.
  const child = utilityProcess.fork(entryPath, [], { serviceName: 'Latchkey sync server', stdio: 'inherit' });
  // Messages wait for the child to be up; one that never comes up ends with 'exit', reported as a crash.
  const spawned = new Promise<void>((resolve) => child.once('spawn', resolve));
  return startEmbeddedChild(
    {
      send: (message) => void spawned.then(() => child.postMessage(message)),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', listener),
      kill: () => void child.kill(),
    },
    sqliteFile,
    options,
  );
}
