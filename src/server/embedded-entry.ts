/**
 * The embedded sync server's entry (built to dist/server/embedded.js). A desktop host runs it
 * off its main thread, so the database and the server's crypto never hold up the window: the
 * browser host (and the tests) as a Node worker thread, the Electron host as a utilityProcess.
 * The same file runs unchanged in both; only the port to the host differs. The host sends
 * 'start' then 'close' (src/shared/embedded-server.ts); nothing comes in by argv or env.
 */
import { parentPort as workerPort } from 'node:worker_threads';
import { hostToServerSchema, type HostToServer, type ServerToHost } from '../shared/embedded-server';
import { startServer, type RunningServer } from './index';

interface HostPort {
  post(message: ServerToHost): void;
  listen(listener: (data: unknown) => void): void;
}

/** Electron's `process.parentPort` in a utilityProcess: messages arrive wrapped in an event. */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function hostPort(): HostPort {
  const electron = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electron) return { post: (message) => electron.postMessage(message), listen: (listener) => electron.on('message', (event) => listener(event.data)) };
  if (workerPort) {
    const port = workerPort;
    return { post: (message) => port.postMessage(message), listen: (listener) => port.on('message', listener) };
  }
  throw new Error('embedded-entry runs only as a worker thread or an Electron utilityProcess, started by a desktop host');
}

const port = hostPort();
let server: Promise<RunningServer> | undefined;

async function handle(message: HostToServer): Promise<ServerToHost> {
  if (message.type === 'start') {
    server = startServer({ database: { kind: 'sqlite', file: message.sqliteFile }, embedded: true });
    try {
      const running = await server;
      return { type: 'started', url: running.url, localMailbox: running.localMailbox };
    } catch (error) {
      return { type: 'failed', code: 'start-failed', detail: error instanceof Error ? error.message : String(error) };
    }
  }
  const running = await server?.catch(() => undefined);
  await running?.close();
  return { type: 'closed' };
}

port.listen((data) => {
  const message = hostToServerSchema.safeParse(data);
  // Only the host that started this process can send to it: anything off the protocol, or a second start, is a bug there. Exit, which the host reports.
  if (!message.success || (message.data.type === 'start' && server)) {
    console.error(`[latchkey server] a message off the embedded-server protocol (${message.success ? 'a second start' : message.error.issues.map((issue) => issue.code).join(', ')}): stopping`);
    process.exit(2);
  }
  void handle(message.data).then((answer) => port.post(answer));
});
