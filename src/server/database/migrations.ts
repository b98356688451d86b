/**
 * Versioned migrations, kept in code so the bundled server carries them. Each one is
 * written once for both engines; Kysely's schema builder emits the right SQL for each.
 * Never edit a migration that has shipped: add the next one.
 */
import { randomUUID } from 'node:crypto';
import { Migrator, type Kysely, type Migration } from 'kysely';

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
};

export const latestMigration = Object.keys(migrations).at(-1) as string;

export async function migrateToLatest<Schema>(db: Kysely<Schema>): Promise<void> {
  // Migrations describe the schema as it was at each step, so they see an untyped database.
  const migrator = new Migrator({ db: db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('database migration failed');
}
