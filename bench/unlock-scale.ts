/**
 * Unlock at 100,000 items against 10,000, in a child of its own so its peak RSS is the unlock's:
 * `npm run bench` runs it with --expose-gc. The 100,000-item vault is written to a real offline
 * cache (OfflineCache, as a device keeps it) and the copy sealed here dropped; then each run
 * reads the cache back and unlocks from it (one Argon2id, the keys, every item through
 * applyItem into the search index), paired with the 10,000-item unlock of bench/crypto-unlock.ts.
 * Timed per run: the cache read, and each unlock from the derivation's end to searchable.
 * The peak RSS (VmHWM) is reset after the setup and read after the runs, so it is what a main
 * process holding the 100,000 items unlocked reached, not the benchmark's own setup.
 * Then keepassxc-cli opens a KDBX file of the same 100,000 entries (bench/keepassxc.ts).
 * Prints one JSON line.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { OfflineCache } from '../src/main/core/offline/offline-cache';
import { prepareCryptoUnlock } from './crypto-unlock';
import { benchKdbx, keepassxcInstalled, keepassxcOpen, type PeerFigures } from './keepassxc';

const LARGE = Number(process.env.BENCH_LARGE_ITEMS ?? 100_000);
const SMALL = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'bench-scale@example.com';

const peakRssMb = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-scale-'));
try {
  const small = await prepareCryptoUnlock(SMALL, PASSWORD, EMAIL);
  const large = await prepareCryptoUnlock(LARGE, PASSWORD, EMAIL);
  const cache = new OfflineCache(join(dir, 'cache'));
  const localUuid = randomUUID();
  await cache.writeVault(localUuid, large.served.vault.vaultId, () => ({ vault: large.served.vault, cursor: '1', items: large.served.items }));
  const cacheFileMb = statSync(join(dir, 'cache', localUuid, 'vaults', `${large.served.vault.vaultId}.vault`)).size / 2 ** 20;
  large.served.forget();
  gc();
  writeFileSync('/proc/self/clear_refs', '5');
  const setupRssMb = peakRssMb();

  const cacheReadMs: number[] = [];
  const largeMs: number[] = [];
  const smallMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const read = performance.now();
    const [cached] = await cache.readVaults(localUuid);
    cacheReadMs.push(performance.now() - read);
    if (cached?.items.length !== LARGE) throw new Error('the cache did not read back');
    const unlocked = await large.unlock(false, cached.items);
    if (unlocked.size !== LARGE) throw new Error(`unlocked ${unlocked.size} items`);
    largeMs.push(unlocked.afterDerivationMs);
    smallMs.push((await small.unlock()).afterDerivationMs);
    gc();
  }
  const rssMb = peakRssMb();
  let keepassxc: PeerFigures | null = null;
  if (keepassxcInstalled() && process.env.BENCH_KEEPASSXC !== '0') keepassxc = keepassxcOpen(await benchKdbx(LARGE, PASSWORD), PASSWORD, LARGE, RUNS);
  console.log(JSON.stringify({ runs: RUNS, items: LARGE, largeMs, smallMs, cacheReadMs, cacheFileMb, setupRssMb, peakRssMb: rssMb, keepassxc }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
