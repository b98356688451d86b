/**
 * A locked-out member asks their Family Organizers to recover them (no session: the email names
 * them). The answer is the same, after the same rate limit and audit write, whether or not the
 * address is a family member's; only a real request is stored and mailed to the organizers.
 */
import type { FastifyInstance } from 'fastify';
import { familyRecoveryRequestRoutes } from '../../shared/server-api/family-organizer';
import { canonicalEmail } from '../account/accounts';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { familyRecoveryAskedMessage } from '../mail/messages';
import { consumeRateLimit, rateLimits } from '../rate-limit/rate-limit';
import { familyMemberByEmail, recoveryUnderWay, saveRecoveryRequest } from './family-recovery-store';
import { membersOf } from './family-store';

export function registerFamilyRecoveryRequestRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, policy, mailer } = context;

  addRoute(app, context, familyRecoveryRequestRoutes.ask, async ({ body, request }) => {
    const email = canonicalEmail(body.email);
    // The same budget as asking for the code of a recovery an organizer started.
    await consumeRateLimit(db, now(), rateLimits.familyRecoveryStartPerEmail, email);
    const at = now();
    const member = await familyMemberByEmail(db, email);
    const organizers = member ? (await membersOf(db, member.familyId)).filter((row) => row.role === 'organizer' && row.account_id !== member.accountId) : [];
    const asked = await db.transaction().execute(async (trx) => {
      // Nobody else to ask, or a recovery already under way: nothing to store.
      const stored = member !== undefined && organizers.length > 0 && !(await recoveryUnderWay(trx, member.accountId, at));
      if (stored) await saveRecoveryRequest(trx, { accountId: member.accountId, familyId: member.familyId, at, expiresAt: at + policy.familyRecoveryTtlMs });
      await audit(trx, at, 'family.recovery_asked', { accountId: stored ? member.accountId : null, email, ip: request.ip });
      return stored;
    });
    if (asked) for (const organizer of organizers) notifyInBackground(mailer, request.log, familyRecoveryAskedMessage(organizer.email, email, member!.familyName));
    return { asked: true as const };
  });
}
