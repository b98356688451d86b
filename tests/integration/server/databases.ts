/**
 * The two databases every server test runs against: a fresh SQLite file, and PostgreSQL
 * (a throwaway cluster that `npm test` starts, see scripts/with-postgres.sh).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../../src/server/index';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one test. */
  create(): Promise<DatabaseConfig>;
}

function postgresUrl(): string {
  const url = process.env.LATCHKEY_TEST_POSTGRES_URL;
  if (!url) throw new Error('LATCHKEY_TEST_POSTGRES_URL is not set: run the server tests through `npm test` or scripts/with-postgres.sh');
  return url;
}

let databaseCounter = 0;

export const testDatabases: TestDatabase[] = [
  {
    name: 'sqlite',
    create: async () => ({ kind: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'latchkey-server-')), 'server.sqlite') }),
  },
  {
    name: 'postgres',
    async create() {
      const admin = new pg.Client({ connectionString: postgresUrl() });
      await admin.connect();
      const name = `latchkey_${process.pid}_${Date.now()}_${databaseCounter++}`;
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(postgresUrl());
      url.pathname = `/${name}`;
      return { kind: 'postgres', url: url.toString() };
    },
  },
];
