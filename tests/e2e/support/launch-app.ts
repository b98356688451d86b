/**
 * Starts the real app for a spec, in the host the Playwright project names, with its own
 * empty data folder, and hands back the app's page. The browser host is started as a user
 * would (`node dist/main/browser.js`) and reached over CDP, as automation would attach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, chromium, type Browser, type Page, type TestInfo } from '@playwright/test';
import { appOrigins } from '../../../src/shared/app-shell';

export interface RunningApp {
  page: Page;
  dataDir: string;
  /** Quits the app and keeps its data folder, to start it again on it. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export function electronBinary(): string | undefined {
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  return dist ? join(dist, process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron') : undefined;
}

export interface LaunchOptions {
  args?: string[];
  /** Extra environment, e.g. a HOME and TMPDIR of the test's own, to scan for stray files. */
  env?: Record<string, string>;
  /** The data folder of an earlier run, to start the app again on it (it is then left in place at close). */
  dataDir?: string;
}

export async function launchApp(testInfo: TestInfo, { args = [], env = {}, dataDir: reused }: LaunchOptions = {}): Promise<RunningApp> {
  const dataDir = reused ?? mkdtempSync(join(tmpdir(), 'latchkey-e2e-'));
  const host = testInfo.project.metadata.host as 'browser' | 'electron';
  const app = host === 'electron' ? await launchElectron(dataDir, args, env) : await launchBrowserHost(dataDir, args, env);
  return {
    ...app,
    dataDir,
    stop: app.close,
    async close() {
      await app.close();
      if (!reused) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function launchElectron(dataDir: string, extraArgs: string[], env: Record<string, string>) {
  const electron = await _electron.launch({ executablePath: electronBinary(), args: ['.', `--data-dir=${dataDir}`, ...extraArgs], env: { ...process.env, ...env } as Record<string, string> });
  const page = await electron.firstWindow();
  return { page, close: () => electron.close() };
}

async function launchBrowserHost(dataDir: string, extraArgs: string[], env: Record<string, string>) {
  const port = await freePort();
  const host = await startProcess(['dist/main/browser.js', '--headless', '--remote-debugging-port', String(port), '--data-dir', dataDir, ...extraArgs], env, 'Latchkey is running');
  let browser: Browser | undefined;
  try {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const connected = browser;
    const page = await waitForValue(() => connected.contexts().flatMap((context) => context.pages()).find((candidate) => candidate.url().startsWith(appOrigins.browser)), () => `no app page:\n${host.output()}`);
    return {
      page,
      async close() {
        await connected.close().catch(() => undefined);
        await host.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await host.stop();
    throw error;
  }
}

export interface StartedProcess {
  output(): string;
  stop(): Promise<void>;
}

/** Runs `node args…` and resolves once it prints `ready`; rejects with its output if it exits or stalls first. */
export async function startProcess(args: string[], env: Record<string, string>, ready: string): Promise<StartedProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const started = { output: () => output, stop: () => stop(child) };
  try {
    await waitFor(() => output.includes(ready), () => `${args[0]} did not start:\n${output}`, child);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return started;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// On two cores shared by several test runs, the app alone has taken 25 s to start: 90 s before calling it a failure.
async function waitFor(done: () => boolean, explain: () => string, child?: ChildProcess, timeoutMs = 90_000): Promise<void> {
  await waitForValue(() => (done() ? true : undefined), explain, child, timeoutMs);
}

async function waitForValue<T>(value: () => T | undefined, explain: () => string, child?: ChildProcess, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = value();
    if (current !== undefined) return current;
    if (child && child.exitCode !== null) throw new Error(explain());
    if (Date.now() > deadline) throw new Error(explain());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
