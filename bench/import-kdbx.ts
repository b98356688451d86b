/**
 * Importing a 10,000-entry KDBX 4 file (Argon2id 64 MiB / 3 / 4, written by kdbxweb) into an
 * empty vault through the real IPC path: the main core as the app starts it, with the embedded
 * sync server; the host's open dialog answers the file's path. Timed: `transfer.chooseFile`,
 * `transfer.previewImport` (opening the file with its password, mapping every entry, checking
 * for duplicates) and `transfer.runImport` (every item encrypted, uploaded in batches, the
 * offline cache written). Each run imports into a new account's empty Private vault. The
 * reference, kdbxweb opening the same file alone, is timed in this child right before each run.
 *
 * The import parser runs in its worker thread built as the hosts build it (esbuild, with
 * scripts/bundled-libraries.mjs's options as scripts/build-main.mjs, into a throwaway folder),
 * not from source through tsx, whose loader thread would be timed too.
 *
 * Also measured: the worst stall of the main core's event loop during each import (what a
 * window waiting on the core would feel), with the sync server in its worker as the hosts run it;
 * each phase's wall time (preview, run); and the CPU time of the whole process (every thread: the
 * main core, the import worker, the server's worker, Argon2's) for the import and for the
 * reference, which on shared cores is steadier than the wall clock (a wall-clock pair is only as
 * good as the load during it).
 *
 * It needs a Secret Service, so bench/index.ts runs it under scripts/with-keyring.sh; it
 * prints one JSON line: {"runs", "importMs", "kdbxOpenMs", "worstStallMs", "phaseMs", "phaseCpuMs", "importCpuMs", "kdbxOpenCpuMs"}.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { importWorkerBuild } from '../scripts/bundled-libraries.mjs';
import { kdbxweb } from '../src/main/core/transfer/kdbx-engine';
import { readMailbox } from '../src/server/mail/mailbox';
import { PARAMS } from './crypto-unlock';
import { benchDatabase } from './kdbx-bench-entries';
import { inProcessCore } from './in-process-core';

const ENTRIES = Number(process.env.BENCH_ITEMS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PASSWORD = 'correct horse battery staple 1987';
const FILE_PASSWORD = 'the export file password';

const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-import-'));
const file = join(dataDir, 'bench.kdbx');
// Inside the worktree, so the bundle's packages resolve from node_modules as dist/'s do.
const buildDir = mkdtempSync(join(import.meta.dirname, '..', '.bench-tmp-import-'));
const importWorker = join(buildDir, 'import-worker.js');
await build({ ...importWorkerBuild, entryPoints: [join(import.meta.dirname, '..', importWorkerBuild.entryPoints[0])], logLevel: 'warning', outfile: importWorker });

/** The file, written by kdbxweb (not timed). */
async function makeFile(): Promise<ArrayBuffer> {
  const db = benchDatabase(FILE_PASSWORD, ENTRIES);
  db.setVersion(4);
  db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const kdf = db.header.kdfParameters;
  kdf?.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(PARAMS.memoryKiB * 1024));
  kdf?.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(PARAMS.iterations));
  kdf?.set('P', kdbxweb.VarDictionary.ValueType.UInt32, PARAMS.parallelism);
  return db.save();
}

const bytes = await makeFile();
writeFileSync(file, new Uint8Array(bytes));
const { core, ipc } = await inProcessCore(dataDir, async () => file, pathToFileURL(importWorker));

/** A new account, signed up through the channels: its empty Private vault. */
async function emptyVault(run: number): Promise<{ accountId: string; vaultId: string }> {
  const email = `bench-import-${run}@example.com`;
  await ipc('signup.start', { email, name: 'Bench' });
  const mail = (await readMailbox(join(dataDir, 'mailbox'))).find((message) => message.to.includes(email));
  const code = /verification code is: (\d+)/.exec(mail?.text ?? '')?.[1];
  if (!code) throw new Error('no verification code in the local mailbox');
  await ipc('signup.verify', { code });
  const { account } = await ipc('signup.complete', { password: PASSWORD });
  const { vaultId, total } = await ipc('vault.open', { accountId: account.accountId });
  if (total !== 0) throw new Error('the new vault is not empty');
  return { accountId: account.accountId, vaultId };
}

const accountIds: string[] = [];
try {
  const importMs: number[] = [];
  const kdbxOpenMs: number[] = [];
  const worstStallMs: Record<'preview' | 'run', number[]> = { preview: [], run: [] };
  const phaseMs: Record<'preview' | 'run', number[]> = { preview: [], run: [] };
  const phaseCpuMs: Record<'preview' | 'run', number[]> = { preview: [], run: [] };
  const importCpuMs: number[] = [];
  const kdbxOpenCpuMs: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const { user, system } = process.cpuUsage(since);
    return (user + system) / 1000;
  };
  /** How long the main core's event loop was held up at worst during `work` (a window would freeze as long), sampled every 10 ms. */
  async function stalls<T>(phase: 'preview' | 'run', work: () => Promise<T>): Promise<T> {
    const monitor = monitorEventLoopDelay({ resolution: 10 });
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    monitor.enable();
    try {
      return await work();
    } finally {
      monitor.disable();
      worstStallMs[phase].push(monitor.max / 1e6);
      phaseMs[phase].push(performance.now() - started);
      phaseCpuMs[phase].push(cpuMs(startedCpu));
    }
  }
  for (let run = 0; run < RUNS; run++) {
    const { accountId, vaultId } = await emptyVault(run);
    accountIds.push(accountId);
    const referenceCpu = process.cpuUsage();
    const reference = performance.now();
    await kdbxweb.Kdbx.load(bytes.slice(0), new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(FILE_PASSWORD)));
    kdbxOpenMs.push(performance.now() - reference);
    kdbxOpenCpuMs.push(cpuMs(referenceCpu));
    const startedCpu = process.cpuUsage();
    const started = performance.now();
    const chosen = await ipc('transfer.chooseFile', { purpose: 'import' });
    if (chosen.status !== 'chosen') throw new Error('the open dialog did not answer');
    const preview = await stalls('preview', () => ipc('transfer.previewImport', { accountId, vaultId, fileId: chosen.fileId, password: FILE_PASSWORD }));
    const done = await stalls('run', () => ipc('transfer.runImport', { importId: preview.importId }));
    importMs.push(performance.now() - started);
    importCpuMs.push(cpuMs(startedCpu));
    const { total } = await ipc('vault.show', { accountId, vaultId });
    if (done.created !== ENTRIES || total !== ENTRIES) throw new Error(`imported ${done.created}, the vault lists ${total}`);
  }
  console.log(JSON.stringify({ runs: RUNS, importMs, kdbxOpenMs, worstStallMs, phaseMs, phaseCpuMs, importCpuMs, kdbxOpenCpuMs }));
} finally {
  for (const accountId of accountIds) await ipc('account.signOut', { accountId }).catch(() => undefined);
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
}
