/**
 * Latchkey crypto benchmark: `npm run bench`. Every figure and its reference are measured in
 * this run, on this machine. Medians of RUNS runs.
 *
 *  1. Unlock-to-searchable, 10,000 items: 2SKD (one Argon2id at the floor), unwrap the
 *     account key, decrypt the keyset, open the vault key, decrypt every item overview,
 *     build the search index. Reference: kdbxweb opening a KDBX4 file of 10,000 entries with
 *     the same Argon2id parameters (Argon2 by @node-rs/argon2). Target ≤ 0.2 × reference.
 *  2. Recovery-code setup's crypto (generate code, HKDF, OPAQUE registration incl. the
 *     server step, wrap the account key). Reference: one Argon2id derivation. Target ≤ 1.5 ×.
 *  3. One search keystroke over 10,000 items (worst of a typed query). Target < 16 ms,
 *     reference: one 60 Hz frame.
 *  4. Building the Recovery Kit PDF (pdf-lib, embedded fonts), once warm. Target < 100 ms.
 *  5. A recovery code set up through the real IPC path, without the user's time: from the
 *     password re-check through the new code's upload to its activation (bench/ipc-flows.ts).
 *     Reference: one Argon2id derivation, timed in the same child right before each setup.
 *     Target ≤ 1.5 ×.
 *  6. Unlock-to-searchable, 10,000 items, through the real IPC path (router, handlers,
 *     keychain, embedded server, offline cache; bench/ipc-flows.ts). Reference: the crypto
 *     alone (figure 1's work, bench/crypto-unlock.ts), timed in the same child right before
 *     each IPC run, so both meet the same machine load. Target ≤ 1.2 ×.
 *  7. The renderer's initial JS, gzipped, from the production build. Target ≤ 250 kB.
 *  8. Figure 1 with the checks a device makes against a lying server (the device state record
 *     opened and parsed, the signed vault list verified, the vault key's commitment and every
 *     item's version checked; docs/security-design.md §8.6). Reference: figure 1's unlock
 *     without them, 15 pairs, each checked run next to an unchecked one. Target ≤ 1.1 ×.
 *  9. A change saved on device B to its appearance on device A's screen, through the real
 *     path (two main cores, A's background sync and its 'sync.result' event, then the screen's
 *     read; bench/event-latency.ts), median of 9, saved at a random point of A's timer.
 *     Reference: the background interval + 1.5 × one sync round trip timed in the same run.
 *     Target ≤ 1 ×. The interval is printed.
 * 10. Importing a 10,000-entry KDBX 4 file (Argon2id 64 MiB/3/4) into an empty vault through
 *     the real IPC path and the embedded server (bench/import-kdbx.ts). Reference: kdbxweb
 *     opening that file alone, timed in the same child right before each import. Target ≤ 1.5 ×.
 *     Also: the main core's worst event-loop stall during each import (perf_hooks'
 *     monitorEventLoopDelay, 10 ms resolution; the server in its worker and the file parsed in
 *     the import worker, as the hosts run them), against a 100 ms budget, spread printed.
 * 11. The item list scrolled top to bottom in the browser host, BENCH_LIST_ITEMS items (default
 *     100,000, imported through the app's own CSV import: 77 s here, on two busy cores;
 *     bench/item-list.ts): the worst frame's main-thread CPU time (from a Chromium trace,
 *     bench/frame-trace.ts), median over the runs with their spread; the wall-clock worst frame
 *     (rAF time to the first task after it) is printed below. Target < 16 ms.
 * 12. One search keystroke over 100,000 items (BENCH_SEARCH_ITEMS; worst of a typed query, per run;
 *     bench/search-scale.ts): median of 3 runs with their spread. Target < 16 ms, reference: one
 *     60 Hz frame; a spread across 16 ms says INCONCLUSIVE. The first search after one change is printed.
 * 13. Unlock click → first rows of the item list painted, in the browser host with the real
 *     renderer, 10,000 items (bench/unlock-paint.ts, the renderer's two User Timing marks read
 *     over CDP). Reference: the crypto-only unlock-to-searchable of the same items (figure 1's
 *     work), timed right before each click. Target ≤ 1.5 ×, judged on the runs' paired ratios.
 * 14. Figure 1 from its Argon2id's end to searchable, against the AEAD-only floor: the same
 *     overview envelopes opened with XChaCha20-Poly1305 and nothing else; 7 pairs. Target ≤ 2 ×.
 * 15. The same at 100,000 items read back from a real offline cache, against 10 × the 10,000
 *     figure, paired in one child (bench/unlock-scale.ts). Target ≤ 1 ×. Its peak RSS against
 *     keepassxc-cli's at 100,000 entries: target ≤ 0.5 × (520 MB assumed without keepassxc).
 * 16. keepassxc-cli opening 10,000 and 100,000 entries (bench/keepassxc.ts), whole process: time
 *     and peak RSS, printed.
 * 17. `latchkey item get X --field password` as a whole process with a valid session, 10,000
 *     items, on the embedded server (bench/cli-item-get.ts). Reference: a bare `node -e 0`
 *     process, run right before each CLI run. Target ≤ 5 ×, judged on the paired ratios.
 *
 * Rows with several runs print their spread (min–max, of the paired ratios where a row pairs
 * each run with its reference); a spread that straddles the target says INCONCLUSIVE.
 */

import { execFileSync } from 'node:child_process';
import { kdbxweb } from '../src/main/core/transfer/kdbx-engine';
import { utf8 } from '../src/shared/crypto/bytes';
import { generateRecoveryCode } from '../src/shared/crypto/recovery-code';
import { createOpaqueServerSetup, opaqueServerRegistrationResponse } from '../src/shared/crypto/opaque-server';
import { argon2id } from '../src/main/core/crypto/argon2';
import { finishRecoverySetup, startRecoverySetup } from '../src/main/core/crypto/recovery';
import { systemRandom } from '../src/main/core/crypto/sodium';
import type { SearchIndex } from '../src/main/core/vault/search-index';
import { formatRecoveryCode } from '../src/shared/crypto/recovery-code';
import { recoveryKitContent } from '../src/main/core/kit/kit-content';
import { renderKitPdf } from '../src/main/core/kit/kit-pdf';
import { PARAMS, prepareCryptoUnlock } from './crypto-unlock';
import { benchKdbx, keepassxcInstalled, keepassxcOpen } from './keepassxc';
import { searchAtScale } from './search-scale';
import { cliItemGetMs, eventLatencyMs, importKdbxMs, ipcFlowsMs, itemListFrames, RENDERER_JS_BUDGET_KB, rendererInitialJsKb, unlockPaintMs } from './desktop-client';

const ITEMS = 10_000;
const RUNS = 3;
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'bench@example.com';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function measure(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await time(fn));
  return median(xs);
}

const { unlock: latchkeyUnlock, floor: aeadFloor, accountId, accountKey } = await prepareCryptoUnlock(ITEMS, PASSWORD, EMAIL);

// ---- kdbxweb reference (setup, not timed) ----
const credentials = () => new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(PASSWORD));
const kdbxFile = await benchKdbx(ITEMS, PASSWORD);

async function kdbxUnlock(): Promise<number> {
  const opened = await kdbxweb.Kdbx.load(kdbxFile, credentials());
  return opened.getDefaultGroup().entries.length;
}

// ---- Recovery setup ----
const opaqueServerSetup = createOpaqueServerSetup();
function recoverySetup(): void {
  const code = generateRecoveryCode(systemRandom);
  const { keys, registration } = startRecoverySetup(code);
  const { registrationResponse } = opaqueServerRegistrationResponse({
    serverSetup: opaqueServerSetup,
    userIdentifier: `recovery:${accountId}`,
    registrationRequest: registration.registrationRequest,
  });
  finishRecoverySetup({ keys, clientRegistrationState: registration.clientRegistrationState, registrationResponse, accountKey, accountId });
  keys.dispose();
  code.canonical.dispose();
}

// ---- Measurements ----
const check = await latchkeyUnlock();
if (check.size !== ITEMS || (await latchkeyUnlock(true)).size !== ITEMS || (await kdbxUnlock()) !== ITEMS) throw new Error('setup check failed');

const argonMs = await measure(RUNS, () => argon2id(utf8(PASSWORD), systemRandom(32), PARAMS));
let index: SearchIndex | undefined;
const latchkeyMs = await measure(RUNS, async () => {
  index = await latchkeyUnlock();
});
const kdbxMs = await measure(RUNS, kdbxUnlock);
// The checks against a lying server, paired: each checked unlock next to an unchecked one (which goes first alternates), so both meet the same load.
const CHECK_PAIRS = 15;
const plainRuns: number[] = [];
const checkedRuns: number[] = [];
for (let i = 0; i < CHECK_PAIRS; i++) {
  if (i % 2 === 0) plainRuns.push(await time(() => latchkeyUnlock()));
  checkedRuns.push(await time(() => latchkeyUnlock(true)));
  if (i % 2 === 1) plainRuns.push(await time(() => latchkeyUnlock()));
}
const checkedRatios = checkedRuns.map((checked, i) => checked / plainRuns[i]!).sort((a, b) => a - b);
const checksCostMs = median(checkedRuns.map((checked, i) => checked - plainRuns[i]!));
// The AEAD-only floor, paired: each unlock (from its Argon2id's end to searchable) right after one floor run.
const FLOOR_PAIRS = 7;
const floorMs: number[] = [];
const afterDerivationMs: number[] = [];
for (let i = 0; i < FLOOR_PAIRS; i++) {
  floorMs.push(aeadFloor());
  afterDerivationMs.push((await latchkeyUnlock()).afterDerivationMs);
}
const floorRatios = afterDerivationMs.map((x, i) => x / floorMs[i]!);
recoverySetup();
const recoveryMs = await measure(5, recoverySetup);

const typed = 'bank account 12';
const keystrokes: number[] = [];
for (let n = 1; n <= typed.length; n++) {
  const q = typed.slice(0, n);
  keystrokes.push(await measure(5, () => index!.find(q)));
}
const keystrokeMs = Math.max(...keystrokes);
const keystrokeMedian = median(keystrokes);
const atScale = searchAtScale(typed, median);

// ---- Table ----
interface Row {
  name: string;
  value: number;
  refName: string;
  ref: number;
  target: number;
  unit?: 'ms' | 'kB' | 'MB';
  /** The lowest and highest run, in the row's judged unit (the ratio, or ms against a 60 Hz frame). */
  spread?: [number, number];
}
const kitContent = recoveryKitContent({ email: EMAIL, recoveryCode: formatRecoveryCode(generateRecoveryCode(systemRandom)), signInAddress: 'https://sync.example', checks: ['email'], createdAt: new Date() });
// The first kit of a run also loads the fonts and warms the JIT; it is printed, not judged.
const kitPdfColdMs = await time(() => renderKitPdf(kitContent));
for (let i = 0; i < 3; i++) await renderKitPdf(kitContent);
const kitPdfMs = await measure(5, () => renderKitPdf(kitContent));
const ipc = ipcFlowsMs(median);
const rendererJs = rendererInitialJsKb();
const events = eventLatencyMs(median);
const imported = importKdbxMs(median);
const list = itemListFrames();
const paint = unlockPaintMs();
const cliGet = cliItemGetMs(median);
const spreadOf = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
const peer10k = keepassxcInstalled() ? keepassxcOpen(kdbxFile, PASSWORD, ITEMS, RUNS) : null;
// 100,000 items, in a child of its own for its peak RSS (bench/unlock-scale.ts).
const scaleStarted = performance.now();
const scale = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/unlock-scale.ts'], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)!) as {
  items: number; largeMs: number[]; smallMs: number[]; cacheReadMs: number[]; cacheFileMb: number; setupRssMb: number; peakRssMb: number; keepassxc: { ms: number[]; rssMb: number[] } | null;
};
const scaleSeconds = (performance.now() - scaleStarted) / 1000;
const scaleRatios = scale.largeMs.map((x, i) => x / (10 * scale.smallMs[i]!));
// Without keepassxc-cli, the issue's budget: 260 MB, i.e. 0.5 × 520 MB.
const peerRss = scale.keepassxc ? scale.keepassxc.rssMb : [520];
const k = (n: number) => `${n / 1000}k`;

const rows: Row[] = [
  { name: 'Argon2id derivation (m=64 MiB, t=3, p=4)', value: argonMs, refName: 'itself', ref: argonMs, target: Number.NaN },
  { name: `Unlock-to-searchable, ${ITEMS} items`, value: latchkeyMs, refName: 'kdbxweb KDBX4 open', ref: kdbxMs, target: 0.2 },
  { name: `Unlock-to-searchable, ${ITEMS} items, signed vault list and state record checked`, value: median(checkedRuns), refName: `same, unchecked, ${CHECK_PAIRS} pairs`, ref: median(plainRuns), target: 1.1, spread: spreadOf(checkedRatios) },
  { name: `Unlock-to-searchable minus its Argon2id, ${k(ITEMS)} items`, value: median(afterDerivationMs), refName: `AEAD-only floor, ${FLOOR_PAIRS} pairs`, ref: median(floorMs), target: 2, spread: spreadOf(floorRatios) },
  { name: `Unlock-to-searchable minus its Argon2id, ${k(scale.items)} items from the offline cache`, value: median(scale.largeMs), refName: `10 × the same at ${k(ITEMS)}, paired`, ref: 10 * median(scale.smallMs), target: 1, spread: spreadOf(scaleRatios) },
  { name: `Peak RSS, ${k(scale.items)} items unlocked (core in one process)`, value: scale.peakRssMb, refName: scale.keepassxc ? `keepassxc-cli peak RSS, ${k(scale.items)}` : 'no keepassxc: 520 MB', ref: median(peerRss), target: 0.5, unit: 'MB', spread: spreadOf(peerRss.map((peer) => scale.peakRssMb / peer)) },
  { name: `Offline cache read, ${k(scale.items)} items (${scale.cacheFileMb.toFixed(0)} MB)`, value: median(scale.cacheReadMs), refName: `its unlock minus Argon2id`, ref: median(scale.largeMs), target: Number.NaN },
  ...(peer10k ? [{ name: `keepassxc-cli opening ${k(ITEMS)} entries, whole process`, value: median(peer10k.ms), refName: 'kdbxweb KDBX4 open', ref: kdbxMs, target: Number.NaN }] : []),
  ...(scale.keepassxc ? [{ name: `keepassxc-cli opening ${k(scale.items)} entries, whole process`, value: median(scale.keepassxc.ms), refName: `10 × at ${k(ITEMS)}`, ref: 10 * median(peer10k?.ms ?? [Number.NaN]), target: Number.NaN }] : []),
  { name: 'Recovery-code setup crypto', value: recoveryMs, refName: 'one Argon2id', ref: argonMs, target: 1.5 },
  { name: `Search keystroke, ${ITEMS} items (worst)`, value: keystrokeMs, refName: '60 Hz frame', ref: 16, target: 1 },
  {
    name: `Search keystroke, ${atScale.items} items (worst, median of ${atScale.worstKeystrokeMs.length} runs)`,
    value: median(atScale.worstKeystrokeMs),
    refName: '60 Hz frame',
    ref: 16,
    target: 1,
    spread: spreadOf(atScale.worstKeystrokeMs),
  },
  { name: 'Recovery Kit PDF', value: kitPdfMs, refName: '100 ms budget', ref: 100, target: 1 },
  { name: 'Recovery-code setup via IPC, re-authentication to confirmed', value: ipc.recoverySetup, refName: 'one Argon2id, interleaved', ref: ipc.argon2id, target: 1.5 },
  { name: `Unlock-to-searchable via IPC, ${ITEMS} items`, value: ipc.unlockToSearchable, refName: 'crypto only, interleaved', ref: ipc.cryptoOnlyUnlock, target: 1.2, spread: spreadOf(ipc.unlockPairedRatios) },
  { name: `Change on device B to device A's screen (background interval ${events.intervalMs} ms)`, value: events.latency, refName: 'interval + 1.5 × sync round trip', ref: events.intervalMs + 1.5 * events.roundTrip, target: 1 },
  { name: `KDBX 4 import via IPC, ${ITEMS} entries into an empty vault`, value: imported.importMs, refName: 'kdbxweb opening it, interleaved', ref: imported.kdbxOpenMs, target: 1.5, spread: spreadOf(imported.pairedRatios) },
  { name: `Main core's worst event-loop stall during that import (${imported.runs} runs)`, value: median(imported.worstStallMs), refName: '100 ms budget', ref: 100, target: 1, spread: spreadOf(imported.worstStallMs.map((x) => x / 100)) },
  { name: `Item list scrolled top to bottom, ${list.listed} rows listed (${list.items} imported): worst frame's main-thread CPU`, value: median(list.worstFrameCpuMs), refName: '60 Hz frame', ref: 16, target: 1, spread: spreadOf(list.worstFrameCpuMs) },
  { name: `Unlock click → first rows painted, browser host, ${paint.items} items`, value: median(paint.paintMs), refName: 'crypto-only unlock, paired', ref: median(paint.cryptoOnlyUnlockMs), target: 1.5, spread: spreadOf(paint.pairedRatios) },
  { name: `latchkey item get --field password, ${ITEMS} items, whole process`, value: cliGet.cliMs, refName: 'node -e 0, paired', ref: cliGet.nodeMs, target: 5, spread: spreadOf(cliGet.pairedRatios) },
  { name: 'Renderer initial JS, gzipped', value: rendererJs.kb, refName: `${RENDERER_JS_BUDGET_KB} kB budget`, ref: RENDERER_JS_BUDGET_KB, target: 1, unit: 'kB' },
];

const ms = (x: number, unit: Row['unit'] = 'ms') => `${x.toFixed(x < 10 ? 2 : 1)} ${unit}`;
const header = ['measurement', 'Latchkey', 'reference', 'ref. time', 'ratio', 'spread (min–max)', 'target', 'result'];
const table = rows.map((r) => {
  const ratio = r.value / r.ref;
  const hasTarget = !Number.isNaN(r.target);
  const frame = r.refName === '60 Hz frame';
  const pass = frame ? r.value < r.ref : ratio <= r.target;
  // A spread across the target: some runs pass and some fail, so the median alone does not decide.
  const straddles = r.spread !== undefined && (frame ? r.spread[0] < r.ref && r.spread[1] >= r.ref : r.spread[0] <= r.target && r.spread[1] > r.target);
  const verdict = straddles ? 'INCONCLUSIVE' : pass ? 'PASS' : 'FAIL';
  return [
    r.name,
    ms(r.value, r.unit),
    r.refName,
    ms(r.ref, r.unit),
    ratio.toFixed(3),
    r.spread ? (frame ? `${ms(r.spread[0])}–${ms(r.spread[1])}` : `${r.spread[0].toFixed(3)}–${r.spread[1].toFixed(3)}`) : '—',
    hasTarget ? (frame ? '< 16 ms' : `≤ ${r.target}`) : '—',
    hasTarget ? verdict : 'info',
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`Latchkey crypto benchmark — Node ${process.version}, median of ${RUNS} runs (IPC rows: ${ipc.runs}, each after its reference; search: 5 per keystroke)`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(row));
console.log(
  `\nkeystrokes of "${typed}": median ${ms(keystrokeMedian)}, worst ${ms(keystrokeMs)}; ` +
    `unlock excluding Argon2id ≈ ${ms(latchkeyMs - argonMs)}; kdbxweb excluding Argon2id ≈ ${ms(kdbxMs - argonMs)}; ` +
    `first Recovery Kit PDF of the run (fonts loaded, JIT cold) ${ms(kitPdfColdMs)}; ` +
    `renderer initial JS: ${rendererJs.files.join(', ')}; ` +
    `IPC unlock-to-searchable, each run against its own reference: ${ipc.unlockPairedRatios.map((r) => r.toFixed(2)).join(', ')}; ` +
    `KDBX import (${imported.runs} runs), each against its own reference: ${imported.pairedRatios.map((r) => r.toFixed(2)).join(', ')}, the main core's worst event-loop stall in each: ${imported.worstStallMs.map((x) => ms(x)).join(', ')}; ` +
    `item list: ${list.items} items imported in ${ms(list.seedMs)}, ${list.listed} rows listed, ${list.pxPerFrame} px a frame, worst frame of each scroll: CPU ${list.worstFrameCpuMs.map((x) => ms(x)).join(', ')} (99th percentile ${list.p99FrameCpuMs.map((x) => ms(x)).join(', ')}), wall clock ${list.worstFrameMs.map((x) => ms(x)).join(', ')} (99th percentile ${list.p99FrameMs.map((x) => ms(x)).join(', ')})${list.listed < list.items ? '; MISSES: the list shows fewer rows than the vault holds' : ''}; ` +
    `Unlock click → first rows (${paint.runs} runs): ${paint.paintMs.map((x) => ms(x)).join(', ')}, each against its own crypto-only unlock ${paint.pairedRatios.map((r) => r.toFixed(2)).join(', ')}${paint.navigated.some(Boolean) ? ' (the window opened elsewhere: the bench chose All items the moment it was drawn)' : ''}; ` +
    `change-to-screen: background interval ${events.intervalMs} ms, one sync round trip ${ms(events.roundTrip)} (median of ${events.runs}); ` +
    `AEAD-only floor pairs (unlock minus Argon2id / floor): ${floorRatios.map((r) => r.toFixed(2)).join(', ')}; ` +
    `${k(scale.items)} items (${scaleSeconds.toFixed(0)} s with its setup): unlock minus Argon2id ${scale.largeMs.map((x) => ms(x)).join(', ')} against ${k(ITEMS)} ${scale.smallMs.map((x) => ms(x)).join(', ')}, offline cache read ${scale.cacheReadMs.map((x) => ms(x)).join(', ')}, RSS after setup ${scale.setupRssMb.toFixed(0)} MB, peak ${scale.peakRssMb.toFixed(0)} MB; ` +
    `keepassxc-cli: ${peer10k ? `${k(ITEMS)}: ${peer10k.ms.map((x) => ms(x)).join(', ')}, peak RSS ${peer10k.rssMb.map((x) => x.toFixed(0)).join(', ')} MB` : 'not installed'}${scale.keepassxc ? `; ${k(scale.items)}: ${scale.keepassxc.ms.map((x) => ms(x)).join(', ')}, peak RSS ${scale.keepassxc.rssMb.map((x) => x.toFixed(0)).join(', ')} MB` : ''}; ` +
    `latchkey item get (${cliGet.runs} pairs), each against its own node -e 0: ${cliGet.pairedRatios.map((r) => r.toFixed(2)).join(', ')}; ` +
    `checked unlock against its unchecked pair (${CHECK_PAIRS} pairs): ${checkedRatios.map((r) => r.toFixed(3)).join(', ')} (min ${checkedRatios[0]!.toFixed(3)}, max ${checkedRatios.at(-1)!.toFixed(3)}); the checks cost a median ${ms(checksCostMs)}`,
);
if (table.some((r) => r[7] === 'FAIL')) process.exitCode = 1;
