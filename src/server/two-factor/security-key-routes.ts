/**
 * Security keys as a second factor: list, register (a session that passed the second factor
 * where one is required; the client has re-checked the password), use at sign-in (passes
 * the 2FA gate for this session), remove. Adding or removing a key emails the owner.
 */
import type { FastifyInstance } from 'fastify';
import { securityKeyRoutes } from '../../shared/server-api/security-keys';
import { loadAccount } from '../account/accounts';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { recoveryChecksChangedMessage, twoFactorChangedMessage } from '../mail/messages';
import { keepRecoveryChecksSetUp } from '../recovery/checks';
import type { AuthenticatedSession } from '../session/sessions';
import { markSecondFactorPassed } from '../session/second-factor';
import { deleteKey, finishRegistration, finishSecurityKeyCheck, insertKey, keysOf, keyView, startRegistration, startSecurityKeyCheck, type ChallengeBinding } from './security-keys';
import { twoFactorStatus, updateTwoFactorRequired } from './status';

export function registerSecurityKeyRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, mailer } = context;
  const binding = (purpose: ChallengeBinding['purpose'], session: AuthenticatedSession): ChallengeBinding => ({ purpose, accountId: session.accountId, subject: session.sessionId });

  addRoute(app, context, securityKeyRoutes.list, async ({ session }) => ({ keys: (await keysOf(db, session.accountId)).map(keyView) }));

  addRoute(app, context, securityKeyRoutes.registrationStart, async ({ session }) => {
    const account = await loadAccount(context, session.accountId);
    return { options: await startRegistration(context, binding('register', session), account.email) };
  });

  addRoute(app, context, securityKeyRoutes.registrationFinish, async ({ session, body, request }) => {
    const key = await finishRegistration(context, binding('register', session), { sessionId: session.sessionId, ip: request.ip }, body.name, body.response);
    const at = now();
    await db.transaction().execute(async (trx) => {
      if (!(await insertKey(trx, key))) throw new ApiError(409, 'security_key_exists', 'That security key is already registered');
      await updateTwoFactorRequired(trx, session.accountId, at);
      // This device just used the key; every other session must now pass a second factor too.
      await markSecondFactorPassed(trx, session.sessionId, at);
    });
    await audit(db, at, 'two_factor.security_key_added', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    notifyInBackground(mailer, request.log, twoFactorChangedMessage((await loadAccount(context, session.accountId)).email, { factor: 'security-key', change: 'added', name: key.name }, true));
    return { status: await twoFactorStatus(context, session, true), key: keyView(key) };
  });

  addRoute(app, context, securityKeyRoutes.authenticationStart, async ({ session }) => ({ options: await startSecurityKeyCheck(context, binding('sign-in', session)) }));

  addRoute(app, context, securityKeyRoutes.authenticationFinish, async ({ session, body, request }) => {
    await finishSecurityKeyCheck(context, binding('sign-in', session), { sessionId: session.sessionId, ip: request.ip }, body.response);
    const at = now();
    await markSecondFactorPassed(db, session.sessionId, at);
    await audit(db, at, 'two_factor.passed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return twoFactorStatus(context, session, true);
  });

  addRoute(app, context, securityKeyRoutes.remove, async ({ session, params, request }) => {
    const at = now();
    const removed = await db.transaction().execute(async (trx) => {
      const name = await deleteKey(trx, session.accountId, params.keyId);
      if (name === undefined) throw new ApiError(404, 'not_found', 'No such security key on this account');
      const stillRequired = await updateTwoFactorRequired(trx, session.accountId, at);
      // The removal rule: with the last key gone, recovery stops asking for one (email if nothing is left).
      const recoveryChecks = await keepRecoveryChecksSetUp(trx, at, { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
      return { name, stillRequired, recoveryChecks };
    });
    await audit(db, at, 'two_factor.security_key_removed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    const { email } = await loadAccount(context, session.accountId);
    notifyInBackground(mailer, request.log, twoFactorChangedMessage(email, { factor: 'security-key', change: 'removed', name: removed.name }, removed.stillRequired));
    if (removed.recoveryChecks) notifyInBackground(mailer, request.log, recoveryChecksChangedMessage(email, removed.recoveryChecks, 'factor-removed'));
    return twoFactorStatus(context, session, true);
  });
}
