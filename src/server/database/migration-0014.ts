/**
 * Migration 0014: signed family group keys (docs/security-design.md §8.7).
 *
 * - `families.group_key_generation`: 1 for the first group key, one more at each rotation.
 * - `families.group_key_signature`: the Ed25519 signature (base64url) of the organizer who
 *   made the current group key, over the family id, the generation and the group public key.
 * - `families.group_key_signed_by`: that organizer's account id.
 * A family made before this migration has no signature; devices seal nothing to its key
 * until an organizer rotates it.
 */
import type { Kysely, Migration } from 'kysely';

export const migration0014: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('families').addColumn('group_key_generation', 'integer', (column) => column.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('families').addColumn('group_key_signature', 'varchar(128)').execute();
    await db.schema.alterTable('families').addColumn('group_key_signed_by', 'varchar(16)').execute();
  },
};
