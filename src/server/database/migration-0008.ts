/** Migration 0008: Families (a family, its members, the recovery group key, vault grants, invitations, organizer recoveries). */
import type { Kysely, Migration } from 'kysely';

export const migration0008: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('families')
      .addColumn('id', 'varchar(22)', (column) => column.primaryKey())
      .addColumn('name', 'varchar(100)', (column) => column.notNull())
      .addColumn('group_key_id', 'varchar(22)', (column) => column.notNull())
      .addColumn('group_public_key', 'varchar(64)', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    // One family per account: the account id is the key.
    await db.schema
      .createTable('family_members')
      .addColumn('account_id', 'varchar(16)', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('family_id', 'varchar(22)', (column) => column.notNull().references('families.id').onDelete('cascade'))
      .addColumn('role', 'varchar(16)', (column) => column.notNull())
      .addColumn('joined_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('family_members_family').on('family_members').column('family_id').execute();
    // The group's private key sealed to each organizer; a row per organizer and key.
    await db.schema
      .createTable('family_group_keys')
      .addColumn('family_id', 'varchar(22)', (column) => column.notNull().references('families.id').onDelete('cascade'))
      .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('sealed_private_key', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('family_group_keys_pk', ['family_id', 'account_id'])
      .execute();
    // Each family vault's key sealed to the group's current public key.
    await db.schema
      .createTable('family_vault_grants')
      .addColumn('vault_id', 'varchar(22)', (column) => column.primaryKey().references('vaults.id').onDelete('cascade'))
      .addColumn('family_id', 'varchar(22)', (column) => column.notNull().references('families.id').onDelete('cascade'))
      .addColumn('sealed_vault_key', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('family_vault_grants_family').on('family_vault_grants').column('family_id').execute();
    await db.schema
      .createTable('family_invites')
      .addColumn('token_hash', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('family_id', 'varchar(22)', (column) => column.notNull().references('families.id').onDelete('cascade'))
      .addColumn('email', 'varchar(254)', (column) => column.notNull())
      .addColumn('invited_by', 'varchar(16)', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
    // One recovery per member at a time.
    await db.schema
      .createTable('family_recoveries')
      .addColumn('id', 'varchar(22)', (column) => column.primaryKey())
      .addColumn('family_id', 'varchar(22)', (column) => column.notNull().references('families.id').onDelete('cascade'))
      .addColumn('account_id', 'varchar(16)', (column) => column.notNull().unique().references('accounts.id').onDelete('cascade'))
      .addColumn('started_by', 'varchar(16)', (column) => column.notNull())
      .addColumn('stage', 'varchar(24)', (column) => column.notNull())
      .addColumn('token_hash', 'varchar(64)')
      .addColumn('token_expires_at', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
    // The member's vault memberships set aside at their reset, until an organizer reseals them.
    await db.schema
      .createTable('family_recovery_vaults')
      .addColumn('recovery_id', 'varchar(22)', (column) => column.notNull().references('family_recoveries.id').onDelete('cascade'))
      .addColumn('vault_id', 'varchar(22)', (column) => column.notNull().references('vaults.id').onDelete('cascade'))
      .addColumn('role', 'varchar(16)', (column) => column.notNull())
      .addPrimaryKeyConstraint('family_recovery_vaults_pk', ['recovery_id', 'vault_id'])
      .execute();
  },
};
