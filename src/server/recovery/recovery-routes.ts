/**
 * Account recovery with a recovery code, for a user who cannot sign in. Strictly in order,
 * each step bound to a server-side attempt (recovery_attempts, keyed by the SHA-256 of a
 * random attempt id) and moved on by one conditional update, so a step cannot be skipped,
 * repeated or raced:
 *
 *   start   'login'    OPAQUE login start against the active recovery record
 *   prove   'check'    OPAQUE finish; on success the identity checks the owner allows
 *                      (checks.ts), and a verification code emailed only if email is one
 *   verify  'verified' one allowed check → the recovery-wrapped key, keyset, a recovery token
 *   reset   'reset'    the token → a new account credential; every session ends (reset-routes.ts)
 *   second factor (deleted)  only after the authenticator check: the new session presents
 *                      the used token once and counts as having passed the second factor
 *
 * An unknown email, an account without a code and a wrong code answer alike (the library's
 * fake OPAQUE response, the same failure), and do the same work before answering: notices to
 * the owner go out in the background, so they do not change the response time.
 */
import type { FastifyInstance } from 'fastify';
import { opaqueServerFinishLogin, opaqueServerStartLogin } from '../../shared/crypto/opaque-server';
import { EMAIL_CODE_DIGITS } from '../../shared/server-api/account';
import { totpCode } from '../../shared/server-api/two-factor';
import { recoveryRoutes, type RecoveryCheckKind } from '../../shared/server-api/recovery';
import { canonicalEmail, findAccount, kdfOf, opaqueStep } from '../account/accounts';
import { consumeStart } from '../account/device-tokens';
import { issueEmailCode, verifyEmailCode } from '../account/email-codes';
import { audit, type AuditEvent } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { recoveryCodeMessage, recoveryFailedMessage, recoveryUnderWayMessage, type RecoveryFailure } from '../mail/messages';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { recoveryStartLimits } from '../rate-limit/start-limits';
import { keyedHash, randomToken, tokenHash } from '../security/tokens';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { finishSecurityKeyCheck, startSecurityKeyCheck, type ChallengeBinding } from '../two-factor/security-keys';
import { acceptTotpCode, totpFactorOf } from '../two-factor/totp-codes';
import { parseRecoveryChecks, recoveryChecksOf } from './checks';
import { recoveryUserIdentifier } from './credentials';
import { accountWithActiveCode, activeWrappedKey, attemptById, claimForProof, deleteAttempt, insertAttempt, moveToCheck, moveToVerified } from './recovery-store';

/** "a•••e@example.com": enough for the user to recognise the address, not to learn it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const masked = local.length <= 2 ? `${local.slice(0, 1)}•••` : `${local.slice(0, 1)}•••${local.slice(-1)}`;
  return `${masked}@${domain}`;
}

const attemptExpired = () => new ApiError(401, 'recovery_expired', 'This recovery attempt has expired, was already used, or is not at this step: start again');
const recoveryFailed = () => new ApiError(401, 'invalid_credentials', 'Recovery failed: the email or the recovery code is wrong');

export function registerRecoveryFlowRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, policy, secrets, mailer } = context;

  addRoute(app, context, recoveryRoutes.start, async ({ body, request }) => {
    const email = canonicalEmail(body.email);
    const found = await accountWithActiveCode(db, email);
    const credential = found?.credentialId && found.record ? { id: found.credentialId, record: found.record } : null;
    const { serverLoginState, loginResponse } = opaqueStep('startLoginRequest', () =>
      opaqueServerStartLogin({
        serverSetup: secrets.opaqueServerSetup,
        // Without a code (or an account), a stable identifier of the email, so repeated starts answer consistently.
        userIdentifier: credential && found ? recoveryUserIdentifier(found.accountId) : fakeRecoveryIdentifier(context, email),
        registrationRecord: credential?.record ?? null,
        startLoginRequest: body.startLoginRequest,
      }),
    );
    const at = now();
    // With OPAQUE a client can test a code against the start response alone: count the starts.
    await consumeStart(context, at, recoveryStartLimits, { email, accountId: found?.accountId ?? null, ip: request.ip, deviceToken: body.deviceToken });
    const attemptId = randomToken(32);
    await insertAttempt(
      db,
      {
        id_hash: tokenHash(attemptId),
        email,
        account_id: found?.accountId ?? null,
        credential_id: credential?.id ?? null,
        stage: 'login',
        server_login_state: serverLoginState,
        token_hash: null,
        created_at: at,
        expires_at: at + policy.loginAttemptTtlMs,
      },
      at,
    );
    await audit(db, at, 'recovery.started', { accountId: found?.accountId ?? null, email, ip: request.ip });
    return { attemptId, loginResponse };
  });

  addRoute(app, context, recoveryRoutes.prove, async ({ body, request }) => {
    const at = now();
    const idHash = tokenHash(body.attemptId);
    const attempt = await attemptById(db, idHash);
    // Claim the attempt: only one proof per start, and only from the 'login' stage.
    const claimed = attempt ? await claimForProof(db, idHash, at) : false;
    if (!attempt?.server_login_state || !claimed) throw attemptExpired();
    let verified = false;
    try {
      // Run the library's check in every case (it fails on a fake response), so the work done is the same.
      opaqueServerFinishLogin({ serverLoginState: attempt.server_login_state, finishLoginRequest: body.finishLoginRequest });
      verified = attempt.credential_id !== null && attempt.account_id !== null;
    } catch {
      verified = false;
    }
    if (!verified || !attempt.account_id) {
      await deleteAttempt(db, idHash);
      await audit(db, at, 'recovery.proof_failed', { accountId: attempt.account_id, email: attempt.email, ip: request.ip });
      if (attempt.account_id) notifyInBackground(mailer, request.log, recoveryFailedMessage(attempt.email, attempt.credential_id ? 'wrong-recovery-code' : 'no-recovery-code'));
      throw recoveryFailed();
    }
    const accountId = attempt.account_id;
    const checks = await recoveryChecksOf(db, accountId);
    const byEmail = checks.includes('email');
    if (byEmail) {
      const code = await issueEmailCode(context, attempt.email, 'recovery');
      try {
        await mailer.send(recoveryCodeMessage(attempt.email, code, Math.round(policy.emailCodeTtlMs / 60_000)));
      } catch (error) {
        await deleteAttempt(db, idHash);
        request.log.error({ errorName: (error as Error).name, mail: mailer.description }, 'could not send the recovery email');
        throw new ApiError(503, 'mail_unavailable', 'The server could not send the email: try again later');
      }
    } else {
      // No code to send, but the owner still hears of the attempt.
      notifyInBackground(mailer, request.log, recoveryUnderWayMessage(attempt.email));
    }
    await db.transaction().execute(async (trx) => {
      // The newest proof wins: an earlier attempt of the same account cannot go on with this code.
      await moveToCheck(trx, idHash, accountId, checks, at + policy.emailCodeTtlMs);
      await audit(trx, at, byEmail ? 'recovery.email_sent' : 'recovery.code_proved', { accountId, email: attempt.email, ip: request.ip });
    });
    // A security key answers a challenge bound to this attempt (single use, like the emailed code).
    const securityKey = checks.includes('securityKey') ? { securityKey: await startSecurityKeyCheck(context, recoveryKeyBinding(accountId, idHash)) } : {};
    return { checks, sentTo: byEmail ? maskEmail(attempt.email) : null, codeDigits: EMAIL_CODE_DIGITS, expiresInSeconds: Math.round(policy.emailCodeTtlMs / 1000), ...securityKey };
  });

  addRoute(app, context, recoveryRoutes.verify, async ({ body, request }) => {
    const idHash = tokenHash(body.attemptId);
    const attempt = await attemptById(db, idHash);
    if (!attempt || attempt.stage !== 'check' || toMillis(attempt.expires_at) <= now() || !attempt.account_id || !attempt.credential_id) throw attemptExpired();
    const accountId = attempt.account_id;
    const credentialId = attempt.credential_id;
    if (!parseRecoveryChecks(attempt.checks).includes(body.check)) {
      await audit(db, now(), 'recovery.check_refused', { accountId, email: attempt.email, ip: request.ip });
      throw new ApiError(403, 'check_not_allowed', 'This account does not allow that identity check for recovery: use one of the checks the server offered');
    }
    const { check } = body;
    /** The check to run, with what it needs read first: a missing code or answer is a 400 that counts nothing. */
    const checkToRun = (): (() => Promise<unknown>) => {
      if (check === 'securityKey') {
        const response = responseFor(body.response);
        return () => finishSecurityKeyCheck(context, recoveryKeyBinding(accountId, idHash), { sessionId: null, ip: request.ip }, response);
      }
      const code = codeFor(check, body.code);
      if (check === 'email') return () => verifyEmailCode(context, attempt.email, 'recovery', code);
      // The same checks as at sign-in: the per-account limits, each code or signature once.
      return async () => acceptTotpCode(context, await totpFactorOf(context, accountId, 'active'), { accountId, sessionId: null, ip: request.ip }, code);
    };
    const runCheck = checkToRun();
    await consumeRateLimit(db, now(), rateLimits.recoveryVerifyPerEmail, attempt.email);
    try {
      await runCheck();
    } catch (error) {
      await audit(db, now(), checkFailed[check].event, { accountId, email: attempt.email, ip: request.ip });
      notifyInBackground(mailer, request.log, recoveryFailedMessage(attempt.email, checkFailed[check].failure));
      throw error;
    }
    const at = now();
    const recoveryToken = randomToken(32);
    const result = await db.transaction().execute(async (trx) => {
      if (!(await moveToVerified(trx, idHash, check, tokenHash(recoveryToken), at + policy.recoveryTokenTtlMs))) throw attemptExpired();
      const account = await findAccount({ db: trx }, accountId);
      const wrappedKey = await activeWrappedKey(trx, credentialId);
      // The code was replaced or deleted since it was proved: this attempt cannot go on.
      if (!account || !wrappedKey) throw attemptExpired();
      await audit(trx, at, checkPassed[check], { accountId, email: attempt.email, ip: request.ip });
      return { account, wrappedKey };
    });
    const { account, wrappedKey } = result;
    return {
      recoveryToken,
      expiresInSeconds: Math.round(policy.recoveryTokenTtlMs / 1000),
      // Only what re-wrapping the account key needs: never a vault, a vault key or an item.
      account: {
        accountId: account.id,
        email: account.email,
        kdf: kdfOf(account),
        recoveryWrappedAccountKey: wrappedKey,
        publicKeys: { x25519: account.public_key_x25519, ed25519: account.public_key_ed25519 },
        encryptedKeyset: account.encrypted_keyset,
      },
    };
  });
}

/** A security key's challenge in recovery is bound to the attempt (by its id's hash), not to a session. */
const recoveryKeyBinding = (accountId: string, attemptIdHash: string): ChallengeBinding => ({ purpose: 'recovery', accountId, subject: attemptIdHash });

const checkFailed: Record<RecoveryCheckKind, { event: AuditEvent; failure: RecoveryFailure }> = {
  email: { event: 'recovery.email_code_failed', failure: 'wrong-email-code' },
  authenticator: { event: 'recovery.authenticator_failed', failure: 'wrong-authenticator-code' },
  securityKey: { event: 'recovery.security_key_failed', failure: 'security-key-refused' },
};
const checkPassed: Record<RecoveryCheckKind, AuditEvent> = { email: 'recovery.email_verified', authenticator: 'recovery.authenticator_verified', securityKey: 'recovery.security_key_verified' };

/** The assertion the security-key check needs. */
function responseFor(response: AuthenticationResponseJSON | undefined): AuthenticationResponseJSON {
  if (!response) throw new ApiError(400, 'invalid_request', "response: use your security key (the answer to the server's challenge)");
  return response;
}

/** The code a check needs, or 400 before anything is counted (bad input changes nothing). */
function codeFor(check: Exclude<RecoveryCheckKind, 'securityKey'>, code: string | undefined): string {
  if (code === undefined) throw new ApiError(400, 'invalid_request', `code: ${check === 'email' ? 'enter the code from the email' : 'enter the code your authenticator app shows'}`);
  if (check === 'authenticator' && !totpCode.safeParse(code).success) throw new ApiError(400, 'invalid_request', 'code: must be the 6 digits your authenticator app shows');
  return code;
}

function fakeRecoveryIdentifier(context: ServerContext, email: string): string {
  return recoveryUserIdentifier(`unknown-${keyedHash(context.secrets.hashKey, 'fake-recovery', email).toString('base64url').slice(0, 16)}`);
}
