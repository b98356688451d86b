/**
 * The main core as the app starts it (startMainCore: every real handler, the embedded sync server
 * on loopback in a worker thread as the browser host runs it, the OS keychain, the offline cache),
 * in the benchmark's own process, and the one
 * way a benchmark calls it: as the renderer would, through the router. Host dialogs, the printer
 * and the clipboard are not used unless a benchmark passes its own open dialog.
 */
import { startEmbeddedWorker } from '../src/main/browser/embedded-worker';
import { workerFromSource } from '../tests/support/worker-url';
import { startMainCore } from '../src/main/core/app/start';
import type { HostPorts } from '../src/main/core/platform/ports';
import { appOrigins } from '../src/shared/app-shell';
import type { ChannelName, RequestOf, ResponseOf } from '../src/shared/ipc/contract';

const unused = () => Promise.reject(new Error('not used by the benchmark'));

export async function inProcessCore(dataDir: string, chooseOpenPath: HostPorts['openDialog']['chooseOpenPath'] = unused, importWorker = workerFromSource('import-parser')) {
  const ports: HostPorts = {
    saveDialog: { chooseSavePath: unused },
    openDialog: { chooseOpenPath },
    printer: { preview: unused, print: unused },
    clipboard: { writeSecret: unused, readText: unused, clear: unused },
  };
  const core = await startMainCore({
    host: 'browser',
    dataDir,
    // The hosts' own embedded server, off this thread, from source.
    startEmbeddedServer: (file) => startEmbeddedWorker(workerFromSource('embedded-server'), file, { onCrash: (error) => console.error(error.message) }),
    allowedOrigins: [appOrigins.browser],
    ports,
    // Import files are parsed in a worker thread, as the hosts do (from source unless the benchmark passes a built entry).
    importWorker,
  });
  const sender = { frameUrl: `${appOrigins.browser}/index.html` };
  async function ipc<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await core.router(sender, channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as ResponseOf<C>;
  }
  return { core, ipc };
}
