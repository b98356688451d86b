/**
 * A sync server of its own for a spec (`node dist/server/cli.js`, as `npm run server` runs
 * it), so the spec can take it down and bring it back on the same address and database, as
 * an outage would. It runs with --dev-mailbox: its mail goes to `<folder>/mailbox`, which
 * `latestCode(folder, …)` reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeAfterTest } from './accounts';
import { freePort, startProcess, type StartedProcess } from './launch-app';

export interface SyncServer {
  url: string;
  /** Holds the database and the mailbox. */
  folder: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Starts a server for the running test (see useDevices), stopped and deleted after it. */
export async function syncServer(): Promise<SyncServer> {
  const folder = mkdtempSync(join(tmpdir(), 'latchkey-e2e-server-'));
  const port = await freePort();
  let running: StartedProcess | null = null;
  const server: SyncServer = {
    url: `http://127.0.0.1:${port}`,
    folder,
    async start() {
      running ??= await startProcess(['dist/server/cli.js', '--data-dir', folder, '--dev-mailbox', '--port', String(port)], {}, 'listening on');
    },
    async stop() {
      await running?.stop();
      running = null;
    },
  };
  closeAfterTest({
    async close() {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  });
  await server.start();
  return server;
}
