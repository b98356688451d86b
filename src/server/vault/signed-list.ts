/**
 * The account's signed vault list (docs/security-design.md §8.6), kept as the opaque bytes its
 * keyset signed. The server checks only what it can: the layout, that the list names this
 * account and the counter sent beside it, and that the counter is the stored one + 1 (a
 * compare-and-swap, so two devices never both write over the same list). Devices check the
 * signature; the server's word on it is worth nothing to them.
 */
import { parseVaultList } from '../../shared/crypto/vault-list';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';

const invalid = () => new ApiError(400, 'vault_list_invalid', 'The signed vault list does not follow the layout, or names another account or another counter');

export async function signedVaultList({ db }: Pick<ServerContext, 'db'>, accountId: string): Promise<{ signedList: string | null; counter: number }> {
  const row = await db.selectFrom('signed_vault_lists').select(['counter', 'signed_list']).where('account_id', '=', accountId).executeTakeFirst();
  return row ? { signedList: row.signed_list, counter: Number(row.counter) } : { signedList: null, counter: 0 };
}

export async function putSignedVaultList({ db, now }: Pick<ServerContext, 'db' | 'now'>, accountId: string, counter: number, signedList: string): Promise<{ counter: number }> {
  checkList(accountId, counter, signedList);
  const at = now();
  const written =
    counter === 1
      ? await db
          .insertInto('signed_vault_lists')
          .values({ account_id: accountId, counter, signed_list: signedList, updated_at: at })
          .onConflict((conflict) => conflict.column('account_id').doNothing())
          .executeTakeFirst()
          .then((result) => Number(result.numInsertedOrUpdatedRows ?? 0))
      : await db
          .updateTable('signed_vault_lists')
          .set({ counter, signed_list: signedList, updated_at: at })
          .where('account_id', '=', accountId)
          .where('counter', '=', counter - 1)
          .executeTakeFirst()
          .then((result) => Number(result.numUpdatedRows));
  if (written !== 1) throw new ApiError(409, 'vault_list_conflict', 'The signed vault list has changed: read it again and sign the next counter');
  return { counter };
}

function checkList(accountId: string, counter: number, signedList: string): void {
  const bytes = new Uint8Array(Buffer.from(signedList, 'base64url'));
  if (Buffer.from(bytes).toString('base64url') !== signedList) throw invalid();
  let parsed: ReturnType<typeof parseVaultList>;
  try {
    parsed = parseVaultList(bytes);
  } catch {
    throw invalid();
  }
  if (parsed.accountId !== accountId || parsed.counter !== counter) throw invalid();
}
