/**
 * The step-up (src/shared/server-api/step-up.ts): a fresh OPAQUE login by a signed-in
 * session, plus the second factor where the account has two-step verification and this
 * session has not passed it yet, makes a
 * single-use token that one account-security change uses up (session/step-up-tokens.ts).
 * Starts are counted per account, as a wrong password can be tested against each.
 */
import type { FastifyInstance } from 'fastify';
import { opaqueServerFinishLogin, opaqueServerStartLogin } from '../../shared/crypto/opaque-server';
import { STEP_UP_TTL_SECONDS, stepUpRoutes } from '../../shared/server-api/step-up';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { randomToken, tokenHash } from '../security/tokens';
import { markSecondFactorPassed } from '../session/second-factor';
import type { AuthenticatedSession } from '../session/sessions';
import { insertStartedStepUp, insertStepUpToken, takeStartedStepUp } from '../session/step-up-tokens';
import { finishSecurityKeyCheck, startSecurityKeyCheck, type ChallengeBinding } from '../two-factor/security-keys';
import { twoFactorStatus } from '../two-factor/status';
import { acceptTotpCode, totpFactorOf } from '../two-factor/totp-codes';
import { loadAccount, opaqueStep, opaqueUserIdentifier } from './accounts';

const ttlMs = STEP_UP_TTL_SECONDS * 1000;

export function registerStepUpRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, secrets } = context;
  const keyBinding = (session: AuthenticatedSession): ChallengeBinding => ({ purpose: 'step-up', accountId: session.accountId, subject: session.sessionId });

  addRoute(app, context, stepUpRoutes.start, async ({ body, session }) => {
    const account = await loadAccount(context, session.accountId);
    const { serverLoginState, loginResponse } = opaqueStep('startLoginRequest', () =>
      opaqueServerStartLogin({ serverSetup: secrets.opaqueServerSetup, userIdentifier: opaqueUserIdentifier(account.id), registrationRecord: account.opaque_record, startLoginRequest: body.startLoginRequest }),
    );
    const at = now();
    await consumeRateLimit(db, at, rateLimits.stepUpPerAccount, account.id);
    const stepUpId = randomToken(32);
    await db.transaction().execute(async (trx) => {
      await insertStartedStepUp(trx, { id_hash: tokenHash(stepUpId), account_id: account.id, session_id: session.sessionId, server_login_state: serverLoginState, token_hash: null, expires_at: at + ttlMs }, at);
    });
    // A session that has not passed the account's second factor gives it here, with the password.
    const status = await twoFactorStatus(context, session);
    const needed = status.required && !session.secondFactorPassed;
    return {
      stepUpId,
      loginResponse,
      secondFactor: { authenticator: needed && status.totp.enabledAt !== null, securityKey: needed && status.securityKeys > 0 },
      expiresInSeconds: STEP_UP_TTL_SECONDS,
    };
  });

  addRoute(app, context, stepUpRoutes.securityKey, async ({ session }) => ({ options: await startSecurityKeyCheck(context, keyBinding(session)) }));

  addRoute(app, context, stepUpRoutes.finish, async ({ body, session, request }) => {
    const at = now();
    const who = { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip };
    // The started step-up is used up by this answer, whatever it says.
    const started = await takeStartedStepUp(db, tokenHash(body.stepUpId), session.sessionId);
    if (!started?.server_login_state || toMillis(started.expires_at) <= at) throw new ApiError(400, 'login_expired', 'This confirmation has expired or was already used: start again');
    try {
      opaqueServerFinishLogin({ serverLoginState: started.server_login_state, finishLoginRequest: body.finishLoginRequest });
    } catch {
      await audit(db, at, 'step_up.failed', who);
      throw new ApiError(400, 'invalid_credentials', 'That password is not right');
    }
    const account = await loadAccount(context, session.accountId);
    const twoFactor = Number(account.two_factor_required) === 1;
    // A second factor given is always checked; one is required from a session that has not passed it.
    if (twoFactor && body.code !== undefined) await acceptTotpCode(context, await totpFactorOf(context, account.id, 'active'), who, body.code);
    else if (twoFactor && body.securityKey !== undefined) await finishSecurityKeyCheck(context, keyBinding(session), who, body.securityKey);
    else if (twoFactor && !session.secondFactorPassed) {
      throw new ApiError(403, 'second_factor_required', 'This device has not passed two-step verification: give a code from the authenticator app or use a security key, with the password');
    }
    const stepUpToken = randomToken(32);
    await db.transaction().execute(async (trx) => {
      await insertStepUpToken(trx, { id_hash: tokenHash(randomToken(32)), account_id: account.id, session_id: session.sessionId, server_login_state: null, token_hash: tokenHash(stepUpToken), expires_at: at + ttlMs });
      // The second factor was given or had been passed: this session has passed it, as at sign-in.
      if (twoFactor) await markSecondFactorPassed(trx, session.sessionId, at);
      await audit(trx, at, 'step_up.succeeded', who);
    });
    return { stepUpToken, expiresInSeconds: STEP_UP_TTL_SECONDS };
  });
}
