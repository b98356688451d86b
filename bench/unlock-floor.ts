/**
 * Issue 22 item 1 alone: unlock-to-searchable minus its Argon2id at BENCH_ITEMS items (default
 * 10,000), against the AEAD-only floor (the same overview envelopes opened with
 * XChaCha20-Poly1305 and nothing else), paired in one process: each unlock right after one floor
 * run (bench/crypto-unlock.ts). Also each unlock's CPU time. Prints one JSON line:
 * {"items", "pairs", "floorMs", "afterDerivationMs", "afterDerivationCpuMs", "ratios"}.
 */
import { prepareCryptoUnlock } from './crypto-unlock';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 15);

const { unlock, floor } = await prepareCryptoUnlock(ITEMS, 'correct horse battery staple', 'bench-floor@example.com');
if ((await unlock()).size !== ITEMS) throw new Error('the unlock did not index every item');
floor();
const floorMs: number[] = [];
const afterDerivationMs: number[] = [];
const afterDerivationCpuMs: number[] = [];
for (let i = 0; i < PAIRS; i++) {
  floorMs.push(floor());
  const unlocked = await unlock();
  afterDerivationMs.push(unlocked.afterDerivationMs);
  afterDerivationCpuMs.push(unlocked.afterDerivationCpuMs);
}
const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
const ratios = afterDerivationMs.map((x, i) => x / floorMs[i]!);
console.log(JSON.stringify({ items: ITEMS, pairs: PAIRS, floorMs: round(floorMs), afterDerivationMs: round(afterDerivationMs), afterDerivationCpuMs: round(afterDerivationCpuMs), ratios: round(ratios) }));
