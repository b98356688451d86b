/**
 * The authenticator app as a second factor: start (a pending secret), activate (with a code
 * from it: the account now requires 2FA and this session has passed it), verify (a session
 * passes the gate), disable (with a code). Every code is checked by one function, which also
 * counts it against the per-account limit and refuses a code already used. Turning the app
 * off leaves two-step verification on while the account has a security key.
 */
import type { FastifyInstance } from 'fastify';
import { twoFactorRoutes } from '../../shared/server-api/two-factor';
import { audit } from '../audit/audit';
import { loadAccount } from '../account/accounts';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { recoveryChecksChangedMessage, twoFactorChangedMessage } from '../mail/messages';
import { keepRecoveryChecksSetUp } from '../recovery/checks';
import type { AuthenticatedSession } from '../session/sessions';
import { markSecondFactorPassed } from '../session/second-factor';
import { twoFactorStatus, updateTwoFactorRequired } from './status';
import { newTotpSecret, sealTotpSecret, totpUri } from './totp';
import { acceptTotpCode, activateTotpFactor, deleteTotpFactor, replaceTotpFactor, totpFactorOf, type TotpFactor } from './totp-codes';

export function registerTwoFactorRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, secrets, mailer } = context;

  const factorOf = (accountId: string, state: TotpFactor['state']) => totpFactorOf(context, accountId, state);

  const statusOf = (session: AuthenticatedSession, passed?: boolean) => twoFactorStatus(context, session, passed);

  const acceptCode = (session: AuthenticatedSession, factor: TotpFactor | undefined, code: string, ip: string) =>
    acceptTotpCode(context, factor, { accountId: session.accountId, sessionId: session.sessionId, ip }, code);

  addRoute(app, context, twoFactorRoutes.status, async ({ session }) => statusOf(session));

  addRoute(app, context, twoFactorRoutes.totpStart, async ({ session, request }) => {
    if (await factorOf(session.accountId, 'active')) throw new ApiError(409, 'two_factor_enabled', 'An authenticator app is already set up: turn it off first to set up another');
    const account = await loadAccount(context, session.accountId);
    const secret = newTotpSecret();
    const at = now();
    await db.transaction().execute(async (trx) => {
      await replaceTotpFactor(trx, { account_id: session.accountId, state: 'pending', sealed_secret: sealTotpSecret(secrets.totpKey, session.accountId, secret), last_used_step: null, created_at: at, activated_at: null });
    });
    await audit(db, at, 'two_factor.totp_started', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return { secret, otpauthUri: totpUri(secret, account.email) };
  });

  addRoute(app, context, twoFactorRoutes.totpActivate, async ({ session, body, request }) => {
    const pending = await factorOf(session.accountId, 'pending');
    if (!pending) throw new ApiError(404, 'not_found', 'No authenticator is being set up: start again');
    await acceptCode(session, pending, body.code, request.ip);
    const at = now();
    await db.transaction().execute(async (trx) => {
      await activateTotpFactor(trx, session.accountId, at);
      await updateTwoFactorRequired(trx, session.accountId, at);
      // This device just proved it has the app; every other session must now pass it too.
      await markSecondFactorPassed(trx, session.sessionId, at);
    });
    await audit(db, at, 'two_factor.totp_enabled', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    notifyInBackground(mailer, request.log, twoFactorChangedMessage((await loadAccount(context, session.accountId)).email, { factor: 'authenticator', change: 'enabled' }, true));
    return statusOf(session, true);
  });

  addRoute(app, context, twoFactorRoutes.totpVerify, async ({ session, body, request }) => {
    const active = await factorOf(session.accountId, 'active');
    if (!active) return statusOf(session);
    await acceptCode(session, active, body.code, request.ip);
    const at = now();
    await markSecondFactorPassed(db, session.sessionId, at);
    await audit(db, at, 'two_factor.passed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return statusOf(session, true);
  });

  addRoute(app, context, twoFactorRoutes.totpDisable, async ({ session, body, request }) => {
    const active = await factorOf(session.accountId, 'active');
    if (!active) throw new ApiError(404, 'not_found', 'No authenticator app is set up');
    await acceptCode(session, active, body.code, request.ip);
    const at = now();
    const { stillRequired, recoveryChecks } = await db.transaction().execute(async (trx) => {
      await deleteTotpFactor(trx, session.accountId);
      // Security keys, if any, keep two-step verification on.
      const stillRequired = await updateTwoFactorRequired(trx, session.accountId, at);
      // The removal rule: the recovery checks stop naming the app (email if nothing is left).
      const recoveryChecks = await keepRecoveryChecksSetUp(trx, at, { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
      return { stillRequired, recoveryChecks };
    });
    await audit(db, at, 'two_factor.totp_disabled', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    const { email } = await loadAccount(context, session.accountId);
    notifyInBackground(mailer, request.log, twoFactorChangedMessage(email, { factor: 'authenticator', change: 'disabled' }, stillRequired));
    if (recoveryChecks) notifyInBackground(mailer, request.log, recoveryChecksChangedMessage(email, recoveryChecks, 'factor-removed'));
    return statusOf(session, true);
  });
}
