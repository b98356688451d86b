/**
 * The desktop client's figures for `npm run bench`: the renderer's initial JS, gzipped, and
 * unlock-to-searchable for 10,000 items through the real IPC path (bench/ipc-unlock.ts, run
 * in a child under a throwaway keychain, because unlocking reads the Secret Key from it).
 */
import { execFileSync } from 'node:child_process';
import { initialRendererJs } from './renderer-size';

/** The target: 250 kB (1 kB = 1000 bytes). */
export const RENDERER_JS_BUDGET_KB = 250;

/** Medians of the IPC runs, in ms. */
export function ipcUnlockToSearchableMs(median: (xs: number[]) => number): number {
  const output = execFileSync('bash', ['scripts/with-keyring.sh', process.execPath, '--import', 'tsx', 'bench/ipc-unlock.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  const line = output.trim().split('\n').at(-1) ?? '';
  const { runsMs } = JSON.parse(line) as { runsMs: number[] };
  return median(runsMs);
}

export function rendererInitialJsKb(): { kb: number; files: string[] } {
  const { gzipBytes, files } = initialRendererJs();
  return { kb: gzipBytes / 1000, files };
}
