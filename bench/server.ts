/**
 * Sync server benchmark: `npm run bench:server` (through scripts/with-postgres.sh, which starts
 * a throwaway PostgreSQL cluster). autocannon on loopback against servers in this process (the
 * real server, on SQLite in a temporary folder and on a fresh PostgreSQL database, and a
 * minimal Fastify app as the reference), measured in this run on this machine. The load
 * generator runs in a worker thread so it does not share the servers' event loop.
 *
 * Each round measures each route and its floor right after a bare Fastify run of their own, and
 * their ratios are taken against that run. Every row prints the median and the spread (min–max)
 * over the rounds; a row whose spread straddles its target says INCONCLUSIVE. Each route row also gives
 * the SQL statements the server runs per request (counted at the database drivers over 50
 * requests made one at a time, tests/support/statement-count.ts), which the load does not move. The last line is
 * every figure as one JSON object: {bench:'server', load, rows:[{name, unit, median, min, max,
 * statementsPerRequest?, ratio?:{median,min,max,perRound}, target?, verdict?}]}.
 *
 *  - bare Fastify: one GET returning {ok:true}. The reference.
 *  - sync, nothing changed: GET /v1/vaults/:id/changes?since=<latest cursor> with a session
 *    token: authentication, the 2FA gate, the membership check and an empty page, in one SQL
 *    statement (src/server/vault/sync-poll.ts). Target ≥ 0.35 ×.
 *  - sync, a page of 100 changed items (256 B overview and 1 KiB details, padded, each). Target ≥ 0.03 ×.
 *  - the floor of each (bench/server-floor.ts): bare Fastify doing only the route's statements
 *    (and for the page, its writer), no target: where a route's floor is below its target in
 *    every round, a note says the target is out of reach on this engine here, whatever the
 *    route's own code does.
 *  - the prepared-query check (bench/prepared-queries.ts): the sync poll query (session,
 *    membership, latest change) built by Kysely on each call over the same query compiled once,
 *    µs per call. Target ≥ 1.25 × (it wins clearly).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { startServer, type DatabaseConfig } from '../src/server/index';
import { countStatements } from '../tests/support/statement-count';
import { preparedQueryRatios } from './prepared-queries';
import { freshPostgresDatabase, ITEMS, syncFixture } from './server-fixture';
import { floorServer, vaultOf } from './server-floor';

const ROUNDS = 5;
const DURATION_S = 3;
const WARMUP_S = 1;
const CONNECTIONS = 10;
const TARGETS = { unchanged: 0.35, page: 0.03, prepared: 1.25 };

interface Run {
  requestsPerSecond: number;
  failures: number;
}
/** A bare run, then a route's floor, then the route, one after the other. */
type Triple = [Run, Run, Run];

// Counting from before any server opens its database (statement-count.ts).
const statements = countStatements();

async function measure(url: string, token?: string): Promise<Run> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, workers: 1, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, workers: 1, headers });
  return { requestsPerSecond: result.requests.average, failures: result.non2xx + result.errors + result.timeouts };
}

/** SQL statements the server runs per request of `url`: a count over requests made one at a time, which the load does not move. */
async function statementsPerRequest(url: string, token: string, requests = 50): Promise<number> {
  const before = statements.count;
  for (let i = 0; i < requests; i++) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
  }
  return (statements.count - before) / requests;
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
  const database = await freshPostgresDatabase(`latchkey_bench_${process.pid}`);
  if (!database) throw new Error('LATCHKEY_TEST_POSTGRES_URL is not set: run `npm run bench:server`, which starts a throwaway PostgreSQL');
  return database;
}

interface Row {
  name: string;
  /** SQL statements per request (server routes only). */
  statements?: number;
  /** The figure per round (req/s, or µs per call) and its unit. */
  figures: number[];
  unit: 'req/s' | 'µs';
  failures: number;
  ratios: number[] | null;
  target: number | null;
}

const routeRow = (name: string, runs: Run[], ratios: number[] | null, target: number | null, statements?: number): Row => ({
  name,
  figures: runs.map((run) => run.requestsPerSecond),
  unit: 'req/s',
  failures: runs.reduce((sum, run) => sum + run.failures, 0),
  ...(statements === undefined ? {} : { statements }),
  ratios,
  target,
});

async function benchEngine(engine: 'SQLite' | 'PostgreSQL', bareUrl: string): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-server-'));
  const database: DatabaseConfig = engine === 'SQLite' ? { kind: 'sqlite', file: join(dataDir, 'server.sqlite') } : await freshPostgres();
  // Silent: the last round's requests cut off at close would otherwise log errors.
  const server = await startServer({ database, dataDir, logLevel: 'silent' });
  const floor = await floorServer(database);
  try {
    const fixture = await syncFixture(server.url, join(dataDir, 'mailbox'));
    // Counted first, while no request of a load run is still in the server.
    const perRequest = { unchanged: await statementsPerRequest(fixture.unchangedUrl, fixture.token), page: await statementsPerRequest(fixture.pageUrl, fixture.token) };
    // Each route and its floor run right after their own bare run: the three meet the same load.
    const triples = { unchanged: [] as Triple[], page: [] as Triple[] };
    const floorUrls = { unchanged: floor.unchangedUrl(vaultOf(fixture.unchangedUrl)), page: floor.pageUrl(vaultOf(fixture.pageUrl)) };
    for (let round = 0; round < ROUNDS; round++) {
      for (const route of ['unchanged', 'page'] as const) {
        triples[route].push([await measure(bareUrl), await measure(floorUrls[route], fixture.token), await measure(fixture[`${route}Url`], fixture.token)]);
      }
    }
    const bare = [...triples.unchanged, ...triples.page].map(([reference]) => reference);
    const runsOf = (runs: Triple[], which: 1 | 2) => runs.map((triple) => triple[which]);
    const against = (runs: Triple[], which: 1 | 2) => runs.map((triple) => triple[which].requestsPerSecond / triple[0].requestsPerSecond);
    const { builderUs, preparedUs } = await preparedQueryRatios(database, ROUNDS);
    const rounds = (name: string, figures: number[], ratios: number[] | null, target: number | null): Row => ({ name, figures, unit: 'µs', failures: 0, ratios, target });
    return [
      routeRow(`${engine}: bare Fastify GET {ok:true}`, bare, null, null),
      routeRow(`${engine}: floor, nothing changed`, runsOf(triples.unchanged, 1), against(triples.unchanged, 1), null),
      routeRow(`${engine}: sync, nothing changed`, runsOf(triples.unchanged, 2), against(triples.unchanged, 2), TARGETS.unchanged, perRequest.unchanged),
      routeRow(`${engine}: floor, page of ${ITEMS} items`, runsOf(triples.page, 1), against(triples.page, 1), null),
      routeRow(`${engine}: sync, page of ${ITEMS} items`, runsOf(triples.page, 2), against(triples.page, 2), TARGETS.page, perRequest.page),
      rounds(`${engine}: sync poll query, built`, builderUs, null, null),
      rounds(`${engine}: sync poll query, prepared`, preparedUs, builderUs.map((us, i) => us / preparedUs[i]!), TARGETS.prepared),
    ];
  } finally {
    await floor.close();
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
      `each route's ratio against a bare run measured just before it, the prepared query's the built one's time over its own (${ROUNDS} rounds of 1000 calls); loopback, Node ${process.version}\n`,
  );
  const range = (xs: number[], digits: number) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
  console.log(`${'row'.padEnd(40)} ${'median (min–max)'.padStart(26)} ${'SQL/req'.padStart(7)} ${'ratio median (min–max)'.padStart(26)}  target  verdict`);
  const verdicts: string[] = [];
  for (const row of rows) {
    const figures = `${range(row.figures, row.unit === 'µs' ? 1 : 0)} ${row.unit}`;
    const perRequest = (row.statements === undefined ? '' : row.statements.toFixed(2)).padStart(7);
    if (!row.ratios || row.target === null) {
      console.log(`${row.name.padEnd(40)} ${figures.padStart(26)} ${perRequest}${row.ratios ? ` ${range(row.ratios, 3).padStart(26)}` : ''}`);
      continue;
    }
    const result = verdict(row.ratios, row.target, row.failures);
    verdicts.push(result);
    console.log(`${row.name.padEnd(40)} ${figures.padStart(26)} ${perRequest} ${range(row.ratios, 3).padStart(26)}  ≥ ${row.target.toFixed(2)}  ${result}`);
  }
  // A floor below its route's target in every round: no cut of the route's own code reaches it here.
  rows.forEach((row, index) => {
    const floorRow = rows[index - 1];
    if (row.target === null || !floorRow?.ratios || !floorRow.name.includes('floor') || Math.max(...floorRow.ratios) >= row.target) return;
    console.log(`note: ${floorRow.name} is below ${row.target} × bare in every round (at most ${Math.max(...floorRow.ratios).toFixed(3)}): the target of "${row.name}" is out of reach here`);
  });
  console.log(`\nper-round ratios:`);
  for (const row of rows) if (row.ratios) console.log(`  ${row.name}: ${row.ratios.map((r) => r.toFixed(3)).join(', ')}`);
  // The figures as one JSON line, for a reader of this script's output.
  const json = rows.map(({ name, figures, unit, statements: perRequest, ratios, target, failures }) => ({
    name,
    unit,
    median: median(figures),
    min: Math.min(...figures),
    max: Math.max(...figures),
    ...(perRequest === undefined ? {} : { statementsPerRequest: perRequest }),
    ...(ratios ? { ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), perRound: ratios } } : {}),
    ...(ratios && target !== null ? { target, verdict: verdict(ratios, target, failures) } : {}),
  }));
  console.log(JSON.stringify({ bench: 'server', load: loadavg()[0], rows: json }));
  process.exitCode = verdicts.every((result) => result === 'PASS') ? 0 : 1;
} finally {
  await bare.close();
  statements.stop();
}
