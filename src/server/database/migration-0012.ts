/**
 * Migration 0012: the recovery check-up (docs/security-design.md §11.4, §13).
 *
 * - `recovery_credentials.last_checked_at`: when this credential last passed a check. It is
 *   the credential's own, so a replaced code (a new row) starts with none.
 * - `recovery_check_ups`: one row per account, made on its first write: the reminder schedule
 *   the devices keep, and when and how the Emergency Kit was last kept. Not secret.
 * - `recovery_check_attempts`: a check under way (5 minutes): the SHA-256 of its random id,
 *   the session and credential it is bound to, and the OPAQUE server login state.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0012: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('recovery_credentials').addColumn('last_checked_at', 'bigint').execute();
    await db.schema
      .createTable('recovery_check_ups')
      .addColumn('account_id', 'varchar(16)', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('reminders_enabled', 'integer', (column) => column.notNull().defaultTo(1))
      .addColumn('reminder_stage', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('reminder_due_at', 'bigint')
      .addColumn('kit_kept_at', 'bigint')
      .addColumn('kit_kept_how', 'varchar(16)')
      .execute();
    await db.schema
      .createTable('recovery_check_attempts')
      .addColumn('id_hash', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('session_id', 'varchar(64)', (column) => column.notNull().references('sessions.id').onDelete('cascade'))
      // A replaced or deleted code takes its checks under way with it.
      .addColumn('credential_id', 'varchar(64)', (column) => column.notNull().references('recovery_credentials.id').onDelete('cascade'))
      .addColumn('server_login_state', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('recovery_check_attempts_session').on('recovery_check_attempts').column('session_id').execute();
    await db.schema.createIndex('recovery_check_attempts_credential').on('recovery_check_attempts').column('credential_id').execute();
  },
};
