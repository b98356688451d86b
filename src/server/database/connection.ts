/**
 * One Kysely code path over two engines: libsql for the embedded default (one file in the data
 * folder) and pg for PostgreSQL. Everything above this file is engine-agnostic.
 *
 * libsql is an N-API addon with prebuilt binaries, so the same build loads in Node and in
 * Electron without a rebuild, and its synchronous API is better-sqlite3's, which Kysely's own
 * SqliteDialect drives (see README, "The SQLite driver").
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'libsql';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function openDatabase(config: DatabaseConfig): Kysely<DatabaseSchema> {
  if (config.kind === 'sqlite') {
    createPrivately(config.file);
    const sqlite = new Database(config.file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    sqlite.exec('PRAGMA journal_mode = WAL');
    sqlite.exec('PRAGMA foreign_keys = ON');
    return new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  pool.on('connect', parseNamedStatementsOnce);
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

/** SQL texts each PostgreSQL connection parses and plans once, by name: the hot path's queries (prepared.ts). */
const statementNames = new Map<string, string>();

export function parseOncePerConnection(sql: string): void {
  if (!statementNames.has(sql)) statementNames.set(sql, `latchkey_${statementNames.size + 1}`);
}

/**
 * Kysely's PostgreSQL driver sends every query as unnamed (parsed and planned again each time);
 * here a text registered above goes as a named statement, which pg parses once per connection.
 */
function parseNamedStatementsOnce(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<pg.QueryResult>;
  client.query = ((text: unknown, values?: unknown) => {
    const name = typeof text === 'string' ? statementNames.get(text) : undefined;
    return name ? query({ name, text, values }) : query(text, values);
  }) as typeof client.query;
}

/**
 * The database holds every account's records: owner-only (0600). SQLite gives its -wal and -shm
 * files the main file's permissions, so setting them here covers all three.
 */
function createPrivately(file: string): void {
  try {
    closeSync(openSync(file, 'a', 0o600));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the directory does not exist' : (error as Error).message;
    throw new Error(`unable to open the database file ${file}: ${why}`, { cause: error });
  }
  if (process.platform !== 'win32') chmodSync(file, 0o600);
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs as much as running a
 * small query. Keep the prepared statements of the server's (bounded set of) SQL texts, each
 * with whether it returns rows (libsql asks SQLite again on every read of `reader`).
 */
function withStatementCache(sqlite: Database.Database, limit = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(source) {
      let statement = statements.get(source);
      if (!statement) {
        const prepared = sqlite.prepare(source);
        statement = { reader: prepared.reader, all: (values) => prepared.all(values), run: (values) => prepared.run(values), iterate: (values) => prepared.iterate(values) };
        if (statements.size < limit) statements.set(source, statement);
      }
      return statement;
    },
  };
}

/** Reads DATABASE_URL-style configuration: a postgres:// URL, or a path to a SQLite file. */
export function databaseConfigFrom(value: string): DatabaseConfig {
  return /^postgres(ql)?:\/\//.test(value) ? { kind: 'postgres', url: value } : { kind: 'sqlite', file: value };
}
