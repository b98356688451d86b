/**
 * Migration 0013: the signed vault list (docs/security-design.md §8.6).
 *
 * - `signed_vault_lists`: one row per account, made on its first write: the list's bytes as the
 *   account's keyset signed them (base64url, opaque to the server beyond its layout) and the
 *   counter inside it, which every write must raise by exactly one.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0013: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('signed_vault_lists')
      .addColumn('account_id', 'varchar(16)', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('counter', 'bigint', (column) => column.notNull())
      .addColumn('signed_list', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};
