/**
 * The search keystroke at scale (issue 22 item 2): a search index of BENCH_SEARCH_ITEMS item
 * overviews (default 100,000; the bench vault's titles, no crypto: only the search is timed),
 * its title order built once, then each prefix of a typed query searched. Per run, the worst
 * keystroke (each keystroke the median of 5); the row takes the median of the runs and prints
 * their spread. Also timed: the first search after one item changed, which sorts the order again.
 */
import { SearchIndex } from '../src/main/core/vault/search-index';
import { benchOverview } from './crypto-unlock';

export const SEARCH_ITEMS = Number(process.env.BENCH_SEARCH_ITEMS ?? 100_000);

export interface SearchAtScale {
  items: number;
  /** The worst keystroke of each run, ms. */
  worstKeystrokeMs: number[];
  /**
   * The same in this process's CPU time, ms: on shared cores the wall clock mostly measures
   * other processes (at a load of 15 to 20, keystrokes of 1–3 ms of CPU took 5–36 ms of wall time).
   */
  worstKeystrokeCpuMs: number[];
  /** The first search after one change (the title order rebuilt), ms, once per run. */
  afterChangeMs: number[];
}

export function searchAtScale(typed: string, median: (xs: number[]) => number, runs = 3): SearchAtScale {
  const index = new SearchIndex(Array.from({ length: SEARCH_ITEMS }, (_, i) => ({ id: `item-${i}`, ...benchOverview(i) })));
  const time = (fn: () => unknown) => {
    const started = performance.now();
    fn();
    return performance.now() - started;
  };
  const cpuTime = (fn: () => unknown) => {
    const started = process.cpuUsage();
    fn();
    const { user, system } = process.cpuUsage(started);
    return (user + system) / 1000;
  };
  index.find('');
  const worstKeystrokeMs: number[] = [];
  const worstKeystrokeCpuMs: number[] = [];
  const afterChangeMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const worst = (timer: (fn: () => unknown) => number) => Math.max(...Array.from({ length: typed.length }, (_, n) => median(Array.from({ length: 5 }, () => timer(() => index.find(typed.slice(0, n + 1)))))));
    worstKeystrokeMs.push(worst(time));
    worstKeystrokeCpuMs.push(worst(cpuTime));
    index.upsert('item-7', { ...benchOverview(7), title: `Changed ${run}` });
    afterChangeMs.push(time(() => index.find(typed.slice(0, 1))));
  }
  return { items: SEARCH_ITEMS, worstKeystrokeMs, worstKeystrokeCpuMs, afterChangeMs };
}
