/**
 * Sync server benchmark: `npm run bench:server` (through scripts/with-postgres.sh, which starts
 * a throwaway PostgreSQL cluster). autocannon on loopback against servers in this process (the
 * real server, on SQLite in a temporary folder and on a fresh PostgreSQL database, and a
 * minimal Fastify app as the reference), measured in this run on this machine. The load
 * generator runs in a worker thread so it does not share the servers' event loop.
 *
 * Each round measures bare Fastify and then each route right after it, and a route's ratio is
 * taken against its own round's reference. Every row prints the median and the spread (min–max)
 * over the rounds; a row whose spread straddles its target says INCONCLUSIVE.
 *
 *  - bare Fastify: one GET returning {ok:true}. The reference.
 *  - sync, nothing changed: GET /v1/vaults/:id/changes?since=<latest cursor> with a session
 *    token: authentication, the 2FA gate, the membership check and an empty page. Target ≥ 0.35 ×.
 *  - sync, a page of 100 changed items (256 B overview and 1 KiB details, padded, each). Target ≥ 0.03 ×.
 *  - the prepared-query check (bench/prepared-queries.ts): the sync poll query (session, membership, latest change) built by Kysely on
 *    each call over the same query compiled once, µs per call. Target ≥ 1.25 × (it wins clearly).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { startServer, type DatabaseConfig } from '../src/server/index';
import { preparedQueryRatios } from './prepared-queries';
import { ITEMS, syncFixture } from './server-fixture';

const ROUNDS = 5;
const DURATION_S = 3;
const WARMUP_S = 1;
const CONNECTIONS = 10;
const TARGETS = { unchanged: 0.35, page: 0.03, prepared: 1.25 };

interface Run {
  requestsPerSecond: number;
  failures: number;
}

async function measure(url: string, token?: string): Promise<Run> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, workers: 1, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, workers: 1, headers });
  return { requestsPerSecond: result.requests.average, failures: result.non2xx + result.errors + result.timeouts };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** PASS or FAIL only when every round agrees; a spread across the target is INCONCLUSIVE. */
function verdict(ratios: number[], target: number, failures: number): string {
  if (failures > 0) return `FAIL (${failures} failed requests)`;
  if (Math.min(...ratios) >= target) return 'PASS';
  if (Math.max(...ratios) < target) return 'FAIL';
  return 'INCONCLUSIVE';
}

async function freshPostgres(): Promise<DatabaseConfig> {
  const url = process.env.LATCHKEY_TEST_POSTGRES_URL;
  if (!url) throw new Error('LATCHKEY_TEST_POSTGRES_URL is not set: run `npm run bench:server`, which starts a throwaway PostgreSQL');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `latchkey_bench_${process.pid}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const database = new URL(url);
  database.pathname = `/${name}`;
  return { kind: 'postgres', url: database.toString() };
}

interface Row {
  name: string;
  /** The figure per round (req/s, or µs per call) and its unit. */
  figures: number[];
  unit: 'req/s' | 'µs';
  failures: number;
  ratios: number[] | null;
  target: number | null;
}

const routeRow = (name: string, runs: Run[], ratios: number[] | null, target: number | null): Row => ({
  name,
  figures: runs.map((run) => run.requestsPerSecond),
  unit: 'req/s',
  failures: runs.reduce((sum, run) => sum + run.failures, 0),
  ratios,
  target,
});

async function benchEngine(engine: 'SQLite' | 'PostgreSQL', bareUrl: string): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-server-'));
  const database: DatabaseConfig = engine === 'SQLite' ? { kind: 'sqlite', file: join(dataDir, 'server.sqlite') } : await freshPostgres();
  // Silent: the last round's requests cut off at close would otherwise log errors.
  const server = await startServer({ database, dataDir, logLevel: 'silent' });
  try {
    const fixture = await syncFixture(server.url, join(dataDir, 'mailbox'));
    const bare: Run[] = [];
    const unchanged: Run[] = [];
    const page: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await measure(bareUrl));
      unchanged.push(await measure(fixture.unchangedUrl, fixture.token));
      page.push(await measure(fixture.pageUrl, fixture.token));
    }
    const against = (runs: Run[]) => runs.map((run, i) => run.requestsPerSecond / bare[i]!.requestsPerSecond);
    const { builderUs, preparedUs } = await preparedQueryRatios(database, ROUNDS);
    const rounds = (name: string, figures: number[], ratios: number[] | null, target: number | null): Row => ({ name, figures, unit: 'µs', failures: 0, ratios, target });
    return [
      routeRow(`${engine}: bare Fastify GET {ok:true}`, bare, null, null),
      routeRow(`${engine}: sync, nothing changed`, unchanged, against(unchanged), TARGETS.unchanged),
      routeRow(`${engine}: sync, page of ${ITEMS} items`, page, against(page), TARGETS.page),
      rounds(`${engine}: sync poll query, built`, builderUs, null, null),
      rounds(`${engine}: sync poll query, prepared`, preparedUs, builderUs.map((us, i) => us / preparedUs[i]!), TARGETS.prepared),
    ];
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const bare = Fastify({ logger: false });
bare.get('/ok', async () => ({ ok: true }));
try {
  const bareUrl = `${await bare.listen({ host: '127.0.0.1', port: 0 })}/ok`;
  const rows = [...(await benchEngine('SQLite', bareUrl)), ...(await benchEngine('PostgreSQL', bareUrl))];
  console.log(
    `\nLatchkey sync server benchmark: autocannon, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S} s per route (each after ${WARMUP_S} s warm-up), ` +
      `each route's ratio against the bare route measured just before it in the same round, the prepared query's the built one's time over its own (${ROUNDS} rounds of 1000 calls); loopback, Node ${process.version}\n`,
  );
  const range = (xs: number[], digits: number) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
  console.log(`${'row'.padEnd(40)} ${'median (min–max)'.padStart(26)} ${'ratio median (min–max)'.padStart(26)}  target  verdict`);
  let allPass = true;
  for (const row of rows) {
    const figures = `${range(row.figures, row.unit === 'µs' ? 1 : 0)} ${row.unit}`;
    if (!row.ratios || row.target === null) {
      console.log(`${row.name.padEnd(40)} ${figures.padStart(26)}`);
      continue;
    }
    const result = verdict(row.ratios, row.target, row.failures);
    allPass &&= result === 'PASS';
    console.log(`${row.name.padEnd(40)} ${figures.padStart(26)} ${range(row.ratios, 3).padStart(26)}  ≥ ${row.target.toFixed(2)}  ${result}`);
  }
  console.log(`\nper-round ratios:`);
  for (const row of rows) if (row.ratios) console.log(`  ${row.name}: ${row.ratios.map((r) => r.toFixed(3)).join(', ')}`);
  process.exitCode = allPass ? 0 : 1;
} finally {
  await bare.close();
}
