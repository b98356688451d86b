/**
 * Migration 0018: a locked-out member asking their Family Organizer to recover them
 * (docs/security-design.md §13.2, "Asking an organizer").
 *
 * - `family_recovery_requests`: one open request per member, until an organizer starts the
 *   recovery, the member leaves the family, or it expires (the policy's family recovery TTL).
 */
import type { Kysely, Migration } from 'kysely';

export const migration0018: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('family_recovery_requests')
      .addColumn('account_id', 'varchar(16)', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('family_id', 'varchar(22)', (column) => column.notNull().references('families.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};
