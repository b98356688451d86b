/**
 * The server's own long-term secrets, kept in the database so that every instance on the
 * same database shares them: the OPAQUE server setup (its key pair and OPRF seed) and a key
 * for keyed hashes (email codes, fake login salts) and a key that seals authenticator secrets. The first instance to start creates them;
 * a concurrent start keeps whichever row won.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createOpaqueServerSetup, opaqueServerReady } from '../../shared/crypto/opaque-server';
import type { DatabaseSchema } from '../database/schema';

export interface ServerSecrets {
  opaqueServerSetup: string;
  hashKey: Buffer;
  /** Seals authenticator secrets at rest (src/server/two-factor/totp.ts). */
  totpKey: Buffer;
}

export async function loadServerSecrets(db: Kysely<DatabaseSchema>): Promise<ServerSecrets> {
  await opaqueServerReady();
  const opaqueServerSetup = await loadOrCreate(db, 'opaque_server_setup', () => createOpaqueServerSetup());
  const hashKey = await loadOrCreate(db, 'hash_key', () => randomBytes(32).toString('base64url'));
  const totpKey = await loadOrCreate(db, 'totp_key', () => randomBytes(32).toString('base64url'));
  return { opaqueServerSetup, hashKey: Buffer.from(hashKey, 'base64url'), totpKey: Buffer.from(totpKey, 'base64url') };
}

async function loadOrCreate(db: Kysely<DatabaseSchema>, name: string, create: () => string): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: create() })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
