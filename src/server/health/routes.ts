/** Liveness and identity: what a client checks before it trusts a server URL. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ServerContext } from '../context';
import { SERVER_API_VERSION } from '../../shared/server-api/version';

export function registerHealthRoutes(app: FastifyInstance, { db, version }: ServerContext): void {
  app.get(
    '/health',
    { schema: { response: { 200: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'], additionalProperties: false } } } },
    async () => {
      await sql`select 1`.execute(db);
      return { status: 'ok' as const };
    },
  );
  app.get(
    '/version',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { name: { type: 'string' }, version: { type: 'string' }, apiVersion: { type: 'integer' }, schema: { type: 'string' } },
            required: ['name', 'version', 'apiVersion', 'schema'],
            additionalProperties: false,
          },
        },
      },
    },
    async () => ({ name: 'latchkey-server', version, apiVersion: SERVER_API_VERSION, schema: await schemaVersion(db) }),
  );
}

async function schemaVersion(db: ServerContext['db']): Promise<string> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows.rows[0]?.name ?? 'none';
}
