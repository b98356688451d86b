/**
 * Whole-process unlock and list at 10,000 and 100,000 items: `latchkey unlock` (password on
 * stdin) then `latchkey item list` (with the session it printed), each a process of the built
 * CLI (dist/main/cli.js: `npm run build` or `node scripts/build-main.mjs` first) on the data
 * folder's embedded server, against `keepassxc-cli ls` (password on stdin) on a KDBX 4 file of
 * the same count written by kdbxweb with our Argon2id parameters (bench/keepassxc.ts), in pairs:
 * each latchkey run right after its keepassxc-cli run, so both meet the same machine load.
 * The account is signed up and filled through the app's own import (bench/cli-account.ts, not
 * timed). Besides wall time, each process's CPU time (user + system, /usr/bin/time) is kept:
 * on a loaded machine it is the steadier figure.
 *
 * Also timed, right after each keepassxc-cli run: the floor of any command line that unlocks and lists as two
 * processes and derives the same key, `floorMs`: a bare `node -e 0` plus a Node process that does nothing but one
 * Argon2id derivation with the same parameters (@node-rs/argon2, as Latchkey derives). Set against keepassxc-cli,
 * it says how much of the 0.25 × target is left once the processes exist and the key is derived.
 *
 * It needs a Secret Service (scripts/with-keyring.sh) and keepassxc-cli for the ratios (without
 * it, latchkey's figures alone, `keepassxc` null). BENCH_SCALE_ITEMS (default "10000,100000"),
 * BENCH_RUNS (default 3). Prints one JSON line:
 * {"runs", "scales": [{"items", "unlockMs", "listMs", "unlockCpuMs", "listCpuMs", "floorMs", "keepassxc": {"ms", "cpuMs"} | null}]}
 * (each run's figures, in order; latchkey's whole figure of a run is unlockMs + listMs).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, CLI_PASSWORD, seedCliAccount } from './cli-account';
import { PARAMS } from './crypto-unlock';
import { benchKdbx, keepassxcInstalled, keepassxcOpen } from './keepassxc';

const SCALES = (process.env.BENCH_SCALE_ITEMS ?? '10000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** One latchkey process under /usr/bin/time: its wall and CPU time, and its output; throws unless it exits 0. */
function latchkey(dir: string, args: string[], options: { input?: string; session?: string }): { ms: number; cpuMs: number; stdout: string } {
  const report = join(dir, 'time.txt');
  const env = { ...process.env, ...(options.session && { LATCHKEY_SESSION: options.session }) };
  const started = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', report, process.execPath, BUILT_CLI, ...args, '--data-dir', join(dir, 'data')], { input: options.input ?? '', env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`latchkey ${args.join(' ')} failed (${child.status}): ${child.stderr.slice(0, 300)}`);
  const [user, system] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { ms, cpuMs: (user! + system!) * 1000, stdout: child.stdout };
}

/** The floor of a two-process unlock + list (see above): a bare Node process and one that only derives the key, in ms. */
function twoProcessFloorMs(): number {
  const argon2 = `require('@node-rs/argon2').hashRaw('password', { salt: Buffer.alloc(16, 7), memoryCost: ${PARAMS.memoryKiB}, timeCost: ${PARAMS.iterations}, parallelism: ${PARAMS.parallelism}, outputLen: 32, algorithm: 2 })`;
  const started = performance.now();
  for (const script of ['0', argon2]) {
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the floor's process failed: ${child.stderr.slice(0, 300)}`);
  }
  return performance.now() - started;
}

const scales = [];
for (const items of SCALES) {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-cli-scale-'));
  try {
    mkdirSync(join(dir, 'data'));
    await seedCliAccount(join(dir, 'data'), items);
    const kdbx = keepassxcInstalled() ? await benchKdbx(items, CLI_PASSWORD) : null;
    const figures = { items, unlockMs: [] as number[], listMs: [] as number[], unlockCpuMs: [] as number[], listCpuMs: [] as number[], floorMs: [] as number[], keepassxc: kdbx ? { ms: [] as number[], cpuMs: [] as number[] } : null };
    for (let run = 0; run < RUNS; run++) {
      if (kdbx) {
        const peer = keepassxcOpen(kdbx, CLI_PASSWORD, items, 1);
        figures.keepassxc!.ms.push(peer.ms[0]!);
        figures.keepassxc!.cpuMs.push(peer.cpuMs[0]!);
      }
      figures.floorMs.push(twoProcessFloorMs());
      const unlock = latchkey(dir, ['unlock'], { input: `${CLI_PASSWORD}\n` });
      const list = latchkey(dir, ['item', 'list'], { session: unlock.stdout.trim() });
      const lines = list.stdout.split('\n').filter((line) => line !== '').length;
      if (lines !== items) throw new Error(`latchkey item list printed ${lines} items, not ${items}`);
      figures.unlockMs.push(unlock.ms);
      figures.listMs.push(list.ms);
      figures.unlockCpuMs.push(unlock.cpuMs);
      figures.listCpuMs.push(list.cpuMs);
    }
    scales.push(figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(JSON.stringify({ runs: RUNS, scales }));
