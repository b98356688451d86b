/**
 * The authenticator app as a second factor: start (a pending secret), activate (with a code
 * from it: the account now requires 2FA and this session has passed it), verify (a session
 * passes the gate), disable (with a code). Every code is checked by one function, which also
 * counts it against the per-account limit and refuses a code already used. Turning the app
 * off leaves two-step verification on while the account has a security key.
 */
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { twoFactorRoutes } from '../../shared/server-api/two-factor';
import { audit } from '../audit/audit';
import { loadAccount } from '../account/accounts';
import type { ServerContext } from '../context';
import type { DatabaseSchema } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { twoFactorChangedMessage } from '../mail/messages';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import type { AuthenticatedSession } from '../session/sessions';
import { twoFactorStatus, updateTwoFactorRequired } from './status';
import { newTotpSecret, openTotpSecret, sealTotpSecret, totpStepOf, totpUri } from './totp';

type TotpFactor = Selectable<DatabaseSchema['totp_factors']>;

export function registerTwoFactorRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, secrets, mailer } = context;

  const factorOf = (accountId: string, state: TotpFactor['state']) =>
    db.selectFrom('totp_factors').selectAll().where('account_id', '=', accountId).where('state', '=', state).executeTakeFirst();

  const statusOf = (session: AuthenticatedSession, passed?: boolean) => twoFactorStatus(context, session, passed);

  /**
   * Accepts `code` for `factor` once: counted against the account's limit, then matched
   * within a step of now, later than the last code used. The step is recorded with a
   * compare-and-set, so two server instances cannot both accept the same code.
   */
  async function acceptCode(session: AuthenticatedSession, factor: TotpFactor | undefined, code: string, ip: string): Promise<void> {
    const at = now();
    await consumeRateLimit(db, at, rateLimits.totpPerAccount, session.accountId);
    const usedStep = factor?.last_used_step === null || factor?.last_used_step === undefined ? null : Number(factor.last_used_step);
    const step = factor ? await totpStepOf(openTotpSecret(secrets.totpKey, session.accountId, factor.sealed_secret), code, at, usedStep) : null;
    const recorded =
      factor && step !== null
        ? await db
            .updateTable('totp_factors')
            .set({ last_used_step: step })
            .where('account_id', '=', session.accountId)
            .where('state', '=', factor.state)
            .where((where) => (usedStep === null ? where('last_used_step', 'is', null) : where('last_used_step', '=', usedStep)))
            .executeTakeFirst()
        : null;
    if (!recorded || Number(recorded.numUpdatedRows) !== 1) {
      await audit(db, at, 'two_factor.failed', { accountId: session.accountId, sessionId: session.sessionId, ip });
      throw new ApiError(400, 'invalid_code', 'That code is not right, or was already used: enter the code your authenticator app shows now');
    }
  }

  addRoute(app, context, twoFactorRoutes.status, async ({ session }) => statusOf(session));

  addRoute(app, context, twoFactorRoutes.totpStart, async ({ session, request }) => {
    if (await factorOf(session.accountId, 'active')) throw new ApiError(409, 'two_factor_enabled', 'An authenticator app is already set up: turn it off first to set up another');
    const account = await loadAccount(context, session.accountId);
    const secret = newTotpSecret();
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('totp_factors').where('account_id', '=', session.accountId).execute();
      await trx.insertInto('totp_factors').values({ account_id: session.accountId, state: 'pending', sealed_secret: sealTotpSecret(secrets.totpKey, session.accountId, secret), last_used_step: null, created_at: at, activated_at: null }).execute();
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
      await trx.updateTable('totp_factors').set({ state: 'active', activated_at: at }).where('account_id', '=', session.accountId).execute();
      await updateTwoFactorRequired(trx, session.accountId, at);
      // This device just proved it has the app; every other session must now pass it too.
      await trx.updateTable('sessions').set({ second_factor_verified_at: at }).where('id', '=', session.sessionId).execute();
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
    await db.updateTable('sessions').set({ second_factor_verified_at: at }).where('id', '=', session.sessionId).execute();
    await audit(db, at, 'two_factor.passed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return statusOf(session, true);
  });

  addRoute(app, context, twoFactorRoutes.totpDisable, async ({ session, body, request }) => {
    const active = await factorOf(session.accountId, 'active');
    if (!active) throw new ApiError(404, 'not_found', 'No authenticator app is set up');
    await acceptCode(session, active, body.code, request.ip);
    const at = now();
    const stillRequired = await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('totp_factors').where('account_id', '=', session.accountId).execute();
      // Security keys, if any, keep two-step verification on.
      return updateTwoFactorRequired(trx, session.accountId, at);
    });
    await audit(db, at, 'two_factor.totp_disabled', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    notifyInBackground(mailer, request.log, twoFactorChangedMessage((await loadAccount(context, session.accountId)).email, { factor: 'authenticator', change: 'disabled' }, stillRequired));
    return statusOf(session, true);
  });
}
