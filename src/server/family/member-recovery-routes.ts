/**
 * The member's side of an organizer recovery, for someone locked out (no session): the email
 * proves them, then they register a new password, account key and keyset. In the reset's one
 * transaction their recovery code is deleted (it wraps an account key that no longer opens
 * anything), every session ends, and their vault memberships (sealed to the old keyset) are
 * set aside for an organizer's client to reseal (routes.ts, completeRecovery).
 *
 * `start` answers the same whether or not a recovery is open for the email, after the same
 * database writes, so it does not tell who is being recovered.
 */
import type { FastifyInstance } from 'fastify';
import { EMAIL_CODE_DIGITS } from '../../shared/server-api/account';
import { memberRecoveryRoutes } from '../../shared/server-api/family';
import { canonicalEmail, kdfOf, loadAccount, opaqueUserIdentifier, registrationResponseFor } from '../account/accounts';
import { issueEmailCode, verifyEmailCode } from '../account/email-codes';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { familyRecoveryCodeMessage, familyRecoveryResetMessage } from '../mail/messages';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { maskEmail } from '../recovery/recovery-routes';
import { randomToken, tokenHash } from '../security/tokens';
import { claimForReset, openRecoveryByEmail, recoveryByToken, resetMemberAccount, setRecoveryToken } from './family-recovery-store';

const invalidToken = () => new ApiError(401, 'invalid_recovery_token', 'The recovery token is not valid (expired, already used, or the recovery was cancelled): start again');

export function registerMemberRecoveryRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, policy, mailer } = context;

  const openRecoveryOf = (email: string) => openRecoveryByEmail(db, email, now());

  addRoute(app, context, memberRecoveryRoutes.start, async ({ body, request }) => {
    const email = canonicalEmail(body.email);
    await consumeRateLimit(db, now(), rateLimits.familyRecoveryStartPerEmail, email);
    const recovery = await openRecoveryOf(email);
    // A code is made either way (and sent only for a real recovery), so both answers cost the same writes.
    const code = await issueEmailCode(context, email, 'family-recovery');
    await audit(db, now(), 'family.recovery_requested', { accountId: recovery?.account_id ?? null, email, ip: request.ip });
    if (recovery) notifyInBackground(mailer, request.log, familyRecoveryCodeMessage(email, code, Math.round(policy.emailCodeTtlMs / 60_000)));
    return { sentTo: maskEmail(email), codeDigits: EMAIL_CODE_DIGITS, expiresInSeconds: Math.round(policy.emailCodeTtlMs / 1000) };
  });

  addRoute(app, context, memberRecoveryRoutes.verify, async ({ body, request }) => {
    const email = canonicalEmail(body.email);
    await consumeRateLimit(db, now(), rateLimits.familyRecoveryVerifyPerEmail, email);
    const recovery = await openRecoveryOf(email);
    try {
      // A code for an email with no open recovery was never sent: it fails like a wrong one.
      await verifyEmailCode(context, email, 'family-recovery', body.code);
    } catch (error) {
      await audit(db, now(), 'family.recovery_email_code_failed', { accountId: recovery?.account_id ?? null, email, ip: request.ip });
      throw error;
    }
    if (!recovery) throw new ApiError(400, 'invalid_code', 'That code is not right or has expired');
    const at = now();
    const recoveryToken = randomToken(32);
    await setRecoveryToken(db, recovery.id, tokenHash(recoveryToken), Math.min(at + policy.recoveryTokenTtlMs, toMillis(recovery.expires_at)));
    const account = await loadAccount(context, recovery.account_id);
    return {
      recoveryToken,
      expiresInSeconds: Math.round(policy.recoveryTokenTtlMs / 1000),
      account: { accountId: account.id, email: account.email, familyName: recovery.familyName, kdf: kdfOf(account) },
    };
  });

  async function liveToken(recoveryToken: string) {
    const row = await recoveryByToken(db, tokenHash(recoveryToken));
    if (!row || row.stage !== 'awaiting-member' || row.token_expires_at === null || toMillis(row.token_expires_at) <= now()) throw invalidToken();
    return row;
  }

  addRoute(app, context, memberRecoveryRoutes.resetStart, async ({ body }) => {
    const recovery = await liveToken(body.recoveryToken);
    return registrationResponseFor(context, opaqueUserIdentifier(recovery.account_id), body.registrationRequest);
  });

  addRoute(app, context, memberRecoveryRoutes.reset, async ({ body, request }) => {
    const recovery = await liveToken(body.recoveryToken);
    const accountId = recovery.account_id;
    const at = now();
    const email = await db.transaction().execute(async (trx) => {
      // Claim the recovery first: of two resets with one token, one wins.
      if (!(await claimForReset(trx, recovery.id, tokenHash(body.recoveryToken)))) throw invalidToken();
      const account = await resetMemberAccount(trx, recovery.id, accountId, body, at);
      await audit(trx, at, 'family.recovery_reset', { accountId, email: account.email, ip: request.ip });
      return account.email;
    });
    notifyInBackground(mailer, request.log, familyRecoveryResetMessage(email));
    return { recovered: true as const, accountId };
  });
}
