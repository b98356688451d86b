/**
 * Issue 22 item 1 alone: unlock-to-searchable minus its Argon2id at BENCH_ITEMS items (default
 * 10,000), against the AEAD-only floor (the same overview envelopes opened with
 * XChaCha20-Poly1305 and nothing else), paired in one process: each unlock right after one floor
 * run (bench/crypto-unlock.ts). Also in CPU time (this process's, each floor's and each unlock's
 * after its derivation), which the load of a shared machine inflates less than the wall clock.
 * A full collection starts each floor and each unlock, so neither pays for the other's garbage
 * (without it, an unlock that made less garbage moved collection work into the floor after it,
 * which flattered the ratio). Prints one JSON line: {"items", "pairs", "floorMs", "afterDerivationMs", "ratios", "floorCpuMs",
 * "afterDerivationCpuMs", "cpuRatios"}. With LATCHKEY_BENCH_AGAINST=<folder of another checkout>, that checkout's unlock
 * (its bench/crypto-unlock.ts, its own vault of the same items) also runs in each pair, in this process, right after or
 * right before this one (in turn), against the same floor: "againstAfterDerivationCpuMs", "againstCpuRatios" (and the
 * wall-clock "againstRatios"), so a change is judged against the code before it under the same load.
 */
import { resolve } from 'node:path';
import { prepareCryptoUnlock } from './crypto-unlock';
import { collectGarbage as collect } from './report';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 15);

const AGAINST = process.env.LATCHKEY_BENCH_AGAINST;

const { unlock, floor } = await prepareCryptoUnlock(ITEMS, 'correct horse battery staple', 'bench-floor@example.com');
if ((await unlock()).size !== ITEMS) throw new Error('the unlock did not index every item');
const against = AGAINST ? await ((await import(resolve(AGAINST, 'bench/crypto-unlock.ts'))) as { prepareCryptoUnlock: typeof prepareCryptoUnlock }).prepareCryptoUnlock(ITEMS, 'correct horse battery staple', 'bench-floor@example.com') : null;
if (against && (await against.unlock()).size !== ITEMS) throw new Error('the other checkout did not index every item');
floor();
const floorMs: number[] = [];
const afterDerivationMs: number[] = [];
const afterDerivationCpuMs: number[] = [];
const floorCpuMs: number[] = [];
const againstMs: number[] = [];
const againstCpuMs: number[] = [];
/** The other checkout's unlock, after a full collection. */
const runAgainst = async () => {
  collect();
  const unlocked = await against!.unlock();
  againstMs.push(unlocked.afterDerivationMs);
  againstCpuMs.push(unlocked.afterDerivationCpuMs);
};

for (let i = 0; i < PAIRS; i++) {
  collect();
  const cpu = process.cpuUsage();
  floorMs.push(floor());
  const { user, system } = process.cpuUsage(cpu);
  floorCpuMs.push((user + system) / 1000);
  if (against && i % 2 === 0) await runAgainst();
  collect();
  const unlocked = await unlock();
  afterDerivationMs.push(unlocked.afterDerivationMs);
  afterDerivationCpuMs.push(unlocked.afterDerivationCpuMs);
  if (against && i % 2 === 1) await runAgainst();
}
const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
const ratios = afterDerivationMs.map((x, i) => x / floorMs[i]!);
const cpuRatios = afterDerivationCpuMs.map((x, i) => x / floorCpuMs[i]!);
const againstFigures = against && { againstAfterDerivationCpuMs: round(againstCpuMs), againstRatios: round(againstMs.map((x, i) => x / floorMs[i]!)), againstCpuRatios: round(againstCpuMs.map((x, i) => x / floorCpuMs[i]!)) };
console.log(JSON.stringify({ items: ITEMS, pairs: PAIRS, collected: true, floorMs: round(floorMs), afterDerivationMs: round(afterDerivationMs), ratios: round(ratios), floorCpuMs: round(floorCpuMs), afterDerivationCpuMs: round(afterDerivationCpuMs), cpuRatios: round(cpuRatios), ...againstFigures }));
