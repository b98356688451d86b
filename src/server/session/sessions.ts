/**
 * Sessions: a random 256-bit bearer token per signed-in device. The database keeps only its
 * SHA-256. A session ends when signed out, when idle too long, or at its absolute lifetime.
 */
import type { InferResult, Kysely } from 'kysely';
import type { DeviceSession } from '../../shared/server-api/session';
import type { ServerContext } from '../context';
import { preparedPerDatabase, prepareRow } from '../database/prepared';
import { toMillis, type DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { randomToken, tokenHash } from '../security/tokens';
import { hasPassedSecondFactor } from './second-factor';

export interface AuthenticatedSession {
  sessionId: string;
  accountId: string;
  /** False while the account requires 2FA and this session has not passed it (see second-factor.ts). */
  secondFactorPassed: boolean;
}

export async function createSession(
  { db, now }: Pick<ServerContext, 'db' | 'now'>,
  accountId: string,
  device: { name: string; platform: string },
): Promise<{ sessionId: string; sessionToken: string }> {
  const sessionToken = randomToken(32);
  const sessionId = randomToken(16);
  const at = now();
  await db
    .insertInto('sessions')
    .values({ id: sessionId, token_hash: tokenHash(sessionToken), account_id: accountId, device_name: device.name, platform: device.platform, created_at: at, last_used_at: at })
    .execute();
  return { sessionId, sessionToken };
}

/** How stale `last_used_at` may get before a request refreshes it. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

type Db = Kysely<DatabaseSchema>;

/**
 * The session behind a token's hash, with what its checks need. A hot route may join more onto
 * this query, to have its answer in the same database round trip (vault/sync-poll.ts).
 */
export const sessionQuery = (db: Db, hash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['sessions.id', 'sessions.account_id', 'sessions.created_at', 'sessions.last_used_at', 'sessions.second_factor_verified_at', 'accounts.two_factor_required'])
    .where('sessions.token_hash', '=', hash);

type SessionRow = InferResult<ReturnType<typeof sessionQuery>>[number];

// Every authenticated request starts here, so the lookup is compiled once (see prepared.ts).
const sessionByToken = preparedPerDatabase((db) => prepareRow(db, (hash: string) => sessionQuery(db, hash)));

const unauthorized = () => new ApiError(401, 'unauthorized', 'Sign in first: this request needs a valid session token (Authorization: Bearer)');

/** Resolves `Authorization: Bearer <token>` to a live session, and marks it used. */
export async function authenticate(context: ServerContext, header: string | undefined): Promise<AuthenticatedSession> {
  return (await authenticateBy(context, header, sessionByToken(context.db))).session;
}

/**
 * The same, where `lookup` runs `sessionQuery` with more joined onto it: the session is checked
 * here all the same (every request reads it afresh, so an ended session is refused at once), and
 * the caller gets the rest of its row.
 */
export async function authenticateBy<Row extends SessionRow>(
  { db, now, policy }: ServerContext,
  header: string | undefined,
  lookup: (hash: string) => Promise<Row | undefined>,
): Promise<{ session: AuthenticatedSession; row: Row }> {
  const match = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(header ?? '');
  if (!match?.[1]) throw unauthorized();
  const row = await lookup(tokenHash(match[1]));
  if (!row) throw unauthorized();
  const at = now();
  if (at - toMillis(row.last_used_at) > policy.sessionIdleMs || at - toMillis(row.created_at) > policy.sessionAbsoluteMs) {
    await db.deleteFrom('sessions').where('id', '=', row.id).execute();
    throw new ApiError(401, 'unauthorized', 'The session has expired: sign in again');
  }
  // At most one write a minute per session: reads (a sync poll) stay reads. The idle limit is days.
  if (at - toMillis(row.last_used_at) >= SESSION_TOUCH_INTERVAL_MS) await db.updateTable('sessions').set({ last_used_at: at }).where('id', '=', row.id).execute();
  return { session: { sessionId: row.id, accountId: row.account_id, secondFactorPassed: hasPassedSecondFactor(row.two_factor_required, row.second_factor_verified_at) }, row };
}

export async function listSessions({ db, now, policy }: ServerContext, current: AuthenticatedSession): Promise<DeviceSession[]> {
  const at = now();
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'device_name', 'platform', 'created_at', 'last_used_at'])
    .where('account_id', '=', current.accountId)
    .where('last_used_at', '>=', at - policy.sessionIdleMs)
    .where('created_at', '>=', at - policy.sessionAbsoluteMs)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((row) => ({
    sessionId: row.id,
    deviceName: row.device_name,
    platform: row.platform as DeviceSession['platform'],
    createdAt: new Date(toMillis(row.created_at)).toISOString(),
    lastUsedAt: new Date(toMillis(row.last_used_at)).toISOString(),
    current: row.id === current.sessionId,
  }));
}
