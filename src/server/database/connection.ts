/**
 * One Kysely code path over two engines: better-sqlite3 for the embedded default (one file
 * in the data folder) and pg for PostgreSQL. Everything above this file is engine-agnostic.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export function openDatabase(config: DatabaseConfig): Kysely<DatabaseSchema> {
  if (config.kind === 'sqlite') {
    const sqlite = new Database(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    return new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url, max: 10 }) }) });
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs as much as running a
 * small query. Keep the prepared statements of the server's (bounded set of) SQL texts.
 */
function withStatementCache(sqlite: Database.Database, limit = 500): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(source) {
      let statement = statements.get(source);
      if (!statement) {
        statement = sqlite.prepare(source);
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
