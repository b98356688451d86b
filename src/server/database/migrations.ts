/**
 * Versioned migrations, kept in code so the bundled server carries them. Each one is
 * written once for both engines; Kysely's schema builder emits the right SQL for each.
 * Never edit a migration that has shipped: add the next one.
 */
import { randomUUID } from 'node:crypto';
import { Migrator, type Kysely, type Migration } from 'kysely';
import { migration0008 } from './migration-0008';
import { migration0010 } from './migration-0010';
import { migration0011 } from './migration-0011';
import { migration0012 } from './migration-0012';
import { migration0013 } from './migration-0013';
import { migration0014 } from './migration-0014';
import { migration0015 } from './migration-0015';
import { migration0016 } from './migration-0016';
import { migration0017 } from './migration-0017';
import { migration0018 } from './migration-0018';
import { migration0019 } from './migration-0019';
import { migration0020 } from './migration-0020';

const migrations: Record<string, Migration> = {
  '0001-server-info': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('server_info')
        .addColumn('key', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();
      await (db as Kysely<{ server_info: { key: string; value: string } }>)
        .insertInto('server_info')
        .values([
          { key: 'instance_id', value: randomUUID() },
          { key: 'created_at', value: new Date().toISOString() },
        ])
        .execute();
    },
  },
  '0002-accounts-sessions': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('server_secrets')
        .addColumn('name', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'varchar(16)', (column) => column.primaryKey())
        .addColumn('email', 'varchar(254)', (column) => column.notNull().unique())
        .addColumn('argon2_memory_kib', 'integer', (column) => column.notNull())
        .addColumn('argon2_iterations', 'integer', (column) => column.notNull())
        .addColumn('argon2_parallelism', 'integer', (column) => column.notNull())
        .addColumn('argon2_salt', 'varchar(128)', (column) => column.notNull())
        .addColumn('opaque_record', 'text', (column) => column.notNull())
        .addColumn('wrapped_account_key', 'text', (column) => column.notNull())
        .addColumn('public_key_x25519', 'varchar(64)', (column) => column.notNull())
        .addColumn('public_key_ed25519', 'varchar(64)', (column) => column.notNull())
        .addColumn('encrypted_keyset', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('email_codes')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('email', 'varchar(254)', (column) => column.notNull())
        .addColumn('purpose', 'varchar(32)', (column) => column.notNull())
        .addColumn('code_hash', 'varchar(128)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('consumed_at', 'bigint')
        .execute();
      await db.schema.createIndex('email_codes_email').on('email_codes').columns(['email', 'purpose']).execute();
      await db.schema
        .createTable('signup_tokens')
        .addColumn('token_hash', 'varchar(128)', (column) => column.primaryKey())
        .addColumn('email', 'varchar(254)', (column) => column.notNull())
        .addColumn('account_id', 'varchar(16)', (column) => column.notNull())
        .addColumn('argon2_memory_kib', 'integer', (column) => column.notNull())
        .addColumn('argon2_iterations', 'integer', (column) => column.notNull())
        .addColumn('argon2_parallelism', 'integer', (column) => column.notNull())
        .addColumn('argon2_salt', 'varchar(128)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema
        .createTable('login_attempts')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('email', 'varchar(254)', (column) => column.notNull())
        .addColumn('account_id', 'varchar(16)')
        .addColumn('server_login_state', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('token_hash', 'varchar(128)', (column) => column.notNull().unique())
        .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('device_name', 'varchar(64)', (column) => column.notNull())
        .addColumn('platform', 'varchar(16)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('last_used_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();
      await db.schema
        .createTable('rate_limits')
        .addColumn('action', 'varchar(64)', (column) => column.notNull())
        .addColumn('subject', 'varchar(300)', (column) => column.notNull())
        .addColumn('window_start', 'bigint', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['action', 'subject'])
        .execute();
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('at', 'bigint', (column) => column.notNull())
        .addColumn('event', 'varchar(64)', (column) => column.notNull())
        .addColumn('account_id', 'varchar(16)')
        .addColumn('email', 'varchar(254)')
        .addColumn('session_id', 'varchar(64)')
        .addColumn('ip', 'varchar(64)')
        .execute();
      await db.schema.createIndex('audit_events_account').on('audit_events').columns(['account_id', 'at']).execute();
    },
  },
  // --- Vaults and items ---
  '0003-vaults': {
    async up(db: Kysely<unknown>) {
      // The 2FA gate: the account's flag, and when each session passed the second factor.
      await db.schema.alterTable('accounts').addColumn('two_factor_required', 'integer', (column) => column.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('sessions').addColumn('second_factor_verified_at', 'bigint').execute();
      await db.schema
        .createTable('counters')
        .addColumn('name', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('value', 'bigint', (column) => column.notNull())
        .execute();
      await (db as Kysely<{ counters: { name: string; value: number } }>).insertInto('counters').values({ name: 'change_seq', value: 0 }).execute();
      await db.schema
        .createTable('vaults')
        .addColumn('id', 'varchar(22)', (column) => column.primaryKey())
        .addColumn('created_by', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('vault_members')
        .addColumn('vault_id', 'varchar(22)', (column) => column.notNull().references('vaults.id').onDelete('cascade'))
        .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('sealed_vault_key', 'text', (column) => column.notNull())
        .addColumn('role', 'varchar(16)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('vault_members_pk', ['vault_id', 'account_id'])
        .execute();
      await db.schema.createIndex('vault_members_account').on('vault_members').column('account_id').execute();
      await db.schema
        .createTable('vault_items')
        .addColumn('vault_id', 'varchar(22)', (column) => column.notNull().references('vaults.id').onDelete('cascade'))
        .addColumn('id', 'varchar(22)', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('deleted', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('overview', 'text')
        .addColumn('details', 'text')
        .addColumn('change_seq', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('vault_items_pk', ['vault_id', 'id'])
        .execute();
      // The sync query: one vault's items after a cursor, in change order.
      await db.schema.createIndex('vault_items_changes').on('vault_items').columns(['vault_id', 'change_seq']).unique().execute();
    },
  },
  // --- end of vaults and items ---
  // --- Recovery codes ---
  '0004-recovery': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recovery_credentials')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('opaque_record', 'text', (column) => column.notNull())
        .addColumn('wrapped_account_key', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .execute();
      await db.schema.createIndex('recovery_credentials_account_state').on('recovery_credentials').columns(['account_id', 'state']).unique().execute();
      await db.schema
        .createTable('recovery_attempts')
        .addColumn('id_hash', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('email', 'varchar(254)', (column) => column.notNull())
        .addColumn('account_id', 'varchar(16)')
        .addColumn('credential_id', 'varchar(64)')
        .addColumn('stage', 'varchar(16)', (column) => column.notNull())
        .addColumn('server_login_state', 'text')
        .addColumn('token_hash', 'varchar(64)', (column) => column.unique())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('recovery_attempts_account').on('recovery_attempts').column('account_id').execute();
    },
  },
  // --- end of recovery codes ---
  '0005-two-factor': {
    async up(db: Kysely<unknown>) {
      // One authenticator per account: 'pending' until a code from it is given, then 'active'.
      await db.schema
        .createTable('totp_factors')
        .addColumn('account_id', 'varchar(16)', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('sealed_secret', 'text', (column) => column.notNull())
        .addColumn('last_used_step', 'bigint')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('activated_at', 'bigint')
        .execute();
    },
  },
  '0006-security-keys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('security_keys')
        .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        // A credential id is the key's own: one account, once (registration refuses a second).
        .addColumn('credential_id', 'varchar(1366)', (column) => column.notNull().unique())
        .addColumn('public_key', 'text', (column) => column.notNull())
        .addColumn('counter', 'bigint', (column) => column.notNull())
        .addColumn('transports', 'text', (column) => column.notNull())
        .addColumn('name', 'varchar(64)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('last_used_at', 'bigint')
        .execute();
      await db.schema.createIndex('security_keys_account').on('security_keys').column('account_id').execute();
      // One outstanding challenge per (purpose, subject): starting a ceremony again replaces it.
      await db.schema
        .createTable('webauthn_challenges')
        .addColumn('purpose', 'varchar(16)', (column) => column.notNull())
        .addColumn('subject', 'varchar(64)', (column) => column.notNull())
        .addColumn('account_id', 'varchar(16)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('challenge', 'varchar(128)', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('webauthn_challenges_pk', ['purpose', 'subject'])
        .execute();
    },
  },
  '0007-recovery-checks': {
    async up(db: Kysely<unknown>) {
      // The owner's identity checks after a recovery code, comma-separated (src/server/recovery/checks.ts).
      await db.schema.alterTable('accounts').addColumn('recovery_checks', 'varchar(64)', (column) => column.notNull().defaultTo('email')).execute();
      // What one recovery may use (fixed at its proof), and which check it passed.
      await db.schema.alterTable('recovery_attempts').addColumn('checks', 'varchar(64)').execute();
      await db.schema.alterTable('recovery_attempts').addColumn('passed_check', 'varchar(16)').execute();
    },
  },
  '0008-families': migration0008,
  '0009-shared-vaults': {
    async up(db: Kysely<unknown>) {
      // 'private' (each account's own; never shared) or 'shared' (a family's, access per member).
      await db.schema.alterTable('vaults').addColumn('kind', 'varchar(16)', (column) => column.notNull().defaultTo('private')).execute();
      // A shared vault's name, encrypted under its vault key (envelope 0x08); null for a private vault.
      await db.schema.alterTable('vaults').addColumn('attributes', 'text').execute();
    },
  },
  '0010-sliding-rate-limits-device-tokens': migration0010,
  '0011-step-up': migration0011,
  '0012-recovery-check-up': migration0012,
  '0013-signed-vault-list': migration0013,
  '0014-signed-group-keys': migration0014,
  '0015-deletion-markers': migration0015,
  '0016-trust-records': migration0016,
  '0017-trash-purge': migration0017,
  '0018-family-recovery-requests': migration0018,
  '0019-account-profiles': migration0019,
  '0020-family-recovery-notices': migration0020,
};

export const latestMigration = Object.keys(migrations).at(-1) as string;

export async function migrateToLatest<Schema>(db: Kysely<Schema>): Promise<void> {
  // Migrations describe the schema as it was at each step, so they see an untyped database.
  const migrator = new Migrator({ db: db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('database migration failed');
}
