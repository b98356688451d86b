/**
 * Parses an import file in a worker thread (parse-entry.ts), so a 10,000-entry file never
 * holds up the main core's event loop (the window, every other channel, background sync).
 * The hosts pass the built entry (dist/main/import-worker.js); without one the core parses
 * on its own thread, as the channel tests do.
 */
import { Worker } from 'node:worker_threads';
import type { ImportResult } from './collector';
import { ImportError, type ImportErrorCode } from './import-error';
import type { KdbxSecrets } from './kdbx';

export interface ParseRequest {
  bytes: Uint8Array;
  secrets: KdbxSecrets | undefined;
}

/** An ImportError crosses as its code and words; any other failure as its name only (a parser's own message may quote the file). */
export type ParseReply = { ok: true; result: ImportResult } | { ok: false; code: ImportErrorCode | null; message: string };

export type ParseImport = (bytes: Uint8Array, secrets?: KdbxSecrets) => Promise<ImportResult>;

export function importParser(entry: URL | undefined): ParseImport {
  // On this thread the parsers and their libraries load with the first file, not with the core.
  if (!entry) return async (bytes, secrets) => (await import('./read-import')).parseImport(bytes, secrets);
  return (bytes, secrets) =>
    new Promise<ImportResult>((resolve, reject) => {
      // It needs none of the host's Node options (a benchmark run under tsx would load tsx into each parser too).
      const worker = new Worker(entry, { execArgv: [] });
      worker.once('message', (reply: ParseReply) => {
        if (reply.ok) resolve(reply.result);
        else reject(reply.code === null ? new Error(`The import parser failed (${reply.message}).`) : new ImportError(reply.code, reply.message));
        void worker.terminate();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The import parser stopped (exit code ${code}).`)));
      // A copy goes: the caller wipes its own bytes, the worker its copy.
      worker.postMessage({ bytes, secrets } satisfies ParseRequest);
    });
}
