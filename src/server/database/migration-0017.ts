/**
 * Migration 0017: Recently Deleted, purged by the server after 30 days (docs/security-design.md
 * §8.4, "Recently Deleted").
 *
 * - `vault_items.purge_marker`: the deletion marker (envelope 0x0B, base64url) the trashing
 *   device sealed for the version after the one it wrote, so the server can make the tombstone
 *   at that version later without a key. Null on items not in Recently Deleted.
 * - `vault_items.purge_version`: that version; the purge happens only while the item is still
 *   at the one before it (a restore or an edit writes a newer version and clears both).
 * - `vault_items.trashed_at`: when the device says it moved the item there (ms since the epoch),
 *   in plain text; the purge job makes the tombstone 30 days after it.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0017: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('vault_items').addColumn('purge_marker', 'varchar(64)').execute();
    await db.schema.alterTable('vault_items').addColumn('purge_version', 'bigint').execute();
    await db.schema.alterTable('vault_items').addColumn('trashed_at', 'bigint').execute();
    await db.schema.createIndex('vault_items_trashed_at').on('vault_items').column('trashed_at').execute();
  },
};
