/**
 * The sync server's one public entry point. The desktop hosts start it in-process (the
 * embedded default) and `npm run server` runs it alone; nothing else of src/server is
 * imported from outside.
 */
import Fastify from 'fastify';
import { appVersion } from '../shared/version';
import { openDatabase, type DatabaseConfig } from './database/connection';
import { migrateToLatest } from './database/migrations';
import { registerHealthRoutes } from './health/routes';
import type { ServerContext } from './context';

export { databaseConfigFrom, type DatabaseConfig } from './database/connection';

export interface ServerOptions {
  database: DatabaseConfig;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Fields that must never reach a log line, wherever they appear. */
const redactedLogPaths = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

export async function startServer({ database, host = '127.0.0.1', port = 0, logLevel = 'warn' }: ServerOptions): Promise<RunningServer> {
  const db = openDatabase(database);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const app = Fastify({
    logger: { level: logLevel, redact: { paths: redactedLogPaths, censor: '[redacted]' } },
    bodyLimit: 64 * 1024,
    // Reject unknown fields instead of silently dropping them.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const context: ServerContext = { db, version: appVersion };
  registerHealthRoutes(app, context);
  app.addHook('onClose', async () => db.destroy());
  const address = await app.listen({ host, port });
  return { url: address, close: () => app.close() };
}
