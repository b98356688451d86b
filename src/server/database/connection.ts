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
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
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
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    drivers.set(db, (text) => {
      const statement = sqlite.prepare(text);
      // In raw mode (rows as lists) a statement of its own, prepared on first use: most statements never need it.
      let tuples: ReturnType<typeof sqlite.prepare> | undefined;
      const raw = () => (tuples ??= sqlite.prepare(text).raw(true));
      let names: string[] | undefined;
      // Kysely holds SQLite's one connection through a transaction's awaits: a statement run on
      // the driver then would read inside that transaction, so it waits its turn through Kysely.
      return {
        all: (values) => (sqlite.inTransaction ? throughKysely(db, text, values) : Promise.resolve(statement.all(values) as unknown[])),
        first: (values) => {
          if (sqlite.inTransaction) return throughKysely(db, text, values).then((rows) => rows[0]);
          // One row as a list, named here: libsql sets each named property through N-API, 5 µs a
          // session lookup in a loop against 3.3 for the list and this (README, "Server throughput").
          const row = raw().get(values) as unknown[] | undefined;
          return Promise.resolve(row && namedRow((names ??= raw().columns().map((column) => column.name)), row));
        },
        tuples: (values) => (sqlite.inTransaction ? throughKysely(db, text, values).then((rows) => rows.map((row) => Object.values(row as object))) : Promise.resolve(raw().all(values) as unknown[][])),
      };
    });
    return db;
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  drivers.set(db, (text) => {
    // Parsed and planned once per connection, by name (Kysely sends every query unnamed).
    const query = { name: `latchkey_${++statementNames}`, text };
    const all = async (values: readonly unknown[]) => (await pool.query({ ...query, values: values as unknown[] })).rows as unknown[];
    const tuples = async (values: readonly unknown[]) => (await pool.query<unknown[]>({ ...query, values: values as unknown[], rowMode: 'array' })).rows;
    return { all, first: async (values) => (await all(values))[0], tuples };
  });
  return db;
}

/** A compiled SQL text made ready on the database's driver, run with its parameter values: all its rows, or its first row (undefined: none). */
export interface DriverStatement {
  all(values: readonly unknown[]): Promise<unknown[]>;
  first(values: readonly unknown[]): Promise<unknown>;
  /** All its rows, each as the list of its columns in the query's order: no object with named properties per row (libsql's raw mode, pg's array row mode). */
  tuples(values: readonly unknown[]): Promise<unknown[][]>;
}

const drivers = new WeakMap<Kysely<DatabaseSchema>, (text: string) => DriverStatement>();
let statementNames = 0;

/**
 * The hot path's statements (prepared.ts) go to the driver itself, not through Kysely's query
 * executor (a connection acquired behind a mutex or from the pool wrapper, a query id of random
 * characters, plugins and result transforms: about a third of the statement's CPU here): on
 * SQLite one libsql statement prepared once, on PostgreSQL `pool.query` with a named statement.
 */
export function driverStatement(db: Kysely<DatabaseSchema>, text: string): DriverStatement {
  const prepare = drivers.get(db);
  if (!prepare) throw new Error('driverStatement: not a database opened by openDatabase');
  return prepare(text);
}

function namedRow(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let column = 0; column < names.length; column++) row[names[column]!] = values[column];
  return row;
}

async function throughKysely(db: Kysely<DatabaseSchema>, text: string, values: readonly unknown[]): Promise<unknown[]> {
  return (await db.executeQuery(CompiledQuery.raw(text, [...values]))).rows as unknown[];
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
