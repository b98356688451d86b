/**
 * Sign-in with OPAQUE. The parameters and login start answer the same way for an email
 * without an account (default parameters and a stable keyed-hash salt; a fake OPAQUE
 * response from the library). Login start is rate-limited (rate-limit/start-limits.ts): with
 * OPAQUE the client can test a password against the start response alone, so it is the start
 * that is counted. A successful sign-in that asks for one gets a device token (device-tokens.ts).
 */
import type { FastifyInstance } from 'fastify';
import { opaqueServerFinishLogin, opaqueServerStartLogin } from '../../shared/crypto/opaque-server';
import { accountRoutes } from '../../shared/server-api/account';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { loginStartLimits } from '../rate-limit/start-limits';
import { randomToken } from '../security/tokens';
import { createSession } from '../session/sessions';
import { consumeStart, issueDeviceToken } from './device-tokens';
import { accountByEmail, insertLoginAttempt, takeLoginAttempt } from './account-store';
import { accountStateOf, canonicalEmail, fakeKdf, fakeOpaqueUserIdentifier, kdfOf, loadAccount, opaqueStep, opaqueUserIdentifier } from './accounts';

export function registerLoginRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, policy, secrets } = context;

  // The client needs the parameters first: its OPAQUE password is derived with them.
  addRoute(app, context, accountRoutes.loginParameters, async ({ body }) => {
    const email = canonicalEmail(body.email);
    const account = await accountByEmail(db, email);
    return { kdf: account ? kdfOf(account) : fakeKdf(context, email) };
  });

  addRoute(app, context, accountRoutes.loginStart, async ({ body, request }) => {
    const email = canonicalEmail(body.email);
    const account = await accountByEmail(db, email);
    const { serverLoginState, loginResponse } = opaqueStep('startLoginRequest', () =>
      opaqueServerStartLogin({
        serverSetup: secrets.opaqueServerSetup,
        userIdentifier: account ? opaqueUserIdentifier(account.id) : fakeOpaqueUserIdentifier(context, email),
        registrationRecord: account?.opaque_record ?? null,
        startLoginRequest: body.startLoginRequest,
      }),
    );
    const at = now();
    const deviceTokenHash = await consumeStart(context, at, loginStartLimits, { email, accountId: account?.id ?? null, ip: request.ip, deviceToken: body.deviceToken });
    const loginId = randomToken(32);
    const attempt = { id: loginId, email, account_id: account?.id ?? null, server_login_state: serverLoginState, expires_at: at + policy.loginAttemptTtlMs, device_token_hash: deviceTokenHash };
    await insertLoginAttempt(db, attempt, at);
    return { loginId, loginResponse };
  });

  addRoute(app, context, accountRoutes.loginFinish, async ({ body, request }) => {
    const at = now();
    const attempt = await takeLoginAttempt(db, body.loginId);
    if (!attempt || toMillis(attempt.expires_at) <= at) {
      throw new ApiError(401, 'login_expired', 'This sign-in attempt has expired or was already used: start again');
    }
    let verified = false;
    if (attempt.account_id) {
      try {
        opaqueServerFinishLogin({ serverLoginState: attempt.server_login_state, finishLoginRequest: body.finishLoginRequest });
        verified = true;
      } catch {
        verified = false;
      }
    }
    if (!verified || !attempt.account_id) {
      await audit(db, at, 'login.failed', { accountId: attempt.account_id, email: attempt.email, ip: request.ip });
      throw new ApiError(401, 'invalid_credentials', 'Sign-in failed: the email, account password or Secret Key is wrong');
    }
    const account = await loadAccount(context, attempt.account_id);
    const { sessionId, sessionToken } = await createSession(context, account.id, body.device);
    await audit(db, at, 'login.succeeded', { accountId: account.id, email: account.email, sessionId, ip: request.ip });
    const deviceToken = body.issueDeviceToken ? { deviceToken: await issueDeviceToken(db, at, account.id, attempt.device_token_hash) } : {};
    return { sessionToken, sessionId, account: accountStateOf(account), ...deviceToken };
  });

  addRoute(app, context, accountRoutes.account, async ({ session }) => accountStateOf(await loadAccount(context, session.accountId)));
}
