/**
 * The desktop client's figures for `npm run bench`: the renderer's initial JS, gzipped, and
 * two flows through the real IPC path, unlock-to-searchable for 10,000 items and a recovery
 * code set up (bench/ipc-flows.ts, run in a child under a throwaway keychain, because
 * unlocking reads the Secret Key from it), and a change on device B reaching device A's
 * screen through the background sync and its event (bench/event-latency.ts, likewise); and
 * the item list's worst frame while it scrolls in the browser host (bench/item-list.ts), and the
 * Unlock click to the first rows painted there (bench/unlock-paint.ts).
 */
import { execFileSync } from 'node:child_process';
import { runBenchChild } from './child';
import { median } from './report';
import { initialRendererJs } from './renderer-size';

/** The target: 250 kB (1 kB = 1000 bytes). */
export const RENDERER_JS_BUDGET_KB = 250;

export interface IpcFlowFigures {
  /** Runs of each flow, each right after its reference. */
  runs: number;
  unlockToSearchable: number;
  /**
   * Each unlock run against the reference timed right before it, sorted: how far this
   * machine's load moves the ratio from run to run (the medians above are what is judged).
   */
  unlockPairedRatios: number[];
  /** The crypto-only unlock, timed in the same child interleaved with the IPC runs. */
  cryptoOnlyUnlock: number;
  recoverySetup: number;
  /** One Argon2id derivation, timed in the same child interleaved with the setups. */
  argon2id: number;
}

/** Medians of the IPC runs and of their references, in ms. */
export function ipcFlowsMs(): IpcFlowFigures {
  const runs = runBenchChild<Record<'unlockMs' | 'cryptoOnlyUnlockMs' | 'recoverySetupMs' | 'argon2idMs', number[]> & { runs: number }>('bench/ipc-flows.ts');
  return {
    runs: runs.runs,
    unlockToSearchable: median(runs.unlockMs),
    unlockPairedRatios: runs.unlockMs.map((ms, i) => ms / runs.cryptoOnlyUnlockMs[i]!).sort((a, b) => a - b),
    cryptoOnlyUnlock: median(runs.cryptoOnlyUnlockMs),
    recoverySetup: median(runs.recoverySetupMs),
    argon2id: median(runs.argon2idMs),
  };
}

export interface EventLatencyFigures {
  runs: number;
  /** The background interval device A ran at. */
  intervalMs: number;
  /** Median time from B's save to A's screen listing the item. */
  latency: number;
  /** Median of one sync round trip on A, timed in the same run. */
  roundTrip: number;
}

/** Medians of the change-to-screen runs and of the sync round trips beside them, in ms. */
export function eventLatencyMs(): EventLatencyFigures {
  const runs = runBenchChild<Record<'latencyMs' | 'roundTripMs', number[]> & { runs: number; intervalMs: number }>('bench/event-latency.ts');
  return { runs: runs.runs, intervalMs: runs.intervalMs, latency: median(runs.latencyMs), roundTrip: median(runs.roundTripMs) };
}

export function rendererInitialJsKb(): { kb: number; files: string[] } {
  const { gzipBytes, files } = initialRendererJs();
  return { kb: gzipBytes / 1000, files };
}

export interface ImportFigures {
  runs: number;
  /** Median import of the KDBX file into an empty vault through the IPC path, in ms. */
  importMs: number;
  /** Median of kdbxweb opening the same file alone, timed in the same child right before each import. */
  kdbxOpenMs: number;
  /** Each import against the opening timed right before it, sorted: the spread. */
  pairedRatios: number[];
  /** The main core's worst event-loop stall in each import (preview or run), sorted: the spread. */
  worstStallMs: number[];
  /** Each import's CPU time (every thread of the process) against the reference's, in run order: the steadier figure on shared cores. */
  cpuRatios: number[];
}

/** Importing a 10,000-entry KDBX 4 file through the IPC path and the embedded server (bench/import-kdbx.ts, in a child under a throwaway keychain). */
export function importKdbxMs(): ImportFigures {
  const runs = runBenchChild<Record<'importMs' | 'kdbxOpenMs' | 'importCpuMs' | 'kdbxOpenCpuMs', number[]> & { runs: number; worstStallMs: Record<'preview' | 'run', number[]> }>('bench/import-kdbx.ts');
  const worstStallMs = runs.worstStallMs.preview.map((ms, i) => Math.max(ms, runs.worstStallMs.run[i]!)).sort((a, b) => a - b);
  return { runs: runs.runs, importMs: median(runs.importMs), kdbxOpenMs: median(runs.kdbxOpenMs), pairedRatios: runs.importMs.map((ms, i) => ms / runs.kdbxOpenMs[i]!).sort((a, b) => a - b), worstStallMs, cpuRatios: runs.importCpuMs.map((ms, i) => ms / runs.kdbxOpenCpuMs[i]!) };
}

/** One kind of scroll (bench/item-list.ts), each figure per run. */
export interface ScrollFigures {
  pxPerFrame: number;
  /** The worst frame of each scroll, and its 99th percentile, sorted: wall clock, and main-thread CPU time (the figure judged). */
  worstFrameMs: number[];
  p99FrameMs: number[];
  worstFrameCpuMs: number[];
  p99FrameCpuMs: number[];
  /** Frames of each scroll whose drawn rows had all been read. */
  framesAllRead: number[];
}

export interface ItemListFigures {
  items: number;
  /** How many rows the list said it had (its data source's total). */
  listed: number;
  seedMs: number;
  /** Top to bottom in one fling, and a fast wheel's scroll whose rows are all read. */
  scrolls: { fling: ScrollFigures; reading: ScrollFigures };
}

/** The item list scrolled in the browser host (bench/item-list.ts, under a throwaway keychain). */
export function itemListFrames(): ItemListFigures {
  const figures = runBenchChild<ItemListFigures>('bench/item-list.ts');
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const sortedScroll = (s: ScrollFigures): ScrollFigures => ({ ...s, worstFrameMs: sorted(s.worstFrameMs), p99FrameMs: sorted(s.p99FrameMs), worstFrameCpuMs: sorted(s.worstFrameCpuMs), p99FrameCpuMs: sorted(s.p99FrameCpuMs) });
  return { ...figures, scrolls: { fling: sortedScroll(figures.scrolls.fling), reading: sortedScroll(figures.scrolls.reading) } };
}

export interface UnlockPaintFigures {
  items: number;
  runs: number;
  /** Unlock click → first rows painted, each run. */
  paintMs: number[];
  /** The crypto-only unlock-to-searchable timed right before each click. */
  cryptoOnlyUnlockMs: number[];
  /** Each run against its own reference, sorted: the spread judged. */
  pairedRatios: number[];
  /** Whether the bench had to choose All items (the window opened onto another page). */
  navigated: boolean[];
  /** CPU time from click to paint: the browser host (all threads) and every Chromium process; and the reference's own. */
  cpuMs: Array<{ app: number; host: number; chromium: number; reference: number }>;
}

/** Unlock click → first rows painted in the browser host, 10,000 items (bench/unlock-paint.ts, under a throwaway keychain). */
export function unlockPaintMs(): UnlockPaintFigures {
  const figures = runBenchChild<Omit<UnlockPaintFigures, 'pairedRatios'>>('bench/unlock-paint.ts');
  return { ...figures, pairedRatios: figures.paintMs.map((ms, i) => ms / figures.cryptoOnlyUnlockMs[i]!).sort((a, b) => a - b) };
}

export interface CliItemGetFigures {
  runs: number;
  cliMs: number;
  nodeMs: number;
  /** Each CLI run against the `node -e 0` run right before it, sorted. */
  pairedRatios: number[];
}

/** `latchkey item get X --field password` against `node -e 0`, paired (bench/cli-item-get.ts, under a throwaway keychain; needs dist/main/cli.js). */
export function cliItemGetMs(): CliItemGetFigures {
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { stdio: 'ignore' });
  const runs = runBenchChild<Record<'cliMs' | 'nodeMs', number[]> & { runs: number }>('bench/cli-item-get.ts');
  return { runs: runs.runs, cliMs: median(runs.cliMs), nodeMs: median(runs.nodeMs), pairedRatios: runs.cliMs.map((ms, i) => ms / runs.nodeMs[i]!).sort((a, b) => a - b) };
}

export interface CliScaleFigures {
  runs: number;
  /** Each scale's runs, in order: latchkey's whole figure of a run is unlock + list; keepassxc-cli's run came right before it (null when it is not installed). */
  /** floorMs: each run's two-process floor (a bare Node process, and one that only derives the same Argon2id key). */
  scales: Array<{ items: number; unlockMs: number[]; listMs: number[]; unlockCpuMs: number[]; listCpuMs: number[]; floorMs: number[]; keepassxc: { ms: number[]; cpuMs: number[] } | null }>;
}

/** Whole-process `latchkey unlock` + `item list` against `keepassxc-cli ls`, paired, at 10,000 and 100,000 items (bench/cli-scale.ts, under a throwaway keychain; needs dist/main/cli.js). */
export function cliScale(): CliScaleFigures {
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { stdio: 'ignore' });
  return runBenchChild<CliScaleFigures>('bench/cli-scale.ts');
}
