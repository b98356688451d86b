/**
 * Devices for the desktop integration tests: main cores as the hosts start them, each with a
 * data folder of its own, against one real sync server (SQLite) and a loopback SMTP server.
 * `useDesktopServer` registers the hooks that start them before the file's tests and close
 * every core, the server and the SMTP server after, removing every folder made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startMainCore, type MainCore, type MainCoreOptions } from '../../../src/main/core/app/start';
import type { HostPorts } from '../../../src/main/core/platform/ports';
import { startServer, type RunningServer } from '../../../src/server/index';
import { appOrigins } from '../../../src/shared/app-shell';
import type { ChannelName, RequestOf, ResponseOf } from '../../../src/shared/ipc/contract';
import { lastCodeFor, startSmtp, type TestSmtp } from '../server/harness';

export const PASSWORD = 'correct horse battery staple 1987';
export const unused = (): Promise<never> => Promise.reject(new Error('not used here'));
/** Save dialog, printer and clipboard that a test does not use. */
export const noPorts: HostPorts = { saveDialog: { chooseSavePath: unused }, openDialog: { chooseOpenPath: unused }, printer: { preview: unused, print: unused }, clipboard: { writeSecret: unused, readText: unused, clear: unused } };
const sender = { frameUrl: `${appOrigins.browser}/index.html` };

/** Calls `core` as the renderer does; a refusal throws its message. */
export type Ipc = <C extends ChannelName>(channel: C, request: RequestOf<C>) => Promise<ResponseOf<C>>;

export function ipcOf(core: MainCore): Ipc {
  return async (channel, request) => {
    const result = await core.router(sender, channel, request);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as never;
  };
}

export interface DesktopServer {
  readonly smtp: TestSmtp;
  readonly server: RunningServer;
  /** A new folder, removed after the file's tests. */
  folder(name: string): string;
  /** A device: a main core on a new data folder, talking to the server, with `options` on top. */
  device(options?: Partial<MainCoreOptions>): Promise<{ core: MainCore; ipc: Ipc; dataDir: string }>;
  /** Signs up `email` through the real flow (the emailed code) on `ipc`. */
  signUp(ipc: Ipc, email: string): Promise<ResponseOf<'signup.complete'>>;
  /** Stops the sync server before the file ends (to see a device without it). */
  closeServer(): Promise<void>;
}

export function useDesktopServer(name: string): DesktopServer {
  let smtp: TestSmtp | undefined;
  let server: RunningServer | undefined;
  let serverOpen = false;
  const folders: string[] = [];
  const cores: MainCore[] = [];
  const folder = (kind: string) => {
    const made = mkdtempSync(join(tmpdir(), `latchkey-${name}-${kind}-`));
    folders.push(made);
    return made;
  };
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({ database: { kind: 'sqlite', file: join(folder('server'), 'server.sqlite') }, logLevel: 'silent', mail: { smtpUrl: smtp.url } });
    serverOpen = true;
  });
  afterAll(async () => {
    for (const core of cores) await core.close();
    if (serverOpen) await server?.close();
    await smtp?.close();
    for (const made of folders) rmSync(made, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the desktop test server has not started');
    return value;
  };
  return {
    get smtp() {
      return started(smtp);
    },
    get server() {
      return started(server);
    },
    folder,
    async device(options = {}) {
      const dataDir = folder('device');
      const core = await startMainCore({ host: 'browser', dataDir, serverUrl: started(server).url, startEmbeddedServer: unused, allowedOrigins: [appOrigins.browser], ports: noPorts, ...options });
      cores.push(core);
      return { core, ipc: ipcOf(core), dataDir };
    },
    async signUp(ipc, email) {
      await ipc('signup.start', { email, name: email.split('@')[0]! });
      await ipc('signup.verify', { code: lastCodeFor(started(smtp), email) });
      return ipc('signup.complete', { password: PASSWORD });
    },
    async closeServer() {
      serverOpen = false;
      await started(server).close();
    },
  };
}
