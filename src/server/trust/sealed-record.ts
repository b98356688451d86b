/**
 * A record a device of the account sealed, kept per account with a version: the trust record
 * (§8.7) and the account profile (§8.8). The server cannot open one; it only keeps the versions
 * in order: a write must carry exactly the stored version + 1 (a compare-and-swap, so two
 * devices never both write over the same record), else 409 with the table's own code.
 */
import type { ErrorCode } from '../../shared/server-api/http';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';

type Table = 'trust_records' | 'account_profiles';
export type SealedRecord = { version: number; record: string | null };

export async function readSealedRecord({ db }: Pick<ServerContext, 'db'>, table: Table, accountId: string): Promise<SealedRecord> {
  const row = await db.selectFrom(table).select(['version', 'record']).where('account_id', '=', accountId).executeTakeFirst();
  return row ? { version: Number(row.version), record: row.record } : { version: 0, record: null };
}

export async function writeSealedRecord(
  { db, now }: Pick<ServerContext, 'db' | 'now'>,
  target: { table: Table; stale: ErrorCode; what: string },
  accountId: string,
  version: number,
  record: string,
): Promise<SealedRecord> {
  const at = now();
  const written =
    version === 1
      ? await db
          .insertInto(target.table)
          .values({ account_id: accountId, version, record, updated_at: at })
          .onConflict((conflict) => conflict.column('account_id').doNothing())
          .executeTakeFirst()
          .then((result) => Number(result.numInsertedOrUpdatedRows ?? 0))
      : await db
          .updateTable(target.table)
          .set({ version, record, updated_at: at })
          .where('account_id', '=', accountId)
          .where('version', '=', version - 1)
          .executeTakeFirst()
          .then((result) => Number(result.numUpdatedRows));
  if (written !== 1) throw new ApiError(409, target.stale, `The ${target.what} has changed: read it again and write the next version`);
  return { version, record };
}
