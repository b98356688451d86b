/**
 * The audit log of security events. It records who, what and when (account, email, session
 * id, client address), never a secret: no tokens, codes, OPAQUE messages or key material.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../database/schema';
import { randomToken } from '../security/tokens';

export type AuditEvent =
  | 'signup.code_sent'
  | 'signup.code_failed'
  | 'signup.completed'
  | 'login.succeeded'
  | 'login.failed'
  | 'password.changed'
  | 'session.signed_out'
  | 'session.signed_out_others'
  // The step-up before an account-security change (src/server/account/step-up-routes.ts).
  | 'step_up.succeeded'
  | 'step_up.failed'
  // Recovery codes (src/server/recovery).
  | 'recovery.code_uploaded'
  | 'recovery.code_activated'
  | 'recovery.code_deleted'
  | 'recovery.started'
  | 'recovery.proof_failed'
  | 'recovery.email_sent'
  | 'recovery.email_code_failed'
  | 'recovery.email_verified'
  | 'recovery.completed'
  // Identity checks after a recovery code (src/server/recovery/checks.ts).
  | 'recovery.checks_changed'
  | 'recovery.code_proved'
  | 'recovery.check_refused'
  | 'recovery.authenticator_failed'
  | 'recovery.security_key_verified'
  | 'recovery.security_key_failed'
  | 'recovery.authenticator_verified'
  // The recovery check-up (src/server/recovery/check-routes.ts): a check of the code, the Emergency Kit kept.
  | 'recovery.check_started'
  | 'recovery.check_failed'
  | 'recovery.checked'
  | 'recovery.kit_kept'
  // Two-factor authentication (src/server/two-factor).
  | 'two_factor.totp_started'
  | 'two_factor.totp_enabled'
  | 'two_factor.totp_disabled'
  | 'two_factor.security_key_added'
  | 'two_factor.security_key_removed'
  | 'two_factor.passed'
  | 'two_factor.failed'
  // Shared vaults (src/server/vault/sharing.ts).
  | 'vault.member_added'
  | 'vault.member_removed'
  // Families (src/server/family).
  | 'family.created'
  | 'family.invited'
  | 'family.invite_cancelled'
  | 'family.stepped_down'
  | 'family.joined'
  | 'family.role_changed'
  | 'family.member_removed'
  | 'family.group_key_rotated'
  | 'family.recovery_started'
  | 'family.recovery_requested'
  | 'family.recovery_asked'
  | 'family.recovery_email_code_failed'
  | 'family.recovery_reset'
  | 'family.recovery_completed'
  | 'family.recovery_cancelled';

export async function audit(
  db: Kysely<DatabaseSchema>,
  at: number,
  event: AuditEvent,
  details: { accountId?: string | null; email?: string | null; sessionId?: string | null; ip?: string | null },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: randomToken(16),
      at,
      event,
      account_id: details.accountId ?? null,
      email: details.email ?? null,
      session_id: details.sessionId ?? null,
      ip: details.ip ?? null,
    })
    .execute();
}

/** Up to `limit` of the account's events, newest first, older than `before` (time, then id) if given. */
export function auditEventsOf(db: Kysely<DatabaseSchema>, accountId: string, limit: number, before?: { at: number; id: string }) {
  return db
    .selectFrom('audit_events')
    .select(['id', 'at', 'event', 'session_id', 'ip'])
    .where('account_id', '=', accountId)
    .$if(before !== undefined, (query) => query.where((eb) => eb.or([eb('at', '<', before!.at), eb.and([eb('at', '=', before!.at), eb('id', '<', before!.id)])])))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
