/** The embedded engine's connection settings, read back from a real SQLite file opened as the server opens it. */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_BUSY_TIMEOUT_MS } from '../../../src/server/database/connection';
import { migrateToLatest } from '../../../src/server/database/migrations';

const dirs: string[] = [];
const freshFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-sqlite-'));
  dirs.push(dir);
  return join(dir, 'server.sqlite');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const modeOf = (path: string) => statSync(path).mode & 0o777;
const pragma = async (db: ReturnType<typeof openDatabase>, name: string) => {
  const { rows } = await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(db);
  return Object.values(rows[0] ?? {})[0];
};

describe('the embedded SQLite database', () => {
  it('runs in WAL mode, with foreign keys enforced and a busy timeout', async () => {
    const db = openDatabase({ kind: 'sqlite', file: freshFile() });
    try {
      await migrateToLatest(db);
      expect(await pragma(db, 'journal_mode')).toBe('wal');
      expect(await pragma(db, 'foreign_keys')).toBe(1);
      expect(await pragma(db, 'busy_timeout')).toBe(SQLITE_BUSY_TIMEOUT_MS);
      const orphan = db.insertInto('vault_members').values({ vault_id: 'no-such-vault', account_id: 'no-such-acct', sealed_vault_key: 'x', role: 'owner', created_at: 0 }).execute();
      await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
      expect(await db.selectFrom('vault_members').select('vault_id').execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('keeps the file and its write-ahead log owner-only, and tightens a file that was readable by others', async () => {
    const file = freshFile();
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const db = openDatabase({ kind: 'sqlite', file });
    try {
      await migrateToLatest(db);
      expect(existsSync(`${file}-wal`)).toBe(true);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(path)).toBe(0o600);
    } finally {
      await db.destroy();
    }
  });
});
