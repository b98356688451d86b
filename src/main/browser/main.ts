/**
 * The browser host: the main core in Node, the renderer in Chromium driven by
 * playwright-core. It exists so the app runs where Electron's binary cannot be fetched.
 *
 *   node dist/main/browser.js [--headless] [--remote-debugging-port N] [--data-dir DIR] [--server-url URL]
 *   LATCHKEY_CHROMIUM=/path/to/chromium   (default /usr/bin/chromium)
 *   LATCHKEY_CLOCK_OFFSET_DAYS=N           (for tests: the core's clock runs N days ahead; default 0)
 *   LATCHKEY_SYNC_SECONDS=N                (for tests: unlocked accounts sync every N seconds, 0.1–3600; default 15)
 */
import { parseArgs } from 'node:util';
import { backgroundSyncMs, startMainCore } from '../core/app/start';
import { defaultDataDir } from '../core/platform/data-dir';
import { appOrigins } from '../../shared/app-shell';
import { openAppWindow } from './window';
import { embeddedEntry, startEmbeddedWorker } from './embedded-worker';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    'remote-debugging-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'server-url': { type: 'string' },
  },
  strict: true,
});

const debuggingPort = values['remote-debugging-port'] === undefined ? undefined : Number(values['remote-debugging-port']);
if (debuggingPort !== undefined && !(Number.isInteger(debuggingPort) && debuggingPort > 0 && debuggingPort < 65536)) {
  console.error('--remote-debugging-port must be a port number from 1 to 65535');
  process.exit(2);
}

const offsetText = process.env.LATCHKEY_CLOCK_OFFSET_DAYS ?? '0';
if (!/^-?\d{1,5}(\.\d+)?$/.test(offsetText)) {
  console.error('LATCHKEY_CLOCK_OFFSET_DAYS must be a number of days, such as 8 or -1.5');
  process.exit(2);
}
const offsetMs = Number(offsetText) * 86_400_000;

const window = await openAppWindow({
  executablePath: process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium',
  headless: values.headless,
  debuggingPort,
});
const core = await startMainCore({
  host: 'browser',
  dataDir: values['data-dir'] ?? defaultDataDir(),
  serverUrl: values['server-url'],
  // The sync server runs in a worker thread: its database never holds up the core's event loop.
  startEmbeddedServer: (file) => startEmbeddedWorker(embeddedEntry, file, { onCrash: (error) => console.error(`[latchkey] ${error.message}`) }),
  allowedOrigins: [appOrigins.browser],
  ports: window.ports,
  clock: { now: () => Date.now() + offsetMs },
  backgroundSyncMs: backgroundSyncMs(),
  // Import files are parsed in a worker thread (built beside this bundle).
  importWorker: new URL('./import-worker.js', import.meta.url),
});
await window.show(core.router, core.events);
console.log(`Latchkey is running (browser host, sync server ${core.serverUrl}).`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await window.close();
  await core.close();
  process.exit(0);
}
window.onClosed(() => void shutdown());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown());
