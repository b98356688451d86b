/**
 * `latchkey item get X --field password` as a whole process, with a valid session, on an account
 * of 10,000 items (imported through the app's own Chrome CSV import, not timed), against a bare
 * `node -e 0` process, in pairs: each CLI run right after its reference, so both meet the same
 * machine load. The CLI is the built one (dist/main/cli.js: `npm run build` or
 * `node scripts/build-main.mjs` first), on the data folder's embedded server, as a user runs it.
 *
 * It needs a Secret Service, so bench/index.ts runs it under scripts/with-keyring.sh; it prints
 * one JSON line: {"runs", "cliMs", "nodeMs"} (each run's figures, in order).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readMailbox } from '../src/server/mail/mailbox';
import { inProcessCore } from './in-process-core';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PASSWORD = 'correct horse battery staple 1987';
const EMAIL = 'bench-cli@example.com';
const cli = resolve('dist/main/cli.js');

const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-cli-'));
const csv = join(dataDir, 'chrome.csv');
writeFileSync(csv, ['name,url,username,password,note', ...Array.from({ length: ITEMS }, (_, i) => `Site ${i},https://site${i}.example.com,user${i}@example.com,pw-${i}-secret,`)].join('\n'));

/** The account and its items, made through the channels as the app makes them (not timed); the app is closed after. */
async function seed(): Promise<void> {
  const { core, ipc } = await inProcessCore(dataDir, async () => csv);
  try {
    await ipc('signup.start', { email: EMAIL, name: 'Bench' });
    const mail = (await readMailbox(join(dataDir, 'mailbox'))).find((message) => message.to.includes(EMAIL));
    const code = /verification code is: (\d+)/.exec(mail?.text ?? '')?.[1];
    if (!code) throw new Error('no verification code in the local mailbox');
    await ipc('signup.verify', { code });
    const { account } = await ipc('signup.complete', { password: PASSWORD });
    const { vaultId } = await ipc('vault.open', { accountId: account.accountId });
    const chosen = await ipc('transfer.chooseFile', { purpose: 'import' });
    if (chosen.status !== 'chosen') throw new Error('the open dialog did not answer');
    const preview = await ipc('transfer.previewImport', { accountId: account.accountId, vaultId, fileId: chosen.fileId });
    const done = await ipc('transfer.runImport', { importId: preview.importId });
    if (done.created !== ITEMS) throw new Error(`imported ${done.created} of ${ITEMS}`);
  } finally {
    await core.close();
  }
}

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => execFileSync(process.execPath, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
const timed = (args: string[], env?: NodeJS.ProcessEnv) => {
  const started = performance.now();
  const output = run(args, env);
  return { ms: performance.now() - started, output };
};

try {
  await seed();
  const session = run([cli, 'unlock', '--data-dir', dataDir], { ...process.env, LATCHKEY_PASSWORD: PASSWORD }).trim();
  const env = { ...process.env, LATCHKEY_SESSION: session };
  const wanted = `Site ${Math.floor(ITEMS / 2)}`;
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    nodeMs.push(timed(['-e', '0']).ms);
    const got = timed([cli, 'item', 'get', wanted, '--field', 'password', '--data-dir', dataDir], env);
    if (got.output !== `pw-${Math.floor(ITEMS / 2)}-secret\n`) throw new Error('the CLI did not answer the item’s password');
    cliMs.push(got.ms);
  }
  console.log(JSON.stringify({ runs: RUNS, cliMs, nodeMs }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
