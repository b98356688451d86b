/**
 * The sync server's CPU per request (`bash scripts/with-postgres.sh node --import tsx
 * bench/server-cpu.ts`): what a poll costs the server process, without the load generator's
 * share of the two cores that makes `npm run bench:server`'s req/s ratios noisy. autocannon runs
 * in a child process (bench/server-load.ts); this process measures its own `process.cpuUsage()`
 * (user + system, every thread) over each run, divided by the requests answered.
 *
 * Rounds (every other one in reverse order) alternate bare Fastify (one GET returning {ok:true}),
 * the two floors (bench/server-floor.ts: bare Fastify with only the routes' statements, and the
 * page's writer), sync "nothing changed" and a page of 100 items on SQLite and PostgreSQL (bench/server-fixture.ts); each row prints the median
 * and spread (min–max) of µs per request, and bare's µs over the route's in the same round (the
 * throughput ratio a CPU-bound server would reach), and the requests answered a second (wall
 * clock, as noisy as the machine's load). With LATCHKEY_BENCH_AGAINST=<folder of another
 * checkout>, that checkout's server runs beside this one on the same database, and the route
 * rows also give this one's CPU and req/s over that one's, round by round (a paired A/B).
 * The last line is every figure as one JSON object.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Fastify from 'fastify';
import type { DatabaseConfig, RunningServer, ServerOptions } from '../src/server/index';
import { startServer } from '../src/server/index';
import type { LoadResult, LoadRun } from './server-load';
import { freshPostgresDatabase, syncFixture } from './server-fixture';
import { floorServer, vaultOf } from './server-floor';

const ROUNDS = Number(process.env.LATCHKEY_BENCH_ROUNDS ?? 5);
const SECONDS = 2;
const CONNECTIONS = 10;
type Start = (options: ServerOptions) => Promise<RunningServer>;

const load = fork(resolve(import.meta.dirname, 'server-load.ts'), { execArgv: ['--import', 'tsx'] });
const run = (spec: LoadRun) =>
  new Promise<LoadResult>((done) => {
    load.once('message', (answer) => done(answer as LoadResult));
    load.send(spec);
  });

/** µs of this process's CPU per request answered, and requests answered a second, over one load run. */
async function cpuPerRequest(url: string, token?: string): Promise<{ us: number; rps: number }> {
  await run({ url, token, seconds: 0.5, connections: CONNECTIONS });
  const before = process.cpuUsage();
  const result = await run({ url, token, seconds: SECONDS, connections: CONNECTIONS });
  const used = process.cpuUsage(before);
  if (result.failures > 0) throw new Error(`${url}: ${result.failures} failed requests`);
  return { us: (used.user + used.system) / result.requests, rps: result.requests / SECONDS };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const spread = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

interface Target {
  name: string;
  url: string;
  token?: string;
}

async function main(): Promise<void> {
  const against = process.env.LATCHKEY_BENCH_AGAINST;
  const other: Start | null = against ? ((await import(resolve(against, 'src/server/index.ts'))) as { startServer: Start }).startServer : null;
  const bare = Fastify({ logger: false });
  bare.get('/ok', async () => ({ ok: true }));
  const targets: Target[] = [{ name: 'bare Fastify', url: `${await bare.listen({ host: '127.0.0.1', port: 0 })}/ok` }];
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-cpu-'));
  const servers: { close(): Promise<void> }[] = [];
  try {
    const engines: [string, DatabaseConfig | null][] = [
      ['SQLite', { kind: 'sqlite', file: join(dataDir, 'server.sqlite') }],
      ['PostgreSQL', await freshPostgresDatabase(`latchkey_cpu_${process.pid}`)],
    ];
    for (const [engine, database] of engines) {
      if (!database) continue;
      const server = await startServer({ database, dataDir, logLevel: 'silent' });
      servers.push(server);
      const fixture = await syncFixture(server.url, join(dataDir, 'mailbox'));
      const path = (url: string) => url.slice(server.url.length);
      const add = (base: string, label: string) => {
        targets.push({ name: `${engine}: nothing changed${label}`, url: base + path(fixture.unchangedUrl), token: fixture.token });
        targets.push({ name: `${engine}: page of 100${label}`, url: base + path(fixture.pageUrl), token: fixture.token });
      };
      const floor = await floorServer(database);
      servers.push(floor);
      targets.push({ name: `${engine}: floor (hash + statement)`, url: floor.unchangedUrl(vaultOf(fixture.unchangedUrl)), token: fixture.token });
      targets.push({ name: `${engine}: page floor (statements + writer)`, url: floor.pageUrl(vaultOf(fixture.pageUrl)), token: fixture.token });
      add(server.url, '');
      if (other) {
        const baseline = await other({ database, dataDir, logLevel: 'silent' });
        servers.push(baseline);
        add(baseline.url, ' (against)');
      }
    }
    const figures = new Map<string, number[]>(targets.map((target) => [target.name, []]));
    const rates = new Map<string, number[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Every other round in reverse: a row does not always follow the same one (a PostgreSQL row after a page's run met a busier backend).
      for (const target of round % 2 ? [...targets].reverse() : targets) {
        const { us, rps } = await cpuPerRequest(target.url, target.token);
        figures.get(target.name)!.push(us);
        rates.get(target.name)!.push(rps);
      }
    }
    const bareUs = figures.get('bare Fastify')!;
    const rows = targets.map(({ name }) => {
      const us = figures.get(name)!;
      const baseline = figures.get(`${name} (against)`);
      const rps = rates.get(name)!;
      const baselineRps = rates.get(`${name} (against)`);
      return {
        name,
        cpuUsPerRequest: spread(us),
        requestsPerSecond: spread(rps),
        ...(name === 'bare Fastify' ? {} : { bareOverRoute: spread(us.map((value, i) => bareUs[i]! / value)) }),
        ...(baseline && baselineRps ? { overAgainst: spread(us.map((value, i) => value / baseline[i]!)), rpsOverAgainst: spread(rps.map((value, i) => value / baselineRps[i]!)) } : {}),
      };
    });
    const f = (s: { median: number; min: number; max: number }, digits: number) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
    console.log(`\nServer CPU per request: ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, autocannon in a child process; load ${loadavg()[0]!.toFixed(1)}; Node ${process.version}`);
    for (const row of rows) {
      const ratio = 'bareOverRoute' in row && row.bareOverRoute ? `  bare/route ${f(row.bareOverRoute, 3)}` : '';
      const ab = 'overAgainst' in row && row.overAgainst && row.rpsOverAgainst ? `  this/against ${f(row.overAgainst, 3)}, req/s ${f(row.rpsOverAgainst, 3)}` : '';
      console.log(`${row.name.padEnd(44)} ${f(row.cpuUsPerRequest, 1).padStart(24)} µs ${f(row.requestsPerSecond, 0).padStart(22)} req/s${ratio}${ab}`);
    }
    console.log(JSON.stringify({ bench: 'server-cpu', load: loadavg()[0], rows }));
  } finally {
    for (const server of servers) await server.close();
    await bare.close();
    load.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
