/**
 * The XML of a 10,000-entry KDBX file (as kdbxweb writes it, `BENCH_ITEMS` entries) read by
 * xmldom, as kdbxweb reads it by default, and by the import worker's reader
 * (src/main/core/transfer/import/kdbx-xml.ts), alternating in one process, each timed in CPU
 * time (steadier than the wall clock on shared cores), which first alternating. Prints one JSON line:
 * {"entries", "xmlChars", "runs", "xmldomCpuMs", "readerCpuMs"}.
 */
import { DOMParser } from '@xmldom/xmldom';
import { readXml } from '../src/main/core/transfer/import/kdbx-xml';
import { benchDatabase } from './kdbx-bench-entries';

const ENTRIES = Number(process.env.BENCH_ITEMS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const xml = await benchDatabase('bench', ENTRIES).saveXml();
// kdbxweb's own xmldom set-up: any warning is an error.
const fail = (error: unknown) => {
  throw error;
};
const xmldom = () => new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(xml, 'application/xml');
const cpuMs = (work: () => unknown) => {
  const started = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1000;
};
const xmldomCpuMs: number[] = [];
const readerCpuMs: number[] = [];
// Which goes first alternates, so the collection of the other's garbage falls on each in turn.
for (let run = 0; run < RUNS; run++) {
  if (run % 2 === 0) xmldomCpuMs.push(cpuMs(xmldom));
  readerCpuMs.push(cpuMs(() => readXml(xml)));
  if (run % 2 === 1) xmldomCpuMs.push(cpuMs(xmldom));
}
console.log(JSON.stringify({ entries: ENTRIES, xmlChars: xml.length, runs: RUNS, xmldomCpuMs, readerCpuMs }));
