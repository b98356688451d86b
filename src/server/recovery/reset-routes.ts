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
import { recoveryCompletedMessage } from '../mail/messages';
import { tokenHash } from '../security/tokens';
import { forgetKeptKit } from './check-routes';
import { parseRecoveryChecks } from './checks';

export interface RecoveryTestHooks {
  /** Awaited inside the reset transaction, after its writes and before it commits. */
  insideRecoveryReset?: () => Promise<void>;
}

const invalidToken = () => new ApiError(401, 'invalid_recovery_token', 'The recovery token is not valid (expired, already used, or the recovery code changed): start the recovery again');

export function registerRecoveryResetRoutes(app: FastifyInstance, context: ServerContext, hooks: RecoveryTestHooks = {}): void {
  const { db, now, mailer } = context;

  async function liveToken(recoveryToken: string) {
    const row = await db.selectFrom('recovery_attempts').selectAll().where('token_hash', '=', tokenHash(recoveryToken)).executeTakeFirst();
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
    const signedOut = await db.transaction().execute(async (trx) => {
      // Consume the token first: of two concurrent resets with one token, one wins. The row
      // stays, as 'reset', only for the second-factor step after an authenticator check.
      const consumed = await trx
        .updateTable('recovery_attempts')
        .set({ stage: 'reset' })
        .where('token_hash', '=', tokenHash(body.recoveryToken))
        .where('stage', '=', 'verified')
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (Number(consumed.numUpdatedRows) !== 1) throw invalidToken();
      // The code stays valid: mark it used. If it was replaced or deleted meanwhile, stop.
      const used = await trx
        .updateTable('recovery_credentials')
        .set({ last_used_at: at })
        .where('id', '=', attempt.credential_id)
        .where('account_id', '=', accountId)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw invalidToken();
      const updated = await trx
        .updateTable('accounts')
        .set({ opaque_record: body.registrationRecord, wrapped_account_key: body.wrappedAccountKey, updated_at: at })
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw invalidToken();
      const ended = await trx.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
      await trx.deleteFrom('login_attempts').where('account_id', '=', accountId).execute();
      // Whatever else was under way for this account ends too: other recoveries, an unconfirmed code.
      await trx.deleteFrom('recovery_attempts').where('account_id', '=', accountId).where('id_hash', '<>', attempt.id_hash).execute();
      await trx.deleteFrom('recovery_credentials').where('account_id', '=', accountId).where('state', '=', 'pending').execute();
      // An organizer recovery the member has not gone on with is no longer needed (src/server/family).
      await trx.deleteFrom('family_recoveries').where('account_id', '=', accountId).where('stage', '=', 'awaiting-member').execute();
      await forgetKeptKit(trx, accountId);
      await audit(trx, at, 'recovery.completed', { accountId, email: attempt.email, ip: request.ip });
      await hooks.insideRecoveryReset?.();
      return Number(ended.numDeletedRows);
    });
    try {
      await mailer.send(recoveryCompletedMessage(attempt.email, attempt.passed_check));
    } catch (error) {
      // The recovery is done; the notice is best effort (and the audit log has the event).
      request.log.error({ errorName: (error as Error).name, mail: mailer.description }, 'could not send the recovery notice');
    }
    return { recovered: true as const, accountId, signedOut };
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
    const taken = await db
      .deleteFrom('recovery_attempts')
      .where('token_hash', '=', tokenHash(body.recoveryToken))
      .where('stage', '=', 'reset')
      .where('passed_check', 'in', ['authenticator', 'securityKey'])
      .where('account_id', '=', session.accountId)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(taken.numDeletedRows) !== 1) {
      throw new ApiError(403, 'second_factor_required', 'This recovery did not check a second factor (or this was already used): use your authenticator app or security key');
    }
    await db.updateTable('sessions').set({ second_factor_verified_at: at }).where('id', '=', session.sessionId).execute();
    await audit(db, at, 'two_factor.passed', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    return { passed: true as const };
  });
}
