/**
 * The end of a recovery with a code (the steps before it: recovery-routes.ts): with the
 * recovery token of a verified attempt, a new account credential replaces the old one and
 * every session ends ('reset'); then, only after an authenticator or security-key check, the
 * new session presents the used token once to count as having passed the second factor.
 */
import type { FastifyInstance } from 'fastify';
import { recoveryRoutes, type RecoveryCheckKind } from '../../shared/server-api/recovery';
import { opaqueUserIdentifier, registrationResponseFor } from '../account/accounts';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { familyRecoveryCancelledByMemberMessage, recoveryCompletedMessage } from '../mail/messages';
import { recoveryAwaitingMember, saveCancelledNotice } from '../family/family-recovery-store';
import { tokenHash } from '../security/tokens';
import { markSecondFactorPassed } from '../session/second-factor';
import { attemptByToken, consumeToken, resetAccountCredential, stampCredential, takeSecondFactorProof } from './recovery-store';
import { parseRecoveryChecks } from './checks';

export interface RecoveryTestHooks {
  /** Awaited inside the reset transaction, after its writes and before it commits. */
  insideRecoveryReset?: () => Promise<void>;
}

const invalidToken = () => new ApiError(401, 'invalid_recovery_token', 'The recovery token is not valid (expired, already used, or the recovery code changed): start the recovery again');

export function registerRecoveryResetRoutes(app: FastifyInstance, context: ServerContext, hooks: RecoveryTestHooks = {}): void {
  const { db, now, mailer } = context;

  async function liveToken(recoveryToken: string) {
    const row = await attemptByToken(db, tokenHash(recoveryToken));
    if (!row || row.stage !== 'verified' || toMillis(row.expires_at) <= now() || !row.account_id) throw invalidToken();
    return { ...row, account_id: row.account_id, passed_check: (parseRecoveryChecks(row.passed_check)[0] ?? 'email') satisfies RecoveryCheckKind };
  }

  addRoute(app, context, recoveryRoutes.resetStart, async ({ body }) => {
    const attempt = await liveToken(body.recoveryToken);
    return registrationResponseFor(context, opaqueUserIdentifier(attempt.account_id), body.registrationRequest);
  });

  addRoute(app, context, recoveryRoutes.resetFinish, async ({ body, request }) => {
    const attempt = await liveToken(body.recoveryToken);
    const accountId = attempt.account_id;
    const at = now();
    const { ended: signedOut, cancelled } = await db.transaction().execute(async (trx) => {
      // Consume the token first: of two concurrent resets with one token, one wins. The row
      // stays, as 'reset', only for the second-factor step after an authenticator check.
      if (!(await consumeToken(trx, tokenHash(body.recoveryToken), at))) throw invalidToken();
      // The code stays valid: mark it used. If it was replaced or deleted meanwhile, stop.
      if (!attempt.credential_id || !(await stampCredential(trx, attempt.credential_id, accountId, { last_used_at: at }))) throw invalidToken();
      // An organizer recovery still waiting for the member ends with this reset: both are told.
      const waiting = await recoveryAwaitingMember(trx, accountId, at);
      const ended = await resetAccountCredential(trx, { accountId, idHash: attempt.id_hash }, body, at);
      if (ended === null) throw invalidToken();
      await audit(trx, at, 'recovery.completed', { accountId, email: attempt.email, ip: request.ip });
      if (waiting) {
        await audit(trx, at, 'family.recovery_cancelled', { accountId, email: attempt.email, ip: request.ip });
        await saveCancelledNotice(trx, { organizerId: waiting.started_by, memberId: accountId, familyId: waiting.family_id, at });
      }
      await hooks.insideRecoveryReset?.();
      return { ended, cancelled: waiting ? { familyName: waiting.familyName, organizer: waiting.organizer } : null };
    });
    if (cancelled) notifyInBackground(mailer, request.log, familyRecoveryCancelledByMemberMessage(cancelled.organizer, attempt.email, cancelled.familyName));
    try {
      await mailer.send(recoveryCompletedMessage(attempt.email, attempt.passed_check, cancelled));
    } catch (error) {
      // The recovery is done; the notice is best effort (and the audit log has the event).
      request.log.error({ errorName: (error as Error).name, mail: mailer.description }, 'could not send the recovery notice');
    }
    return { recovered: true as const, accountId, signedOut, cancelledFamilyRecovery: cancelled };
  });

  /**
   * Decision (docs/security-design.md): a recovery that passed the authenticator or security-key
   * check proved the second factor seconds ago, so the first session after it need not ask for another
   * code (which, with replay protection, would mean waiting for the next one). Only a session
   * of the same account, only once, only with that recovery's token, only after the reset; a
   * recovery checked by email alone gets nothing here and its session still needs the factor.
   */
  addRoute(app, context, recoveryRoutes.secondFactor, async ({ body, session, request }) => {
    const at = now();
    if (!(await takeSecondFactorProof(db, tokenHash(body.recoveryToken), session.accountId, at))) {
      throw new ApiError(403, 'second_factor_required', 'This recovery did not check a second factor (or this was already used): use your authenticator app or security key');
    }
    await markSecondFactorPassed(db, session.sessionId, at);
    await audit(db, at, 'two_factor.passed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return { passed: true as const };
  });
}
