/**
 * Incremental sync (GET /v1/vaults/:vaultId/changes), the route every device polls. "Nothing
 * changed" is one database round trip: the session lookup (session/sessions.ts) with the
 * caller's membership of the vault and the vault's latest change joined onto it, all by index.
 * The session is read afresh on every request, so a session signed out or expired is refused
 * on the very next poll; a caller who is not a member gets 404, and never the vault's cursor.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context';
import { preparedPerDatabase, prepareRow, prepareTuples } from '../database/prepared';
import type { DatabaseSchema } from '../database/schema';
import type { SerializedJson } from '../http/serialized-json';
import { authenticateBy, sessionQuery, type AuthenticatedSession } from '../session/sessions';
import { changesPageJson, changeSeqOf, PAGE_COLUMNS, type ChangesPage, type PageRow } from './changes-page';
import { noSuchVault } from './vaults';

type Db = Kysely<DatabaseSchema>;

/** The session by its token's hash, the vault if the session's account is a member of it (else null), and its latest change (null: none yet). */
export const pollQuery = (db: Db) => (hash: string, vaultId: string) =>
  sessionQuery(db, hash)
    .leftJoin('vault_members', (join) => join.onRef('vault_members.account_id', '=', 'sessions.account_id').on('vault_members.vault_id', '=', vaultId))
    .select((eb) => [
      'vault_members.vault_id as member_of',
      eb.selectFrom('vault_items').select((items) => items.fn.max('vault_items.change_seq').as('seq')).whereRef('vault_items.vault_id', '=', 'vault_members.vault_id').as('latest'),
    ]);

/** Compiled once per database (see prepared.ts). */
const queries = preparedPerDatabase((db) => ({
  poll: prepareRow(db, pollQuery(db)),
  changes: prepareTuples(db, PAGE_COLUMNS, (vaultId: string, since: number, limit: number) =>
    db.selectFrom('vault_items').select(PAGE_COLUMNS).where('vault_id', '=', vaultId).where('change_seq', '>', since).orderBy('change_seq', 'asc').limit(limit),
  ),
}));

export interface PollSession extends AuthenticatedSession {
  /** The vault of the request's path and its latest change (0: none), if the caller is a member; else null. */
  vault: { vaultId: string; latest: number } | null;
}

/**
 * The route's authentication (`addRoute`'s `authenticator`), before its path and query are
 * validated: the raw `vaultId` is only bound as a query parameter, and `changesSince` answers
 * only for the validated one it matches.
 */
export async function authenticatePoll(context: ServerContext, request: FastifyRequest): Promise<PollSession> {
  const { vaultId } = request.params as { vaultId?: unknown };
  const { session, row } = await authenticateBy(context, request.headers.authorization, (hash) => queries(context.db).poll(hash, typeof vaultId === 'string' ? vaultId : ''));
  return { ...session, vault: row.member_of === null ? null : { vaultId: row.member_of, latest: row.latest === null ? 0 : Number(row.latest) } };
}

/** A vault's items changed after `since`, oldest change first, as JSON bytes (changes-page.ts); 404 unless the caller is a member. */
export async function changesSince({ db }: Pick<ServerContext, 'db'>, session: PollSession, vaultId: string, since: number, limit: number): Promise<SerializedJson<ChangesPage>> {
  if (session.vault?.vaultId !== vaultId) throw noSuchVault();
  if (session.vault.latest <= since) return changesPageJson([], String(since), false);
  const rows = (await queries(db).changes(vaultId, since, limit + 1)) as PageRow[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return changesPageJson(page, String(last ? changeSeqOf(last) : since), rows.length > limit);
}
