/**
 * The browser host as a user runs it, for the benchmarks that time the real renderer:
 * `node dist/main/browser.js` (the real core, embedded server and renderer build) in a throwaway
 * data folder, driven over CDP. `withBrowserHost` starts it and always stops it and removes the
 * folder; `signUpAndImport` makes an account through the sign-up channels from the page and
 * imports `items` items through the app's own import, as a user does it: a Chrome password CSV
 * with that many rows written to a temporary folder (0600, removed after), chosen in the browser
 * host's open sheet, previewed and imported (`vault.save` one item at a time took 47 ms an item).
 * The idle lock is set to a day: a long import on busy cores must not lock the account under it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { readMailbox } from '../src/server/mail/mailbox';
import type { ChannelName, RequestOf, ResponseOf } from '../src/shared/ipc/contract';
import { benchOverview } from './crypto-unlock';

export const BENCH_EMAIL = 'bench@example.com';
export const BENCH_PASSWORD = 'correct horse battery staple 1987';

/** A Chrome password export (`name,url,username,password`) of `count` logins, every cell quoted. */
export function chromeCsv(count: number): string {
  const quoted = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  const rows = Array.from({ length: count }, (_, i) => {
    const { title, username, urls } = benchOverview(i);
    return [title, urls[0]!, username, `pw-${i}`].map(quoted).join(',');
  });
  return ['name,url,username,password', ...rows].join('\n') + '\n';
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

type Answer = { ok: true; value: unknown } | { ok: false; error: { message: string } };
/** A call through the page's own IPC bridge, as the renderer makes it. */
const invoke = (page: Page, channel: ChannelName, request: unknown) =>
  page.evaluate(([name, body]) => (globalThis as unknown as { latchkey: { invoke: (n: string, b: unknown) => Promise<Answer> } }).latchkey.invoke(name, body), [channel, request] as const);

export async function ipc<C extends ChannelName>(page: Page, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await invoke(page, channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as ResponseOf<C>;
}

/**
 * Runs `use` with the app's page (1280 × 800), its data folder and the host's process id; the host is stopped and the folder
 * removed after. `seed` fills the data folder before the host starts (bench/seed-vault.ts).
 */
export async function withBrowserHost<T>(use: (page: Page, dataDir: string, hostPid: number) => Promise<T>, seed?: (dataDir: string) => Promise<void>): Promise<T> {
  if (!existsSync('dist/main/browser.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-host-'));
  try {
    await seed?.(dataDir);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const host = spawn(process.execPath, [...hostNodeFlags, 'dist/main/browser.js', '--headless', '--remote-debugging-port', String(port), '--data-dir', dataDir], { env: { ...process.env, LATCHKEY_SYNC_SECONDS: '3600', LATCHKEY_IDLE_LOCK_SECONDS: '86400' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      host.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('Latchkey is running') && resolve());
      host.once('exit', (code) => reject(new Error(`the browser host exited (${code})`)));
    });
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const page = browser.contexts()[0]!.pages()[0]!;
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      return await use(page, dataDir, host.pid!);
    } finally {
      await browser.close();
    }
  } finally {
    host.kill('SIGTERM');
    await new Promise((resolve) => host.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Node flags for the host, e.g. `BENCH_HOST_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` to profile its core (written when it stops). */
const hostNodeFlags = (process.env.BENCH_HOST_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** A new account with `items` logins imported; answers its ids and how long the import took. */
export async function signUpAndImport(page: Page, dataDir: string, items: number): Promise<{ accountId: string; vaultId: string; seedMs: number }> {
  await ipc(page, 'signup.start', { email: BENCH_EMAIL, name: 'Bench' });
  const code = /verification code is: (\d+)/.exec((await readMailbox(join(dataDir, 'mailbox')))[0]?.text ?? '')?.[1];
  if (!code) throw new Error('no verification code in the local mailbox');
  await ipc(page, 'signup.verify', { code });
  const { account } = await ipc(page, 'signup.complete', { password: BENCH_PASSWORD });
  const { accountId } = account;
  const { vaultId } = await ipc(page, 'vault.open', { accountId });

  const seeding = performance.now();
  // Only this user can open it (mkdtemp makes it 0700); the CSV holds the items' passwords.
  const csvDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-csv-'));
  try {
    const file = join(csvDir, 'bench-passwords.csv');
    writeFileSync(file, chromeCsv(items), { mode: 0o600 });
    // The browser host asks for the file in its open sheet, in the page, as it does a user.
    const chosen = ipc(page, 'transfer.chooseFile', { purpose: 'import' });
    const sheet = page.getByRole('dialog', { name: 'Choose the file to import' });
    await sheet.getByRole('textbox', { name: 'Open' }).fill(file);
    await sheet.getByRole('button', { name: 'Open' }).click();
    const picked = await chosen;
    if (picked.status !== 'chosen') throw new Error('the open sheet was cancelled');
    const preview = await ipc(page, 'transfer.previewImport', { accountId, vaultId, fileId: picked.fileId });
    if (preview.toImport !== items) throw new Error(`the preview found ${preview.toImport} items to import, not ${items}`);
    const imported = await ipc(page, 'transfer.runImport', { importId: preview.importId });
    if (imported.status !== 'done' || imported.created !== items) throw new Error(`the import created ${imported.created} items, not ${items}`);
  } finally {
    rmSync(csvDir, { recursive: true, force: true });
  }
  return { accountId, vaultId, seedMs: performance.now() - seeding };
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
/**
 * CPU time spent so far, in ms, by the browser host (every thread, also those that ended: /proc's utime and stime, in
 * clock ticks of 10 ms) and by every Chromium process (the browser's own count). A difference of two is what the app
 * spent, whatever else the machine runs meanwhile.
 */
export async function appCpuMs(page: Page, hostPid: number): Promise<{ host: number; chromium: number }> {
  const stat = readFileSync(`/proc/${hostPid}/stat`, 'utf8');
  const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
  const session = await page.context().browser()!.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { cpuTime: number }[] };
    return { host: ((utime! + stime!) * 1000) / CLOCK_TICKS, chromium: processInfo.reduce((sum, { cpuTime }) => sum + cpuTime * 1000, 0) };
  } finally {
    await session.detach();
  }
}
