/**
 * Signed-in devices: list them, sign this one out, sign another one out or all the others.
 * Signing others out is an account-security change (the 2FA gate and a step-up token, in the
 * route definitions); ending one's own session only gives access up, so it needs neither.
 */
import type { FastifyInstance } from 'fastify';
import { sessionRoutes } from '../../shared/server-api/session';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { listSessions } from './sessions';

export function registerSessionRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now } = context;

  addRoute(app, context, sessionRoutes.list, async ({ session }) => ({ devices: await listSessions(context, session) }));

  addRoute(app, context, sessionRoutes.signOutThis, async ({ session, request }) => {
    await db.deleteFrom('sessions').where('id', '=', session.sessionId).execute();
    await audit(db, now(), 'session.signed_out', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return { signedOut: 1 as const };
  });

  addRoute(app, context, sessionRoutes.signOutOne, async ({ session, params, request }) => {
    const result = await db.deleteFrom('sessions').where('id', '=', params.sessionId).where('account_id', '=', session.accountId).executeTakeFirst();
    const signedOut = Number(result.numDeletedRows);
    if (signedOut === 0) throw new ApiError(404, 'not_found', 'No such signed-in device on this account');
    await audit(db, now(), 'session.signed_out', { accountId: session.accountId, sessionId: params.sessionId, ip: request.ip });
    return { signedOut };
  });

  addRoute(app, context, sessionRoutes.signOutOthers, async ({ session, request }) => {
    const result = await db.deleteFrom('sessions').where('account_id', '=', session.accountId).where('id', '<>', session.sessionId).executeTakeFirst();
    await audit(db, now(), 'session.signed_out_others', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return { signedOut: Number(result.numDeletedRows) };
  });
}
