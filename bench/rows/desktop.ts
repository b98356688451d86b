/**
 * The desktop client's rows, each a group of its own: the real IPC path (`ipc`), the renderer's
 * initial JS (`renderer`), a change on device B to device A's screen (`events`), the KDBX import
 * (`import`), the item list's scroll (`list`), the Unlock click to the first rows (`paint`) and
 * `latchkey item get` (`cli`). Their figures come from children (bench/desktop-client.ts).
 */
import { cliItemGetMs, cliScale, eventLatencyMs, importKdbxMs, ipcFlowsMs, itemListFrames, RENDERER_JS_BUDGET_KB, rendererInitialJsKb, unlockPaintMs, type ScrollFigures } from '../desktop-client';
import { FRAME, list, median, ms, spreadOf, type Group } from '../report';
import { BENCH_ITEMS, k } from './common';

const ratios = (xs: number[]) => list(xs, (r) => r.toFixed(2));

export function ipcRows(): Group {
  const ipc = ipcFlowsMs();
  return {
    rows: [
      { name: 'Recovery-code setup via IPC, re-authentication to confirmed', value: ipc.recoverySetup, refName: 'one Argon2id, interleaved', ref: ipc.argon2id, target: 1.5 },
      { name: `Unlock-to-searchable via IPC, ${BENCH_ITEMS} items`, value: ipc.unlockToSearchable, refName: 'crypto only, interleaved', ref: ipc.cryptoOnlyUnlock, target: 1.2, spread: spreadOf(ipc.unlockPairedRatios) },
    ],
    notes: [`IPC flows: ${ipc.runs} runs, each after its reference; unlock-to-searchable, each run against its own reference: ${ratios(ipc.unlockPairedRatios)}`],
  };
}

export function rendererRows(): Group {
  const js = rendererInitialJsKb();
  return { rows: [{ name: 'Renderer initial JS, gzipped', value: js.kb, refName: `${RENDERER_JS_BUDGET_KB} kB budget`, ref: RENDERER_JS_BUDGET_KB, target: 1, unit: 'kB' }], notes: [`renderer initial JS: ${js.files.join(', ')}`] };
}

export function eventRows(): Group {
  const events = eventLatencyMs();
  return {
    rows: [{ name: `Change on device B to device A's screen (background interval ${events.intervalMs} ms)`, value: events.latency, refName: 'interval + 1.5 × sync round trip', ref: events.intervalMs + 1.5 * events.roundTrip, target: 1 }],
    notes: [`change-to-screen: background interval ${events.intervalMs} ms, one sync round trip ${ms(events.roundTrip)} (median of ${events.runs})`],
  };
}

export function importRows(): Group {
  const imported = importKdbxMs();
  return {
    rows: [
      { name: `KDBX 4 import via IPC, ${BENCH_ITEMS} entries into an empty vault`, value: imported.importMs, refName: 'kdbxweb opening it, interleaved', ref: imported.kdbxOpenMs, target: 1.5, spread: spreadOf(imported.pairedRatios) },
      { name: `Main core's worst event-loop stall during that import (${imported.runs} runs)`, value: median(imported.worstStallMs), refName: '100 ms budget', ref: 100, target: 1, spread: spreadOf(imported.worstStallMs.map((x) => x / 100)) },
    ],
    notes: [`KDBX import (${imported.runs} runs), each against its own reference: ${ratios(imported.pairedRatios)}, the main core's worst event-loop stall in each: ${list(imported.worstStallMs)}; CPU time against the reference's, per run: ${ratios(imported.cpuRatios)}`],
  };
}

export function listRows(): Group {
  const l = itemListFrames();
  const { fling, reading } = l.scrolls;
  const row = (what: string, s: ScrollFigures) => ({ name: `Item list ${what}, ${l.listed} rows listed (${l.items} imported): worst frame's main-thread CPU`, value: median(s.worstFrameCpuMs), refName: FRAME, ref: 16, target: 1, spread: spreadOf(s.worstFrameCpuMs) });
  const note = (what: string, s: ScrollFigures) =>
    `${what}, ${s.pxPerFrame} px a frame, worst frame of each scroll: CPU ${list(s.worstFrameCpuMs)} (99th percentile ${list(s.p99FrameCpuMs)}), wall clock ${list(s.worstFrameMs)} (99th percentile ${list(s.p99FrameMs)}); frames whose drawn rows were all read: ${s.framesAllRead.join(', ')}`;
  return {
    rows: [row('scrolled top to bottom (a fling)', fling), row('scrolled by a fast wheel (every row read)', reading)],
    notes: [
      `item list: ${l.items} items imported in ${ms(l.seedMs)}, ${l.listed} rows listed${l.listed < l.items ? '; MISSES: the list shows fewer rows than the vault holds' : ''}`,
      note('fling', fling),
      note('fast wheel', reading),
    ],
  };
}

export function paintRows(): Group {
  const paint = unlockPaintMs();
  return {
    rows: [{ name: `Unlock click → first rows painted, browser host, ${paint.items} items`, value: median(paint.paintMs), refName: 'crypto-only unlock, paired', ref: median(paint.cryptoOnlyUnlockMs), target: 1.5, spread: spreadOf(paint.pairedRatios) }],
    notes: [
      `Unlock click → first rows (${paint.runs} runs): ${list(paint.paintMs)}, each against its own crypto-only unlock ${ratios(paint.pairedRatios)}${paint.navigated.some(Boolean) ? ' (the window opened elsewhere: the bench chose All items the moment it was drawn)' : ''}`,
      `Unlock click → first rows, CPU time: the app (host ${list(paint.cpuMs.map((c) => c.host))} + Chromium ${list(paint.cpuMs.map((c) => c.chromium))}) against the reference's ${list(paint.cpuMs.map((c) => c.reference))}, paired ${ratios(paint.cpuMs.map((c) => c.app / c.reference))}`,
    ],
  };
}

export function cliRows(): Group {
  const cli = cliItemGetMs();
  const group: Group = {
    rows: [{ name: `latchkey item get --field password, ${BENCH_ITEMS} items, whole process`, value: cli.cliMs, refName: 'node -e 0, paired', ref: cli.nodeMs, target: 5, spread: spreadOf(cli.pairedRatios) }],
    notes: [`latchkey item get (${cli.runs} pairs), each against its own node -e 0: ${ratios(cli.pairedRatios)}`],
  };
  for (const scale of cliScale().scales) {
    const whole = scale.unlockMs.map((x, i) => x + scale.listMs[i]!);
    const wholeCpu = scale.unlockCpuMs.map((x, i) => x + scale.listCpuMs[i]!);
    const name = `latchkey unlock + item list, ${k(scale.items)} items, whole processes`;
    const figures = `unlock ${list(scale.unlockMs)} (CPU ${list(scale.unlockCpuMs)}), list ${list(scale.listMs)} (CPU ${list(scale.listCpuMs)})`;
    const peer = scale.keepassxc;
    if (!peer) {
      group.rows.push({ name, value: median(whole), refName: 'keepassxc-cli not installed', ref: Number.NaN, target: Number.NaN });
      group.notes.push(`latchkey at ${k(scale.items)}: ${figures}`);
      continue;
    }
    const paired = whole.map((x, i) => x / peer.ms[i]!);
    const pairedCpu = wholeCpu.map((x, i) => x / peer.cpuMs[i]!);
    group.rows.push({ name, value: median(whole), refName: `keepassxc-cli ls, ${k(scale.items)}, paired`, ref: median(peer.ms), target: 0.25, spread: spreadOf(paired) });
    group.notes.push(`latchkey at ${k(scale.items)} (${whole.length} pairs): ${figures}; keepassxc-cli ${list(peer.ms)} (CPU ${list(peer.cpuMs)}); paired wall ${ratios(paired)}, CPU ${ratios(pairedCpu)}`);
    group.notes.push(
      `the floor at ${k(scale.items)}, any two-process unlock + list deriving the same Argon2id key (a bare node -e 0, and a node process doing only that derivation): ${list(scale.floorMs)}, against keepassxc-cli paired ${ratios(scale.floorMs.map((x, i) => x / peer.ms[i]!))}`,
    );
  }
  return group;
}
