/**
 * Migration 0015: signed deletions (docs/security-design.md §8.4).
 *
 * - `vault_items.deletion_marker`: a tombstone's deletion marker (envelope 0x0B, base64url),
 *   which the deleting device seals under the vault key for the vault, item and tombstone
 *   version. Null on live items, and on tombstones written before this migration, which
 *   devices therefore do not take as a deletion of an item they hold.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0015: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('vault_items').addColumn('deletion_marker', 'varchar(64)').execute();
  },
};
