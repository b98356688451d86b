/**
 * The recovery check-up (src/shared/server-api/recovery-check.ts, docs/security-design.md
 * §11.4): a signed-in owner proves that the saved recovery code still works, without using it.
 *
 *   start   an OPAQUE login against the ACTIVE recovery record, counted by the check's own
 *           limit (never the recovery limits); kept as a check attempt bound to this session
 *           and this credential (recovery_check_attempts: the SHA-256 of its random id)
 *   finish  the same session, once, within 5 minutes, while the credential is still the active
 *           one: the OPAQUE finish → the credential's envelope 0x02, and the time of the check,
 *           kept on the credential as its last successful check
 *
 * Any refused finish (another session's check, used, expired, a replaced code, a login that
 * did not finish) is 401 `check_expired`. Nothing else changes: no identity check, no session,
 * no credential rotated or used, no email. The check-up state (reminder schedule, Emergency
 * Kit kept) is the account's, stored as the devices send it, and not secret.
 */
import type { FastifyInstance } from 'fastify';
import { opaqueServerFinishLogin, opaqueServerStartLogin } from '../../shared/crypto/opaque-server';
import { recoveryCheckRoutes, type CheckUpStatus } from '../../shared/server-api/recovery-check';
import { opaqueStep } from '../account/accounts';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { randomToken, tokenHash } from '../security/tokens';
import type { AuthenticatedSession } from '../session/sessions';
import { recoveryUserIdentifier } from './credentials';
import { activeCredentialOf, activeWrappedKey, checkUpOf, insertCheckAttempt, saveCheckUp, stampCredential, takeCheckAttempt } from './recovery-store';

/** How long a started check can be finished. */
const CHECK_TTL_MS = 5 * 60_000;
/** The furthest ahead a reminder may be scheduled (two years): one further off is a device's mistake, refused. */
const MAX_REMINDER_AHEAD_MS = 2 * 366 * 24 * 60 * 60_000;

const checkExpired = () => new ApiError(401, 'check_expired', 'This check has expired, was already used, belongs to another device, or the code did not pass: start the check again');
const noRecoveryCode = () => new ApiError(409, 'no_recovery_code', 'This account has no recovery code to check: set one up first');

const isoOf = (value: number | string | bigint) => new Date(toMillis(value)).toISOString();

export function registerCheckUpRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, secrets } = context;
  const who = (session: AuthenticatedSession, ip: string) => ({ accountId: session.accountId, sessionId: session.sessionId, ip });

  const statusOf = async (accountId: string): Promise<CheckUpStatus> => {
    const [credential, row] = await Promise.all([activeCredentialOf(db, accountId), checkUpOf(db, accountId)]);
    const lastCheckedAt = credential?.last_checked_at ?? null;
    const dueAt = row?.reminder_due_at ?? null;
    const keptAt = row?.kit_kept_at ?? null;
    return {
      lastCheckedAt: lastCheckedAt === null ? null : isoOf(lastCheckedAt),
      // Without a row: what a new account starts with (reminders on, nothing scheduled yet).
      reminder: { enabled: row ? Number(row.reminders_enabled) === 1 : true, stage: row ? Number(row.reminder_stage) : 0, dueAt: dueAt === null ? null : isoOf(dueAt) },
      kit: keptAt !== null && row?.kit_kept_how ? { keptAt: isoOf(keptAt), how: row.kit_kept_how } : null,
    };
  };

  addRoute(app, context, recoveryCheckRoutes.checkStart, async ({ body, session, request }) => {
    const credential = await activeCredentialOf(db, session.accountId);
    if (!credential) throw noRecoveryCode();
    const { serverLoginState, loginResponse } = opaqueStep('startLoginRequest', () =>
      opaqueServerStartLogin({
        serverSetup: secrets.opaqueServerSetup,
        userIdentifier: recoveryUserIdentifier(session.accountId),
        registrationRecord: credential.opaque_record,
        startLoginRequest: body.startLoginRequest,
      }),
    );
    const at = now();
    // A start is where a code can be tested (OPAQUE): counted, across every server instance.
    await consumeRateLimit(db, at, rateLimits.recoveryCheckPerAccount, session.accountId);
    const checkId = randomToken(32);
    await db.transaction().execute(async (trx) => {
      const attempt = { id_hash: tokenHash(checkId), account_id: session.accountId, session_id: session.sessionId, credential_id: credential.id, server_login_state: serverLoginState, expires_at: at + CHECK_TTL_MS };
      await insertCheckAttempt(trx, attempt, at);
      await audit(trx, at, 'recovery.check_started', who(session, request.ip));
    });
    return { checkId, loginResponse };
  });

  addRoute(app, context, recoveryCheckRoutes.checkFinish, async ({ body, session, request }) => {
    const at = now();
    // Used up by any answer from its own session; another session's answer finds nothing and changes nothing.
    const started = await takeCheckAttempt(db, tokenHash(body.checkId), session);
    if (!started || toMillis(started.expires_at) <= at) throw checkExpired();
    try {
      opaqueServerFinishLogin({ serverLoginState: started.server_login_state, finishLoginRequest: body.finishLoginRequest });
    } catch {
      await audit(db, at, 'recovery.check_failed', who(session, request.ip));
      throw checkExpired();
    }
    const checked = await db.transaction().execute(async (trx) => {
      // Still the active code (a replaced or deleted one took the attempt with it; this is the last guard).
      if (!(await stampCredential(trx, started.credential_id, session.accountId, { last_checked_at: at }))) return undefined;
      await audit(trx, at, 'recovery.checked', who(session, request.ip));
      return activeWrappedKey(trx, started.credential_id);
    });
    if (!checked) throw checkExpired();
    return { recoveryWrappedAccountKey: checked, checkedAt: new Date(at).toISOString() };
  });

  addRoute(app, context, recoveryCheckRoutes.status, async ({ session }) => statusOf(session.accountId));

  addRoute(app, context, recoveryCheckRoutes.setReminder, async ({ body, session }) => {
    const dueAt = body.dueAt === null ? null : Date.parse(body.dueAt);
    if (dueAt !== null && dueAt > now() + MAX_REMINDER_AHEAD_MS) throw new ApiError(400, 'invalid_request', 'body.dueAt must be at most two years ahead');
    await saveCheckUp(db, session.accountId, { reminders_enabled: body.enabled ? 1 : 0, reminder_stage: body.stage, reminder_due_at: dueAt });
    return statusOf(session.accountId);
  });

  addRoute(app, context, recoveryCheckRoutes.keptKit, async ({ body, session, request }) => {
    const at = now();
    await db.transaction().execute(async (trx) => {
      await saveCheckUp(trx, session.accountId, { kit_kept_at: at, kit_kept_how: body.how });
      await audit(trx, at, 'recovery.kit_kept', who(session, request.ip));
    });
    return statusOf(session.accountId);
  });
}
