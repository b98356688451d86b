/**
 * The main core as the command line starts it: the same data folder, keychain and server
 * options as the app (--data-dir, --server-url), the embedded server when no URL is given
 * (loaded only then; its log on stderr, so stdout stays the command's answer). Every job goes through the
 * core's IPC router, the same channels, checks and typed errors as the windows.
 */
import { startMainCore, type MainCore } from '../core/app/start';
import type { HostPorts } from '../core/platform/ports';
import { appOrigins } from '../../shared/app-shell';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { CliError, exitCodeOf } from './exit';

export type Call = <C extends ChannelName>(channel: C, request: RequestOf<C>) => Promise<ResponseOf<C>>;

const sender = { frameUrl: `${appOrigins.cli}/` };
const refuse = (what: string) => () => Promise.reject(new CliError(1, `The command line has no ${what}.`));

/** What the command line gives the core: no printer or clipboard; the save and open "dialogs" answer the path the command was given. */
export function cliPorts(path: () => string | null = () => null): HostPorts {
  return {
    saveDialog: { chooseSavePath: async () => path() },
    openDialog: { chooseOpenPath: async () => path() },
    printer: { preview: refuse('printer'), print: async () => ({ status: 'failed', reason: 'The command line has no printer.' }) },
    clipboard: { writeSecret: refuse('clipboard'), readText: refuse('clipboard'), clear: async () => undefined },
  };
}

export async function openCore(options: { dataDir: string; serverUrl: string | undefined; ports: HostPorts; importWorker?: URL | undefined }): Promise<{ core: MainCore; call: Call }> {
  const core = await startMainCore({
    host: 'cli',
    dataDir: options.dataDir,
    serverUrl: options.serverUrl,
    // The server's code is loaded only when it is embedded (not with --server-url).
    startEmbeddedServer: async (file) => (await import('../../server/index')).startServer({ database: { kind: 'sqlite', file }, embedded: true, logStream: process.stderr }),
    allowedOrigins: [appOrigins.cli],
    ports: options.ports,
    ...(options.importWorker && { importWorker: options.importWorker }),
  });
  const call: Call = async (channel, request) => {
    const result = await core.router(sender, channel, request);
    if (result.ok) return result.value as never;
    throw new CliError(exitCodeOf(result.error.code), result.error.message);
  };
  return { core, call };
}
