/**
 * An organizer's housekeeping (src/shared/server-api/family-organizer.ts): cancelling a pending
 * invitation, and stepping down, each in one transaction with its audit record; and dismissing
 * the notice that a member recovered by themselves (changes nothing else, so not audited).
 */
import type { FastifyInstance } from 'fastify';
import { familyOrganizerRoutes } from '../../shared/server-api/family-organizer';
import { canonicalEmail } from '../account/accounts';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { familyView, membershipOf, replaceGroupKey, requireFellowMember, requireGroupKey, requireOrganizer } from './families';
import { dismissCancelledNotice } from './family-recovery-store';
import { cancelInvite, setRole } from './family-store';

export function registerFamilyOrganizerRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now } = context;
  const viewOf = async (accountId: string) => familyView(context, (await membershipOf(db, accountId))!);

  addRoute(app, context, familyOrganizerRoutes.cancelInvite, async ({ session, body, request }) => {
    const email = canonicalEmail(body.email);
    const at = now();
    await db.transaction().execute(async (trx) => {
      const organizer = await requireOrganizer(trx, session.accountId);
      if (!(await cancelInvite(trx, organizer.family_id, email, at))) throw new ApiError(404, 'not_found', 'No invitation to that address is pending');
      await audit(trx, at, 'family.invite_cancelled', { accountId: session.accountId, email, sessionId: session.sessionId, ip: request.ip });
    });
    return { family: await viewOf(session.accountId) };
  });

  addRoute(app, context, familyOrganizerRoutes.dismissCancelledRecovery, async ({ session, params }) => {
    if (!(await membershipOf(db, session.accountId))) throw new ApiError(404, 'not_found', 'This account is not in a family');
    if (!(await dismissCancelledNotice(db, session.accountId, params.accountId))) throw new ApiError(404, 'not_found', 'There is no such notice to dismiss');
    return { family: await viewOf(session.accountId) };
  });

  /**
   * The caller becomes a member and `successorId` an organizer (if not one already); the
   * rotation must be sealed to exactly the organizers after that change, so the group key the
   * caller held opens nothing the server keeps.
   */
  addRoute(app, context, familyOrganizerRoutes.stepDown, async ({ session, body, request }) => {
    if (body.successorId === session.accountId) throw new ApiError(400, 'invalid_request', 'Hand the organizer role to someone else (successorId)');
    const at = now();
    await db.transaction().execute(async (trx) => {
      const organizer = await requireOrganizer(trx, session.accountId);
      const successor = await requireFellowMember(trx, organizer.family_id, body.successorId);
      // Compared first, so a replayed request (its key id is gone) changes nothing.
      await requireGroupKey(trx, organizer.family_id, body.rotation.keyId);
      if (successor.role !== 'organizer') await setRole(trx, organizer.family_id, successor.account_id, 'organizer');
      await setRole(trx, organizer.family_id, session.accountId, 'member');
      await replaceGroupKey(trx, organizer.family_id, body.rotation, session.accountId);
      await audit(trx, at, 'family.stepped_down', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
      await audit(trx, at, 'family.role_changed', { accountId: successor.account_id, sessionId: session.sessionId, ip: request.ip });
      await audit(trx, at, 'family.group_key_rotated', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return { family: await viewOf(session.accountId) };
  });
}
