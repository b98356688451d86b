/**
 * The main core as the app starts it (startMainCore: every real handler, the embedded sync server
 * on loopback, the OS keychain, the offline cache), in the benchmark's own process, and the one
 * way a benchmark calls it: as the renderer would, through the router. Host dialogs, the printer
 * and the clipboard are not used unless a benchmark passes its own open dialog.
 */
import { startServer } from '../src/server/index';
import { startMainCore } from '../src/main/core/app/start';
import type { HostPorts } from '../src/main/core/platform/ports';
import { appOrigins } from '../src/shared/app-shell';
import type { ChannelName, RequestOf, ResponseOf } from '../src/shared/ipc/contract';

const unused = () => Promise.reject(new Error('not used by the benchmark'));

export async function inProcessCore(dataDir: string, chooseOpenPath: HostPorts['openDialog']['chooseOpenPath'] = unused) {
  const ports: HostPorts = {
    saveDialog: { chooseSavePath: unused },
    openDialog: { chooseOpenPath },
    printer: { preview: unused, print: unused },
    clipboard: { writeSecret: unused, readText: unused, clear: unused },
  };
  const core = await startMainCore({
    host: 'browser',
    dataDir,
    startEmbeddedServer: (file) => startServer({ database: { kind: 'sqlite', file }, embedded: true, logLevel: 'error' }),
    allowedOrigins: [appOrigins.browser],
    ports,
  });
  const sender = { frameUrl: `${appOrigins.browser}/index.html` };
  async function ipc<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await core.router(sender, channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as ResponseOf<C>;
  }
  return { core, ipc };
}
