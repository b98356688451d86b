/**
 * The bench's table: one row per figure, judged against its reference measured in the same run.
 * A row with several runs carries their spread (min–max, of the paired ratios where it pairs
 * each run with its reference, or in ms against a 60 Hz frame); a spread that straddles the
 * target says INCONCLUSIVE instead of PASS or FAIL.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Row {
  name: string;
  value: number;
  refName: string;
  ref: number;
  /** The ratio to meet (value ÷ ref ≤ target); NaN: printed, not judged. */
  target: number;
  unit?: 'ms' | 'kB' | 'MB';
  /** The lowest and highest run, in the row's judged unit (the ratio, or ms against a 60 Hz frame). */
  spread?: [number, number];
}

/** A group of rows and what it prints under the table. */
export interface Group {
  rows: Row[];
  notes: string[];
}

export const FRAME = '60 Hz frame';

/**
 * A full garbage collection, so a timed phase does not pay for the garbage of the one before it (an unlock that makes
 * less garbage would otherwise leave collection work to the floor run after it, which flatters its ratio). V8's `gc`,
 * exposed at run time rather than by a flag on every bench process.
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export const spreadOf = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

export async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** The median of `runs` timed calls. */
export async function measure(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await time(fn));
  return median(xs);
}

export const ms = (x: number, unit: Row['unit'] = 'ms') => `${x.toFixed(x < 10 ? 2 : 1)} ${unit}`;
export const list = (xs: number[], format: (x: number) => string = (x) => ms(x)) => xs.map(format).join(', ');

export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'info';

export function verdictOf(r: Row): Verdict {
  if (Number.isNaN(r.target)) return 'info';
  const frame = r.refName === FRAME;
  const pass = frame ? r.value < r.ref : r.value / r.ref <= r.target;
  // A spread across the target: some runs pass and some fail, so the median alone does not decide.
  const straddles = r.spread !== undefined && (frame ? r.spread[0] < r.ref && r.spread[1] >= r.ref : r.spread[0] <= r.target && r.spread[1] > r.target);
  return straddles ? 'INCONCLUSIVE' : pass ? 'PASS' : 'FAIL';
}

/** The rows as a Markdown table. */
export function formatTable(rows: Row[]): string[] {
  const header = ['measurement', 'Latchkey', 'reference', 'ref. time', 'ratio', 'spread (min–max)', 'target', 'result'];
  const table = rows.map((r) => {
    const frame = r.refName === FRAME;
    const hasTarget = !Number.isNaN(r.target);
    return [
      r.name,
      ms(r.value, r.unit),
      r.refName,
      ms(r.ref, r.unit),
      (r.value / r.ref).toFixed(3),
      r.spread ? (frame ? `${ms(r.spread[0])}–${ms(r.spread[1])}` : `${r.spread[0].toFixed(3)}–${r.spread[1].toFixed(3)}`) : '—',
      hasTarget ? (frame ? '< 16 ms' : `≤ ${r.target}`) : '—',
      verdictOf(r),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)];
}
