/**
 * The audit log, as its owner sees it: the account's own security events, newest first, a
 * page at a time. The cursor is the last event's time and id ("<at>.<id>"), so pages are
 * stable while new events arrive. Events never hold a secret (see src/server/audit).
 */
import type { FastifyInstance } from 'fastify';
import { AUDIT_PAGE_MAX, recoveryRoutes } from '../../shared/server-api/recovery';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';

const DEFAULT_PAGE = 50;

export function registerAuditRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;

  addRoute(app, context, recoveryRoutes.auditLog, async ({ session, query }) => {
    const limit = query.limit === undefined ? DEFAULT_PAGE : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) throw new ApiError(400, 'invalid_request', `query.limit must be a number from 1 to ${AUDIT_PAGE_MAX}`);
    let select = db
      .selectFrom('audit_events')
      .select(['id', 'at', 'event', 'session_id', 'ip'])
      .where('account_id', '=', session.accountId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (query.before) {
      const dot = query.before.indexOf('.');
      const beforeAt = Number(query.before.slice(0, dot));
      const beforeId = query.before.slice(dot + 1);
      select = select.where((eb) => eb.or([eb('at', '<', beforeAt), eb.and([eb('at', '=', beforeAt), eb('id', '<', beforeId)])]));
    }
    const rows = await select.execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page.map((row) => ({ id: row.id, at: new Date(toMillis(row.at)).toISOString(), event: row.event, sessionId: row.session_id, ip: row.ip })),
      next: rows.length > limit && last ? `${toMillis(last.at)}.${last.id}` : null,
    };
  });
}
