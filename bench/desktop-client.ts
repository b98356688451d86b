/**
 * The desktop client's figures for `npm run bench`: the renderer's initial JS, gzipped, and
 * two flows through the real IPC path, unlock-to-searchable for 10,000 items and a recovery
 * code set up (bench/ipc-flows.ts, run in a child under a throwaway keychain, because
 * unlocking reads the Secret Key from it).
 */
import { execFileSync } from 'node:child_process';
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
export function ipcFlowsMs(median: (xs: number[]) => number): IpcFlowFigures {
  const output = execFileSync('bash', ['scripts/with-keyring.sh', process.execPath, '--import', 'tsx', 'bench/ipc-flows.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  const line = output.trim().split('\n').at(-1) ?? '';
  const runs = JSON.parse(line) as Record<'unlockMs' | 'cryptoOnlyUnlockMs' | 'recoverySetupMs' | 'argon2idMs', number[]> & { runs: number };
  return {
    runs: runs.runs,
    unlockToSearchable: median(runs.unlockMs),
    unlockPairedRatios: runs.unlockMs.map((ms, i) => ms / runs.cryptoOnlyUnlockMs[i]!).sort((a, b) => a - b),
    cryptoOnlyUnlock: median(runs.cryptoOnlyUnlockMs),
    recoverySetup: median(runs.recoverySetupMs),
    argon2id: median(runs.argon2idMs),
  };
}

export function rendererInitialJsKb(): { kb: number; files: string[] } {
  const { gzipBytes, files } = initialRendererJs();
  return { kb: gzipBytes / 1000, files };
}
