/**
 * Issue 22 item 1 alone: unlock-to-searchable minus its Argon2id at BENCH_ITEMS items (default
 * 10,000), against the AEAD-only floor (the same overview envelopes opened with
 * XChaCha20-Poly1305 and nothing else), paired in one process: each unlock right after one floor
 * run (bench/crypto-unlock.ts). Also in CPU time (this process's, each floor's and each unlock's
 * after its derivation), which the load of a shared machine inflates less than the wall clock.
 * A full collection starts each floor and each unlock, so neither pays for the other's garbage
 * (without it, an unlock that made less garbage moved collection work into the floor after it,
 * which flattered the ratio). Each pair also times the sub-floors between the floor and the unlock (subFloor in
 * bench/crypto-unlock.ts, each after a full collection): the floor plus each overview's JSON parsed ("parse"), plus each put
 * into the search index ("index"), and, instead of JSON, the least any overview format must do to list and search an item
 * (its title and subtitle decoded, folded and held under its id: "least"). Prints one JSON line: {"items", "pairs",
 * "floorMs", "afterDerivationMs", "ratios", "floorCpuMs", "afterDerivationCpuMs", "cpuRatios", "subFloorCpuMs" and
 * "subFloorCpuRatios" (per sub-floor, its CPU time and its ratio to its pair's floor), "medianCpuRatios" (per sub-floor,
 * for the unlock and for the other checkout's)}. With LATCHKEY_BENCH_AGAINST=<folder of another checkout>, that checkout's unlock
 * (its bench/crypto-unlock.ts, its own vault of the same items) also runs in each pair, in this process, right after or
 * right before this one (in turn), against the same floor: "againstAfterDerivationCpuMs", "againstCpuRatios" (and the
 * wall-clock "againstRatios"), so a change is judged against the code before it under the same load.
 */
import { resolve } from 'node:path';
import { prepareCryptoUnlock, type SubFloor } from './crypto-unlock';
import { collectGarbage as collect, median } from './report';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 15);

const AGAINST = process.env.LATCHKEY_BENCH_AGAINST;

const SUB_FLOORS: readonly SubFloor[] = ['parse', 'index', 'least'];

const { unlock, floor, subFloor } = await prepareCryptoUnlock(ITEMS, 'correct horse battery staple', 'bench-floor@example.com');
if ((await unlock()).size !== ITEMS) throw new Error('the unlock did not index every item');
const against = AGAINST ? await ((await import(resolve(AGAINST, 'bench/crypto-unlock.ts'))) as { prepareCryptoUnlock: typeof prepareCryptoUnlock }).prepareCryptoUnlock(ITEMS, 'correct horse battery staple', 'bench-floor@example.com') : null;
if (against && (await against.unlock()).size !== ITEMS) throw new Error('the other checkout did not index every item');
floor();
SUB_FLOORS.forEach(subFloor);
const floorMs: number[] = [];
const subFloorCpuMs = Object.fromEntries(SUB_FLOORS.map((upTo) => [upTo, [] as number[]]));
const afterDerivationMs: number[] = [];
const afterDerivationCpuMs: number[] = [];
const floorCpuMs: number[] = [];
const againstMs: number[] = [];
const againstCpuMs: number[] = [];
/** CPU time of `run` (this process's), after a full collection. */
const cpuOf = (run: () => unknown) => {
  collect();
  const cpu = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(cpu);
  return (user + system) / 1000;
};
/** The other checkout's unlock, after a full collection. */
const runAgainst = async () => {
  collect();
  const unlocked = await against!.unlock();
  againstMs.push(unlocked.afterDerivationMs);
  againstCpuMs.push(unlocked.afterDerivationCpuMs);
};

for (let i = 0; i < PAIRS; i++) {
  floorCpuMs.push(cpuOf(() => floorMs.push(floor())));
  for (const upTo of SUB_FLOORS) subFloorCpuMs[upTo]!.push(cpuOf(() => subFloor(upTo)));
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
const againstCpuRatios = againstCpuMs.map((x, i) => x / floorCpuMs[i]!);
const againstFigures = against && { againstAfterDerivationCpuMs: round(againstCpuMs), againstRatios: round(againstMs.map((x, i) => x / floorMs[i]!)), againstCpuRatios: round(againstCpuRatios) };
const subFloorCpuRatios = Object.fromEntries(SUB_FLOORS.map((upTo) => [upTo, subFloorCpuMs[upTo]!.map((x, i) => x / floorCpuMs[i]!)]));
const medians = { ...subFloorCpuRatios, unlock: cpuRatios, ...(against && { against: againstCpuRatios }) };
const subFloorFigures = {
  subFloorCpuMs: Object.fromEntries(SUB_FLOORS.map((upTo) => [upTo, round(subFloorCpuMs[upTo]!)])),
  subFloorCpuRatios: Object.fromEntries(SUB_FLOORS.map((upTo) => [upTo, round(subFloorCpuRatios[upTo]!)])),
  medianCpuRatios: Object.fromEntries(Object.entries(medians).map(([name, xs]) => [name, round([median(xs)])[0]])),
};
console.log(JSON.stringify({ items: ITEMS, pairs: PAIRS, collected: true, floorMs: round(floorMs), afterDerivationMs: round(afterDerivationMs), ratios: round(ratios), floorCpuMs: round(floorCpuMs), afterDerivationCpuMs: round(afterDerivationCpuMs), cpuRatios: round(cpuRatios), ...subFloorFigures, ...againstFigures }));
