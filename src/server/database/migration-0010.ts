/**
 * Migration 0010: sliding-window rate limits and device tokens (docs/security-design.md §13.5).
 *
 * rate_limits changes shape: each (action, subject) row now keeps the times of the attempts
 * let through in the last window instead of a fixed window's count. The old counts cannot be
 * turned into times, so the table is made anew: every limit starts fresh once, at the upgrade.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0010: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('rate_limits').execute();
    await db.schema
      .createTable('rate_limits')
      .addColumn('action', 'varchar(64)', (column) => column.notNull())
      .addColumn('subject', 'varchar(320)', (column) => column.notNull())
      // The attempts let through in the last window: milliseconds since the epoch, comma-separated, oldest first.
      .addColumn('hits', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('rate_limits_pk', ['action', 'subject'])
      .execute();
    // A device that signed in before: only the SHA-256 of its random token is kept.
    await db.schema
      .createTable('device_tokens')
      .addColumn('token_hash', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('device_tokens_account').on('device_tokens').column('account_id').execute();
    // The live device token a login start presented, replaced by a new one when the sign-in succeeds.
    await db.schema.alterTable('login_attempts').addColumn('device_token_hash', 'varchar(64)').execute();
  },
};
