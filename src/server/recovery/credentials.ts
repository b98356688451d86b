/**
 * Recovery code setup, for a signed-in device: the client registers the code's
 * authentication secret with OPAQUE (identifier "recovery:<accountId>") and uploads the
 * account key wrapped by the code's wrapping key as a *pending* credential. Only activation,
 * when the user has typed the code back, replaces the active credential, in one transaction.
 */
import type { FastifyInstance } from 'fastify';
import { recoveryRoutes, type RecoveryCredentialStatus } from '../../shared/server-api/recovery';
import { registrationResponseFor } from '../account/accounts';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { randomToken } from '../security/tokens';
import { activatePendingCredential, credentialsOf, deleteCredentials, replacePendingCredential } from './recovery-store';

/** The OPAQUE user identifier of an account's recovery credential (the account's is "account:<id>"). */
export function recoveryUserIdentifier(accountId: string): string {
  return `recovery:${accountId}`;
}

const iso = (value: number | string | bigint | null): string | null => (value === null ? null : new Date(toMillis(value)).toISOString());

export async function credentialStatus({ db, now }: ServerContext, accountId: string): Promise<RecoveryCredentialStatus> {
  const rows = await credentialsOf(db, accountId);
  const active = rows.find((row) => row.state === 'active');
  const pending = rows.find((row) => row.state === 'pending' && row.expires_at !== null && toMillis(row.expires_at) > now());
  return {
    status: active ? 'active' : 'none',
    createdAt: active ? iso(active.created_at) : null,
    lastUsedAt: active ? iso(active.last_used_at) : null,
    pending: pending !== undefined,
    pendingExpiresAt: pending ? iso(pending.expires_at) : null,
  };
}

export function registerCredentialRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, policy } = context;

  addRoute(app, context, recoveryRoutes.credentialStatus, async ({ session }) => credentialStatus(context, session.accountId));

  addRoute(app, context, recoveryRoutes.credentialStart, async ({ body, session }) =>
    registrationResponseFor(context, recoveryUserIdentifier(session.accountId), body.registrationRequest),
  );

  addRoute(app, context, recoveryRoutes.credentialFinish, async ({ body, session, request }) => {
    const at = now();
    const expiresAt = at + policy.recoveryPendingTtlMs;
    // Replaces an earlier pending credential; the active one is not touched.
    await db.transaction().execute(async (trx) => {
      await replacePendingCredential(trx, {
        id: randomToken(16),
        account_id: session.accountId,
        opaque_record: body.registrationRecord,
        wrapped_account_key: body.wrappedAccountKey,
        created_at: at,
        expires_at: expiresAt,
        last_used_at: null,
        session_id: session.sessionId,
      });
      await audit(trx, at, 'recovery.code_uploaded', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return { pending: true as const, expiresAt: new Date(expiresAt).toISOString() };
  });

  addRoute(app, context, recoveryRoutes.credentialActivate, async ({ session, request }) => {
    const at = now();
    await db.transaction().execute(async (trx) => {
      // The old code stops working and the new one starts, together or not at all. Only the code
      // uploaded by this session, after its step-up: confirming it is the end of the same change.
      if (!(await activatePendingCredential(trx, session.accountId, session.sessionId, at))) {
        throw new ApiError(404, 'not_found', 'No recovery code is waiting for confirmation (it expired or was never uploaded): set up the code again');
      }
      await audit(trx, at, 'recovery.code_activated', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return credentialStatus(context, session.accountId);
  });

  addRoute(app, context, recoveryRoutes.credentialDelete, async ({ session, request }) => {
    const at = now();
    await db.transaction().execute(async (trx) => {
      if (!(await deleteCredentials(trx, session.accountId))) throw new ApiError(404, 'not_found', 'This account has no recovery code');
      await audit(trx, at, 'recovery.code_deleted', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return { deleted: true as const };
  });
}
