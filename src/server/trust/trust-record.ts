/**
 * The account's trust record (docs/security-design.md §8.7), kept as the sealed bytes a device
 * of the account wrote. The server cannot open it; it only keeps the versions in order: a write
 * must carry exactly the stored version + 1 (a compare-and-swap, so two devices never both
 * write over the same record). Devices refuse a record older than one they have seen.
 */
import type { FastifyInstance } from 'fastify';
import { trustRecordRoutes } from '../../shared/server-api/trust-record';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';

type Served = { version: number; record: string | null };

async function trustRecord({ db }: Pick<ServerContext, 'db'>, accountId: string): Promise<Served> {
  const row = await db.selectFrom('trust_records').select(['version', 'record']).where('account_id', '=', accountId).executeTakeFirst();
  return row ? { version: Number(row.version), record: row.record } : { version: 0, record: null };
}

async function putTrustRecord({ db, now }: Pick<ServerContext, 'db' | 'now'>, accountId: string, version: number, record: string): Promise<Served> {
  const at = now();
  const written =
    version === 1
      ? await db
          .insertInto('trust_records')
          .values({ account_id: accountId, version, record, updated_at: at })
          .onConflict((conflict) => conflict.column('account_id').doNothing())
          .executeTakeFirst()
          .then((result) => Number(result.numInsertedOrUpdatedRows ?? 0))
      : await db
          .updateTable('trust_records')
          .set({ version, record, updated_at: at })
          .where('account_id', '=', accountId)
          .where('version', '=', version - 1)
          .executeTakeFirst()
          .then((result) => Number(result.numUpdatedRows));
  if (written !== 1) throw new ApiError(409, 'stale_trust_record', 'The trust record has changed: read it again and write the next version');
  return { version, record };
}

export function registerTrustRecordRoutes(app: FastifyInstance, context: ServerContext): void {
  addRoute(app, context, trustRecordRoutes.get, async ({ session }) => trustRecord(context, session.accountId));
  addRoute(app, context, trustRecordRoutes.put, async ({ session, body }) => putTrustRecord(context, session.accountId, body.version, body.record));
}
