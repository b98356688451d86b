/**
 * The native peer: keepassxc-cli (KeePassXC, C++) opening a KDBX 4 file written by kdbxweb with
 * our Argon2id parameters and listing every entry, timed as a whole process with its peak RSS by
 * /usr/bin/time. The file's password goes to it over stdin, never in its arguments.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kdbxweb } from '../src/main/core/transfer/kdbx-engine';
import { benchOverview, PARAMS } from './crypto-unlock';

/** A KDBX 4 file of the benchmark's items (benchOverview), Argon2id with our parameters, written by kdbxweb (not timed). */
export async function benchKdbx(entries: number, password: string): Promise<ArrayBuffer> {
  const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(password)), 'bench');
  db.setVersion(4);
  db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const VT = kdbxweb.VarDictionary.ValueType;
  db.header.kdfParameters!.set('M', VT.UInt64, kdbxweb.Int64.from(PARAMS.memoryKiB * 1024));
  db.header.kdfParameters!.set('I', VT.UInt64, kdbxweb.Int64.from(PARAMS.iterations));
  db.header.kdfParameters!.set('P', VT.UInt32, PARAMS.parallelism);
  const group = db.getDefaultGroup();
  for (let i = 0; i < entries; i++) {
    const o = benchOverview(i);
    const e = db.createEntry(group);
    e.fields.set('Title', o.title);
    e.fields.set('UserName', o.username);
    e.fields.set('URL', o.urls[0]!);
    e.fields.set('Password', kdbxweb.ProtectedValue.fromString(`pw-${i}-secret`));
  }
  return db.save();
}

export interface PeerFigures {
  /** Whole-process wall time of each run, in ms. */
  ms: number[];
  /** Peak resident set of each run, in MB (1 MB = 1024 × 1024 bytes). */
  rssMb: number[];
  /** CPU time (user + system) of each run, in ms. */
  cpuMs: number[];
  /** Entries it listed (each run the same). */
  entries: number;
}

export const keepassxcInstalled = (): boolean => existsSync('/usr/bin/keepassxc-cli') && existsSync('/usr/bin/time');

/** `runs` runs of `keepassxc-cli ls -R -f` on the file; throws unless each lists `expected` entries. */
export function keepassxcOpen(file: ArrayBuffer, password: string, expected: number, runs: number): PeerFigures {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-keepassxc-'));
  const path = join(dir, 'peer.kdbx');
  writeFileSync(path, new Uint8Array(file));
  const ms: number[] = [];
  const rssMb: number[] = [];
  const cpuMs: number[] = [];
  let entries = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const report = join(dir, 'time.txt');
      const started = performance.now();
      const child = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', report, 'keepassxc-cli', 'ls', '-q', '-R', '-f', path], { input: `${password}\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
      ms.push(performance.now() - started);
      if (child.status !== 0) throw new Error(`keepassxc-cli failed: ${child.stderr.slice(0, 200)}`);
      // Entries only: a flattened group's line ends with '/', an empty one's with '/[empty]'.
      entries = child.stdout.split('\n').filter((line) => line !== '' && !line.endsWith('/') && !line.endsWith('/[empty]')).length;
      if (entries !== expected) throw new Error(`keepassxc-cli listed ${entries} entries, not ${expected}`);
      const [rssKb, user, system] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      rssMb.push(rssKb! / 1024);
      cpuMs.push((user! + system!) * 1000);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms, rssMb, cpuMs, entries };
}
