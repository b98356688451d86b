/** Liveness and identity: what a client checks before it trusts a server URL. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { healthRoutes } from '../../shared/server-api/health';
import { SERVER_API_VERSION } from '../../shared/server-api/version';
import type { ServerContext } from '../context';
import { addRoute } from '../http/routes';

export function registerHealthRoutes(app: FastifyInstance, { db, version }: Pick<ServerContext, 'db' | 'version'>): void {
  addRoute(app, null, healthRoutes.health, async () => {
    await sql`select 1`.execute(db);
    return { status: 'ok' as const };
  });
  addRoute(app, null, healthRoutes.version, async () => ({ name: 'latchkey-server', version, apiVersion: SERVER_API_VERSION, schema: await schemaVersion(db) }));
}

async function schemaVersion(db: ServerContext['db']): Promise<string> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows.rows[0]?.name ?? 'none';
}
