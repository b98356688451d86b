/**
 * The item list at many items, in the browser host: `node dist/main/browser.js` as a user runs
 * it (the real core, embedded server and renderer build), driven over CDP. An account is made
 * through the sign-up channels from the page; BENCH_LIST_ITEMS items (default 100,000) are
 * imported through the app's own import, as a user does it: a Chrome password CSV with that many
 * rows written to a temporary folder (0600, removed after), chosen in the browser host's open
 * sheet, previewed and imported (the time it takes is printed as seedMs; `vault.save` one item
 * at a time took 47 ms an item, over an hour at 100,000). Then the window's All items list is scrolled from top
 * to bottom, RUNS times, in FRAMES animation frames (a fling: every frame a new window of rows,
 * read through `fetchRows`).
 *
 * What is measured, per frame, in the page: from the frame's requestAnimationFrame time to the
 * first task after it (a MessageChannel message): the main thread's work for that frame, the
 * scroll handling, React's render of the rows in view, style, layout and paint. Not measured:
 * the compositor and GPU after that. The figure is the worst frame of each run; the target is
 * under 16 ms. Prints one JSON line: {"items", "listed", "seedMs", "pxPerFrame", "worstFrameMs", "p99FrameMs"}.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { readMailbox } from '../src/server/mail/mailbox';
import type { ChannelName, RequestOf, ResponseOf } from '../src/shared/ipc/contract';
import { benchOverview } from './crypto-unlock';

const ITEMS = Number(process.env.BENCH_LIST_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FRAMES = 600;
const PASSWORD = 'correct horse battery staple 1987';

/** A Chrome password export (`name,url,username,password`) of `count` logins, every cell quoted. */
function chromeCsv(count: number): string {
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

async function ipc<C extends ChannelName>(page: Page, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await invoke(page, channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as ResponseOf<C>;
}

/**
 * Scrolls the list top to bottom in `frames` frames and answers each frame's main-thread time.
 * Plain JavaScript in a string: it runs in the page as written, nothing added by a compiler.
 */
const SCROLL_FRAMES = `(frames) => new Promise((resolve) => {
  const scroller = document.querySelector('[data-testid="item-scroller"]');
  const step = (scroller.scrollHeight - scroller.clientHeight) / frames;
  const times = [];
  const channel = new MessageChannel();
  let frame = 0;
  let started = 0;
  channel.port1.onmessage = () => times.push(performance.now() - started);
  const next = (at) => {
    if (frame > 0) channel.port2.postMessage(null);
    if (frame++ === frames) return void setTimeout(() => resolve(times), 50);
    started = at;
    scroller.scrollTop = Math.round(frame * step);
    requestAnimationFrame(next);
  };
  scroller.scrollTop = 0;
  requestAnimationFrame(next);
})`;

if (!existsSync('dist/main/browser.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-list-'));
// Only this user can open it (mkdtemp makes it 0700); the CSV holds the items' passwords.
const csvDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-csv-'));
const port = await freePort();
const host = spawn(process.execPath, ['dist/main/browser.js', '--headless', '--remote-debugging-port', String(port), '--data-dir', dataDir], { env: { ...process.env, LATCHKEY_SYNC_SECONDS: '3600' }, stdio: ['ignore', 'pipe', 'pipe'] });
try {
  await new Promise<void>((resolve, reject) => {
    host.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('Latchkey is running') && resolve());
    host.once('exit', (code) => reject(new Error(`the browser host exited (${code})`)));
  });
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = browser.contexts()[0]!.pages()[0]!;
  await page.setViewportSize({ width: 1280, height: 800 });
  await ipc(page, 'signup.start', { email: 'bench@example.com', name: 'Bench' });
  const code = /verification code is: (\d+)/.exec((await readMailbox(join(dataDir, 'mailbox')))[0]?.text ?? '')?.[1];
  if (!code) throw new Error('no verification code in the local mailbox');
  await ipc(page, 'signup.verify', { code });
  const { account } = await ipc(page, 'signup.complete', { password: PASSWORD });
  const { accountId } = account;
  const { vaultId } = await ipc(page, 'vault.open', { accountId });

  const seeding = performance.now();
  const file = join(csvDir, 'bench-passwords.csv');
  writeFileSync(file, chromeCsv(ITEMS), { mode: 0o600 });
  // The browser host asks for the file in its open sheet, in the page, as it does a user.
  const chosen = ipc(page, 'transfer.chooseFile', { purpose: 'import' });
  const sheet = page.getByRole('dialog', { name: 'Choose the file to import' });
  await sheet.getByRole('textbox', { name: 'Open' }).fill(file);
  await sheet.getByRole('button', { name: 'Open' }).click();
  const picked = await chosen;
  if (picked.status !== 'chosen') throw new Error('the open sheet was cancelled');
  const preview = await ipc(page, 'transfer.previewImport', { accountId, vaultId, fileId: picked.fileId });
  if (preview.toImport !== ITEMS) throw new Error(`the preview found ${preview.toImport} items to import, not ${ITEMS}`);
  const imported = await ipc(page, 'transfer.runImport', { importId: preview.importId });
  if (imported.status !== 'done' || imported.created !== ITEMS) throw new Error(`the import created ${imported.created} items, not ${ITEMS}`);
  rmSync(file);
  const seedMs = performance.now() - seeding;

  await page.reload();
  await page.getByRole('button', { name: /bench@example\.com/ }).click();
  await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All items' }).click();
  await page.getByRole('list', { name: 'Items' }).getByRole('listitem').first().waitFor();
  const listed = Number(await page.getByRole('list', { name: 'Items' }).getByRole('listitem').first().getAttribute('aria-setsize'));
  const worstFrameMs: number[] = [];
  const p99FrameMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const times = ((await page.evaluate(`(${SCROLL_FRAMES})(${FRAMES})`)) as number[]).sort((a, b) => a - b);
    worstFrameMs.push(times.at(-1)!);
    p99FrameMs.push(times[Math.floor(times.length * 0.99)]!);
  }
  const pxPerFrame = Math.round((listed * 56) / FRAMES);
  await browser.close();
  console.log(JSON.stringify({ items: ITEMS, listed, seedMs, pxPerFrame, worstFrameMs, p99FrameMs }));
} finally {
  host.kill('SIGTERM');
  await new Promise((resolve) => host.once('exit', resolve));
  rmSync(csvDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
