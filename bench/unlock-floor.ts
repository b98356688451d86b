/**
 * Issue 22 item 1 alone: unlock-to-searchable minus its Argon2id at BENCH_ITEMS items (default
 * 10,000), against the AEAD-only floor (the same overview envelopes opened with
 * XChaCha20-Poly1305 and nothing else), paired in one process: each unlock right after one floor
 * run (bench/crypto-unlock.ts). Also in CPU time (this process's, each floor's and each unlock's
 * after its derivation), which the load of a shared machine inflates less than the wall clock.
 * A full collection starts each floor and each unlock, so neither pays for the other's garbage
 * (without it, an unlock that made less garbage moved collection work into the floor after it,
 * which flattered the ratio). Prints one JSON line: {"items", "pairs", "floorMs", "afterDerivationMs", "ratios", "floorCpuMs",
 * "afterDerivationCpuMs", "cpuRatios"}.
 */
import { prepareCryptoUnlock } from './crypto-unlock';
import { collectGarbage as collect } from './report';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 15);

const { unlock, floor } = await prepareCryptoUnlock(ITEMS, 'correct horse battery staple', 'bench-floor@example.com');
if ((await unlock()).size !== ITEMS) throw new Error('the unlock did not index every item');
floor();
const floorMs: number[] = [];
const afterDerivationMs: number[] = [];
const afterDerivationCpuMs: number[] = [];
const floorCpuMs: number[] = [];

for (let i = 0; i < PAIRS; i++) {
  collect();
  const cpu = process.cpuUsage();
  floorMs.push(floor());
  const { user, system } = process.cpuUsage(cpu);
  floorCpuMs.push((user + system) / 1000);
  collect();
  const unlocked = await unlock();
  afterDerivationMs.push(unlocked.afterDerivationMs);
  afterDerivationCpuMs.push(unlocked.afterDerivationCpuMs);
}
const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
const ratios = afterDerivationMs.map((x, i) => x / floorMs[i]!);
const cpuRatios = afterDerivationCpuMs.map((x, i) => x / floorCpuMs[i]!);
console.log(JSON.stringify({ items: ITEMS, pairs: PAIRS, collected: true, floorMs: round(floorMs), afterDerivationMs: round(afterDerivationMs), ratios: round(ratios), floorCpuMs: round(floorCpuMs), afterDerivationCpuMs: round(afterDerivationCpuMs), cpuRatios: round(cpuRatios) }));
