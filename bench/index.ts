/**
 * Latchkey's benchmark: `npm run bench`. Every figure and its reference are measured in this
 * run, on this machine. Medians of 3 runs unless a row says otherwise. The rows come in groups
 * (in brackets below); `BENCH_ONLY=import,cli npm run bench` runs only those groups, and
 * `BENCH_ONLY=help` names them all.
 *
 *  1. [crypto] Unlock-to-searchable, 10,000 items: 2SKD (one Argon2id at the floor), unwrap the
 *     account key, decrypt the keyset, open the vault key, decrypt every item overview,
 *     build the search index. Reference: kdbxweb opening a KDBX4 file of 10,000 entries with
 *     the same Argon2id parameters (Argon2 by @node-rs/argon2). Target ≤ 0.2 × reference.
 *  2. [crypto] Recovery-code setup's crypto (generate code, HKDF, OPAQUE registration incl. the
 *     server step, wrap the account key). Reference: one Argon2id derivation. Target ≤ 1.5 ×.
 *  3. [crypto] One search keystroke over 10,000 items (worst of a typed query). Target < 16 ms,
 *     reference: one 60 Hz frame.
 *  4. [crypto] Building the Recovery Kit PDF (pdf-lib, embedded fonts), once warm. Target < 100 ms.
 *  5. [ipc] A recovery code set up through the real IPC path, without the user's time: from the
 *     password re-check through the new code's upload to its activation (bench/ipc-flows.ts).
 *     Reference: one Argon2id derivation, timed in the same child right before each setup.
 *     Target ≤ 1.5 ×.
 *  6. [ipc] Unlock-to-searchable, 10,000 items, through the real IPC path (router, handlers,
 *     keychain, embedded server, offline cache; bench/ipc-flows.ts). Reference: the crypto
 *     alone (figure 1's work, bench/crypto-unlock.ts), timed in the same child right before
 *     each IPC run, so both meet the same machine load. Target ≤ 1.2 ×.
 *  7. [renderer] The renderer's initial JS, gzipped, from the production build. Target ≤ 250 kB.
 *  8. [crypto] Figure 1 with the checks a device makes against a lying server (the device state record
 *     opened and parsed, the signed vault list verified, the vault key's commitment and every
 *     item's version checked; docs/security-design.md §8.6). Reference: figure 1's unlock
 *     without them, 15 pairs, each checked run next to an unchecked one. Target ≤ 1.1 ×.
 *  9. [events] A change saved on device B to its appearance on device A's screen, through the real
 *     path (two main cores, A's background sync and its 'sync.result' event, then the screen's
 *     read; bench/event-latency.ts), median of 9, saved at a random point of A's timer.
 *     Reference: the background interval + 1.5 × one sync round trip timed in the same run.
 *     Target ≤ 1 ×. The interval is printed.
 * 10. [import] Importing a 10,000-entry KDBX 4 file (Argon2id 64 MiB/3/4) into an empty vault through
 *     the real IPC path and the embedded server (bench/import-kdbx.ts). Reference: kdbxweb
 *     opening that file alone, timed in the same child right before each import. Target ≤ 1.5 ×.
 *     Also: the main core's worst event-loop stall during each import (perf_hooks'
 *     monitorEventLoopDelay, 10 ms resolution; the server in its worker and the file parsed in
 *     the import worker, as the hosts run them), against a 100 ms budget, spread printed.
 * 11. [list] The item list in the browser host, BENCH_LIST_ITEMS items (default 100,000, imported
 *     through the app's own CSV import: 77 s here, on two busy cores; bench/item-list.ts), scrolled
 *     top to bottom in a fling, and by a fast wheel whose every row is read: two rows, each the
 *     worst frame's main-thread CPU time (from a Chromium trace,
 *     bench/frame-trace.ts), median over the runs with their spread; the wall-clock worst frame
 *     (rAF time to the first task after it) is printed below. Target < 16 ms.
 * 12. [search] One search keystroke over 100,000 items (BENCH_SEARCH_ITEMS; worst of a typed query, per run, by the wall clock and by the thread's CPU time;
 *     bench/search-scale.ts): median of 3 runs with their spread. Target < 16 ms, reference: one
 *     60 Hz frame; a spread across 16 ms says INCONCLUSIVE. The first search after one change is printed.
 * 13. [paint] Unlock click → first rows of the item list painted, in the browser host with the real
 *     renderer, 10,000 items (bench/unlock-paint.ts, the renderer's two User Timing marks read
 *     over CDP). Reference: the crypto-only unlock-to-searchable of the same items (figure 1's
 *     work), timed right before each click. Target ≤ 1.5 ×, judged on the runs' paired ratios.
 * 14. [crypto] Figure 1 from its Argon2id's end to searchable, against the AEAD-only floor: the same
 *     overview envelopes opened with XChaCha20-Poly1305 and nothing else; 7 pairs. Target ≤ 2 ×. A note
 *     prints the sub-floors timed between each pair's floor and unlock (median ratio to the floor): the
 *     floor plus JSON.parse of each overview, plus the search index, and the least any overview format
 *     must do (title and subtitle decoded, folded, held by id; bench/crypto-unlock.ts, subFloor).
 * 15. [scale] The same at 100,000 items read back from a real offline cache, against 10 × the 10,000
 *     figure, paired in one child (bench/unlock-scale.ts). Target ≤ 1 ×. Its peak RSS against
 *     keepassxc-cli's at 100,000 entries: target ≤ 0.5 × (520 MB assumed without keepassxc).
 * 16. [scale] keepassxc-cli opening 10,000 and 100,000 entries (bench/keepassxc.ts), whole process: time
 *     and peak RSS, printed.
 * 17. [cli] `latchkey item get X --field password` as a whole process with a valid session, 10,000
 *     items, on the embedded server (bench/cli-item-get.ts). Reference: a bare `node -e 0`
 *     process, run right before each CLI run. Target ≤ 5 ×, judged on the paired ratios.
 * 18. [cli] Whole-process `latchkey unlock` then `latchkey item list` at 10,000 and 100,000 items
 *     (bench/cli-scale.ts). Reference: `keepassxc-cli ls` on a KDBX 4 file of the same count
 *     written by kdbxweb with our Argon2id parameters, run right before each pair. Target ≤ 0.25 ×,
 *     judged on the paired ratios; the CPU-time ratios are printed below.
 *
 * Rows with several runs print their spread (min–max, of the paired ratios where a row pairs
 * each run with its reference); a spread that straddles the target says INCONCLUSIVE.
 */

import { cryptoRows } from './rows/crypto';
import { cliRows, eventRows, importRows, ipcRows, listRows, paintRows, rendererRows } from './rows/desktop';
import { scaleRows, searchScaleRows } from './rows/scale';
import { formatTable, verdictOf, type Group } from './report';

const groups: Record<string, () => Group | Promise<Group>> = {
  crypto: cryptoRows,
  search: searchScaleRows,
  ipc: ipcRows,
  events: eventRows,
  import: importRows,
  list: listRows,
  paint: paintRows,
  cli: cliRows,
  scale: scaleRows,
  renderer: rendererRows,
};

const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
const unknown = only?.filter((name) => !(name in groups)) ?? [];
if (unknown.length > 0 || only?.length === 0) {
  console.error(`BENCH_ONLY names groups: ${Object.keys(groups).join(', ')}${unknown.length > 0 ? ` (not: ${unknown.join(', ')})` : ''}`);
  process.exit(2);
}
const chosen = Object.entries(groups).filter(([name]) => !only || only.includes(name));
const results: Group[] = [];
for (const [, run] of chosen) results.push(await run());
const rows = results.flatMap((group) => group.rows);

console.log(`Latchkey benchmark — Node ${process.version}, groups: ${chosen.map(([name]) => name).join(', ')}; medians of 3 runs unless a row says otherwise`);
for (const line of formatTable(rows)) console.log(line);
console.log(`\n${results.flatMap((group) => group.notes).join(';\n')}`);
if (rows.some((row) => verdictOf(row) === 'FAIL')) process.exitCode = 1;
