/**
 * The audit log, as its owner sees it: the account's own security events, newest first, a
 * page at a time. The cursor is the last event's time and id ("<at>.<id>"), so pages are
 * stable while new events arrive. Events never hold a secret (see src/server/audit).
 */
import type { FastifyInstance } from 'fastify';
import { AUDIT_PAGE_MAX, recoveryRoutes } from '../../shared/server-api/recovery';
import { auditEventsOf } from '../audit/audit';
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
    const dot = query.before?.indexOf('.') ?? -1;
    const before = query.before ? { at: Number(query.before.slice(0, dot)), id: query.before.slice(dot + 1) } : undefined;
    // One more than the page, to know whether there is a next one.
    const rows = await auditEventsOf(db, session.accountId, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page.map((row) => ({ id: row.id, at: new Date(toMillis(row.at)).toISOString(), event: row.event, sessionId: row.session_id, ip: row.ip })),
      next: rows.length > limit && last ? `${toMillis(last.at)}.${last.id}` : null,
    };
  });
}
