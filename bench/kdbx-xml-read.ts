/**
 * The XML of a 10,000-entry KDBX file (as kdbxweb writes it, `BENCH_ITEMS` entries) read as
 * kdbxweb reads it, with xmldom (its default) and with the import worker's reader
 * (src/main/core/transfer/import/kdbx-xml.ts), alternating in one process, each timed in CPU
 * time (steadier than the wall clock on shared cores), which first alternating. Prints one JSON line:
 * {"entries", "xmlChars", "runs", "xmldomCpuMs", "readerCpuMs"}.
 */
import { kdbxweb } from '../src/main/core/transfer/kdbx-engine';
import { useKdbxXmlReader } from '../src/main/core/transfer/import/kdbx-xml';
import { benchDatabase } from './kdbx-bench-entries';

const ENTRIES = Number(process.env.BENCH_ITEMS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const xml = await benchDatabase('bench', ENTRIES).saveXml();
/** kdbxweb's own parse of a file's XML (its control-character strip, then the DOMParser it finds): with xmldom, or with the reader set as the worker sets it. */
const withoutReader = (globalThis as { DOMParser?: unknown }).DOMParser;
const xmldom = () => {
  (globalThis as { DOMParser?: unknown }).DOMParser = withoutReader;
  return kdbxweb.XmlUtils.parse(xml);
};
const reader = () => {
  useKdbxXmlReader();
  return kdbxweb.XmlUtils.parse(xml);
};
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
  readerCpuMs.push(cpuMs(reader));
  if (run % 2 === 1) xmldomCpuMs.push(cpuMs(xmldom));
}
console.log(JSON.stringify({ entries: ENTRIES, xmlChars: xml.length, runs: RUNS, xmldomCpuMs, readerCpuMs }));
