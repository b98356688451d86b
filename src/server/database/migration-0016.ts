/**
 * Migration 0016: the trust record on the server (docs/security-design.md §8.7).
 *
 * - `trust_records`: one row per account, made on its first write: the sealed record
 *   (envelope 0x0D, base64url, opaque to the server) and its version, which every write must
 *   raise by exactly one.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0016: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('trust_records')
      .addColumn('account_id', 'varchar(16)', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('version', 'bigint', (column) => column.notNull())
      .addColumn('record', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};
