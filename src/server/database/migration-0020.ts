/**
 * Migration 0020: telling an organizer, in the app, that the recovery they started was cancelled
 * because the member recovered by themselves (docs/security-design.md §13.2).
 *
 * - `family_recovery_notices`: one per organizer and member, written in the member's reset
 *   transaction, until the organizer dismisses it (or either account, or the family, is deleted).
 */
import type { Kysely, Migration } from 'kysely';

export const migration0020: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('family_recovery_notices')
      .addColumn('organizer_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('member_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('family_id', 'varchar(22)', (column) => column.notNull().references('families.id').onDelete('cascade'))
      .addColumn('cancelled_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('family_recovery_notices_pk', ['organizer_id', 'member_id'])
      .execute();
  },
};
