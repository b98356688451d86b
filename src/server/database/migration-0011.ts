/** Migration 0011: the step-up before an account-security change, and who uploaded a pending recovery code. */
import type { Kysely, Migration } from 'kysely';

export const migration0011: Migration = {
  async up(db: Kysely<unknown>) {
    // A step-up: started (the OPAQUE login state), then finished (the hash of its single-use token).
    await db.schema
      .createTable('step_ups')
      .addColumn('id_hash', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('session_id', 'varchar(64)', (column) => column.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('server_login_state', 'text')
      .addColumn('token_hash', 'varchar(64)', (column) => column.unique())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('step_ups_session').on('step_ups').column('session_id').execute();
    // A pending recovery code can be activated only by the session that uploaded it (after a step-up).
    await db.schema.alterTable('recovery_credentials').addColumn('session_id', 'varchar(64)').execute();
  },
};
