/**
 * Unlock at 100,000 items against 10,000, each read back from a real offline cache
 * (OfflineCache, as a device keeps it). This process seals both vaults (bench/crypto-unlock.ts)
 * and writes their caches; then a fresh child process does only what a main process unlocking
 * from its cache does, so its peak RSS is the unlock's and not the sealing's. The child is this
 * file bundled by esbuild as the app's main process is (scripts/build-main.mjs: ESM, libraries
 * from node_modules) into dist/bench/, run with --expose-gc and `--child` under plain Node: under
 * tsx, its loader thread alone added 60 MB to the RSS (113 MB against 53 MB before any read).
 * The child: per run, it reads each cache back and unlocks from it (one
 * Argon2id, the keys, every item through applyCachedItem into the search index), the 100,000
 * right after the 10,000. Timed per run: the cache read, and each unlock from the derivation's
 * end to searchable (wall-clock, and CPU time). The child's peak RSS (VmHWM) is read after its
 * runs; `setupRssMb` is its RSS before the first read (Node, tsx and libsodium loaded).
 * The unlock material goes to the child over its stdin, never argv or a file.
 * Then keepassxc-cli opens a KDBX file of the same 100,000 entries (bench/keepassxc.ts).
 * Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { initCrypto } from '../src/main/core/crypto/sodium';
import { OfflineCache } from '../src/main/core/offline/offline-cache';
import { prepareCryptoUnlock, unlockFrom, type UnlockInputs } from './crypto-unlock';
import { benchKdbx, keepassxcInstalled, keepassxcOpen, type PeerFigures } from './keepassxc';

const LARGE = Number(process.env.BENCH_LARGE_ITEMS ?? 100_000);
const SMALL = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'bench-scale@example.com';

/** One cached vault for the child: where it is, and the account material its unlock starts from. */
interface CachedAccount {
  localUuid: string;
  inputs: UnlockInputs;
}
interface ChildTask {
  root: string;
  runs: number;
  small: CachedAccount;
  large: CachedAccount;
}
interface ChildFigures {
  largeMs: number[];
  largeCpuMs: number[];
  smallMs: number[];
  smallCpuMs: number[];
  cacheReadMs: number[];
  setupRssMb: number;
  peakRssMb: number;
}

/** JSON with byte arrays as `{"$bytes": base64}`, for the child's stdin. */
const encodeTask = (task: ChildTask): string => JSON.stringify(task, (_key, value: unknown) => (value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value));
const decodeTask = (text: string): ChildTask =>
  JSON.parse(text, (_key, value: unknown) => (value !== null && typeof value === 'object' && '$bytes' in value ? new Uint8Array(Buffer.from(String(value.$bytes), 'base64')) : value)) as ChildTask;

const rssMb = (field: 'VmHWM' | 'VmRSS'): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;

async function child(task: ChildTask): Promise<ChildFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  await initCrypto();
  const cache = new OfflineCache(task.root);
  const figures: ChildFigures = { largeMs: [], largeCpuMs: [], smallMs: [], smallCpuMs: [], cacheReadMs: [], setupRssMb: rssMb('VmRSS'), peakRssMb: 0 };
  const unlock = async ({ localUuid, inputs }: CachedAccount, count: number, ms: number[], cpuMs: number[]) => {
    const read = performance.now();
    const [cached] = await cache.readVaults(localUuid);
    if (count === LARGE) figures.cacheReadMs.push(performance.now() - read);
    if (cached?.items.length !== count) throw new Error('the cache did not read back');
    const unlocked = await unlockFrom(inputs, cached.items);
    cached.file?.close();
    if (unlocked.size !== count) throw new Error(`unlocked ${unlocked.size} items`);
    ms.push(unlocked.afterDerivationMs);
    cpuMs.push(unlocked.afterDerivationCpuMs);
    gc();
  };
  for (let run = 0; run < task.runs; run++) {
    await unlock(task.small, SMALL, figures.smallMs, figures.smallCpuMs);
    await unlock(task.large, LARGE, figures.largeMs, figures.largeCpuMs);
  }
  figures.peakRssMb = rssMb('VmHWM');
  return figures;
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-scale-'));
  try {
    const root = join(dir, 'cache');
    const cache = new OfflineCache(root);
    const cached = async (count: number): Promise<CachedAccount> => {
      const prepared = await prepareCryptoUnlock(count, PASSWORD, EMAIL);
      const localUuid = randomUUID();
      await cache.writeVault(localUuid, prepared.served.vault.vaultId, () => ({ vault: prepared.served.vault, cursor: '1', items: prepared.served.items }));
      prepared.served.forget();
      return { localUuid, inputs: prepared.inputs };
    };
    const small = await cached(SMALL);
    const large = await cached(LARGE);
    const cacheFileMb = statSync(join(root, large.localUuid, 'vaults', `${large.inputs.grant.vaultId}.vault`)).size / 2 ** 20;
    const childJs = 'dist/bench/unlock-scale.js';
    buildSync({ entryPoints: ['bench/unlock-scale.ts'], bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', outfile: childJs, logLevel: 'warning' });
    const output = execFileSync(process.execPath, ['--expose-gc', childJs, '--child'], { input: encodeTask({ root, runs: RUNS, small, large }), encoding: 'utf8', maxBuffer: 1 << 20 });
    const figures = JSON.parse(output.trim().split('\n').at(-1)!) as ChildFigures;
    let keepassxc: PeerFigures | null = null;
    if (keepassxcInstalled() && process.env.BENCH_KEEPASSXC !== '0') keepassxc = keepassxcOpen(await benchKdbx(LARGE, PASSWORD), PASSWORD, LARGE, RUNS);
    console.log(JSON.stringify({ runs: RUNS, items: LARGE, ...figures, cacheFileMb, keepassxc }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) console.log(JSON.stringify(await child(decodeTask(readFileSync(0, 'utf8')))));
else await parent();
