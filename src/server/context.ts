import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database/schema';

/** What every route module is given: the database and the server's own facts. */
export interface ServerContext {
  db: Kysely<DatabaseSchema>;
  version: string;
}
