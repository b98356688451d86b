/**
 * The browser host runs the embedded sync server in a Node worker thread (the same entry the
 * Electron host runs as a utilityProcess), so the database never holds up the main core.
 */
import { Worker } from 'node:worker_threads';
import { startEmbeddedChild, type EmbeddedChildOptions } from '../core/app/embedded-child';
import type { EmbeddedServer } from '../core/app/start';

/** dist/main/browser.js sits beside dist/server/embedded.js. */
export const embeddedEntry = new URL('../server/embedded.js', import.meta.url);

export function startEmbeddedWorker(entry: URL, sqliteFile: string, options: EmbeddedChildOptions): Promise<EmbeddedServer> {
  const worker = new Worker(entry);
  // An uncaught error ends the worker; 'exit' reports that, with its code.
  worker.on('error', (error) => console.error('[latchkey] the embedded sync server failed:', error.message));
  return startEmbeddedChild(
    {
      send: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => worker.once('exit', listener),
      kill: () => void worker.terminate(),
    },
    sqliteFile,
    options,
  );
}
