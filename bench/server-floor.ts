/**
 * The floors of the sync routes, for bench/server.ts and bench/server-cpu.ts: bare Fastify (no
 * hook, no schema, no logger) whose routes do only what any server that reads the session afresh
 * on every request must do, on the same database through the same prepared statements:
 *  - GET /floor/:vaultId hashes the bearer token, runs the poll's one statement (session,
 *    membership, latest change) and answers the empty page as a fixed string ("nothing changed");
 *  - GET /floor-page/:vaultId does the same, then the page's statement (100 rows as lists) and
 *    writes them with the route's own writer (changes-page.ts).
 * The real routes' cost above these is Fastify's route machinery (validation, hooks, logger)
 * and our checks: what a cut of our code can win back. What is below them is not ours to cut.
 */
import Fastify from 'fastify';
import { openDatabase, type DatabaseConfig } from '../src/server/database/connection';
import { prepareRow, prepareTuples } from '../src/server/database/prepared';
import { tokenHash } from '../src/server/security/tokens';
import { changesPageJson, PAGE_COLUMNS, type PageRow } from '../src/server/vault/changes-page';
import { pollQuery } from '../src/server/vault/sync-poll';
import { ITEMS } from './server-fixture';

export interface FloorServer {
  /** The "nothing changed" floor's URL for `vaultId` (a vault whose cursor is current). */
  unchangedUrl(vaultId: string): string;
  /** The page floor's URL for `vaultId` (its first ITEMS changes). */
  pageUrl(vaultId: string): string;
  close(): Promise<void>;
}

export async function floorServer(database: DatabaseConfig): Promise<FloorServer> {
  const db = openDatabase(database);
  const poll = prepareRow(db, pollQuery(db));
  const changes = prepareTuples(db, PAGE_COLUMNS, (vaultId: string, limit: number) => db.selectFrom('vault_items').select(PAGE_COLUMNS).where('vault_id', '=', vaultId).orderBy('change_seq', 'asc').limit(limit));
  const member = async (authorization: string | undefined, vaultId: string) => {
    const token = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(authorization ?? '')?.[1];
    const row = token ? await poll(tokenHash(token), vaultId) : undefined;
    return row?.member_of ? row : undefined;
  };
  const app = Fastify({ logger: false });
  app.get('/floor/:vaultId', async (request, reply) => {
    const row = await member(request.headers.authorization, (request.params as { vaultId: string }).vaultId);
    if (!row) return reply.code(404).send({ error: 'not_found' });
    return reply.type('application/json; charset=utf-8').send(`{"items":[],"cursor":"${Number(row.latest)}","hasMore":false}`);
  });
  app.get('/floor-page/:vaultId', async (request, reply) => {
    const { vaultId } = request.params as { vaultId: string };
    if (!(await member(request.headers.authorization, vaultId))) return reply.code(404).send({ error: 'not_found' });
    // One row more than the page, as the route reads, to know whether there are more.
    const rows = (await changes(vaultId, ITEMS + 1)) as PageRow[];
    return reply.type('application/json; charset=utf-8').send(changesPageJson(rows.slice(0, ITEMS), String(rows.length), rows.length > ITEMS).bytes);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    unchangedUrl: (vaultId) => `${url}/floor/${vaultId}`,
    pageUrl: (vaultId) => `${url}/floor-page/${vaultId}`,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

/** The vault id in a sync route's URL. */
export const vaultOf = (url: string): string => /\/v1\/vaults\/([^/]+)\/changes/.exec(url)![1]!;
