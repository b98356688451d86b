/**
 * Password change, for a signed-in device: a new OPAQUE registration and the same account key
 * re-wrapped under the new Account Unlock Key, stored in one transaction. The Secret Key,
 * the Argon2id salt and the account key itself do not change; other sessions stay signed in.
 */
import type { FastifyInstance } from 'fastify';
import { accountRoutes } from '../../shared/server-api/account';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { deleteLoginAttempts, replacePassword } from './account-store';
import { opaqueUserIdentifier, registrationResponseFor } from './accounts';

export function registerPasswordRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now } = context;

  addRoute(app, context, accountRoutes.passwordChangeStart, async ({ body, session }) =>
    registrationResponseFor(context, opaqueUserIdentifier(session.accountId), body.registrationRequest),
  );

  addRoute(app, context, accountRoutes.passwordChangeFinish, async ({ body, session, request }) => {
    const at = now();
    // The new credential and the account key wrapped under the new password change together, or not at all.
    await db.transaction().execute(async (trx) => {
      if (!(await replacePassword(trx, session.accountId, body, at))) throw new ApiError(401, 'unauthorized', 'The account no longer exists');
      await deleteLoginAttempts(trx, session.accountId);
      await audit(trx, at, 'password.changed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return { changed: true as const };
  });
}
