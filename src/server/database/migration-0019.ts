/**
 * Migration 0019: the account profile on the server (docs/security-design.md §8.8).
 *
 * - `account_profiles`: one row per account, made on its first write: the sealed profile
 *   (envelope 0x0F, base64url, opaque to the server) and its version, which every write must
 *   raise by exactly one.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0019: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('account_profiles')
      .addColumn('account_id', 'varchar(16)', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('version', 'bigint', (column) => column.notNull())
      .addColumn('record', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};
