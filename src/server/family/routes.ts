/**
 * Family routes for signed-in accounts: create, invite and join, roles, removal, rotating the
 * recovery group key, and the organizer's side of a recovery. Every change runs in one
 * transaction and is written to the audit log. The member's side of a recovery, for someone
 * locked out, is in member-recovery-routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import { familyRoutes, type GroupKeyRotation } from '../../shared/server-api/family';
import { canonicalEmail, loadAccount } from '../account/accounts';
import { audit } from '../audit/audit';
import type { ServerContext } from '../context';
import { toMillis } from '../database/schema';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { notifyInBackground } from '../mail/mailer';
import { familyInviteMessage, familyRecoveryStartedMessage } from '../mail/messages';
import { randomToken, tokenHash } from '../security/tokens';
import { familyView, membershipOf, replaceGroupKey, requireExactly, requireFellowMember, requireGrantsCover, requireGroupKey, requireOrganizer, signedGroupKey, staleGroupKey, type Membership } from './families';
import { awaitingOrganizer, deleteRecovery, deleteRecoveryRequest, insertRecovery, recoveryInFamily, recoveryUnderWay, restoreVaults, setAsideRoles, setAsideVaults } from './family-recovery-store';
import { deleteInvite, deleteMember, familyExists, familyGrants, insertFamily, insertGrants, insertMember, insertSealedGroupKey, inviteByToken, organizersOf, replaceInvite, setRole } from './family-store';
import { registerMemberRecoveryRoutes } from './member-recovery-routes';
import { registerFamilyOrganizerRoutes } from './organizer-routes';
import { registerFamilyRecoveryRequestRoutes } from './recovery-request-routes';

const invalidInvite = () => new ApiError(400, 'invalid_invite', 'That invitation code is not right, has expired, was cancelled, or is for another email address');
const lastOrganizer = () => new ApiError(409, 'last_organizer', 'A family needs at least one organizer: promote someone else first');
const noSuchRecovery = () => new ApiError(404, 'not_found', 'No such recovery in your family');

export function registerFamilyRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, policy, mailer } = context;
  const days = (ms: number) => Math.round(ms / (24 * 60 * 60_000));
  const viewOf = async (accountId: string) => {
    const membership = await membershipOf(db, accountId);
    if (!membership) throw new ApiError(404, 'not_found', 'This account is not in a family');
    return familyView(context, membership);
  };

  addRoute(app, context, familyRoutes.create, async ({ session, body, request }) => {
    if (await membershipOf(db, session.accountId)) throw new ApiError(409, 'in_a_family', 'This account is already in a family');
    const { recoveryGroup } = body;
    requireExactly(
      [session.accountId],
      recoveryGroup.sealedPrivateKeys.map((sealed) => sealed.accountId),
      'The sealed group keys (one, to the creating organizer)',
    );
    await requireGrantsCover(db, session.accountId, recoveryGroup.vaultGrants);
    const at = now();
    const { familyId } = body;
    await db.transaction().execute(async (trx) => {
      if (await familyExists(trx, familyId)) throw new ApiError(409, 'invalid_request', 'That family id is taken: make another');
      const { publicKey, signature } = recoveryGroup;
      await insertFamily(trx, { id: familyId, name: body.name, publicKey, signature, organizerId: session.accountId, sealedPrivateKey: recoveryGroup.sealedPrivateKeys[0]!.sealedPrivateKey, at });
      await insertGrants(trx, familyId, recoveryGroup.vaultGrants);
      await audit(trx, at, 'family.created', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return { family: await viewOf(session.accountId) };
  });

  addRoute(app, context, familyRoutes.get, async ({ session }) => {
    const membership = await membershipOf(db, session.accountId);
    return { family: membership ? await familyView(context, membership) : null };
  });

  addRoute(app, context, familyRoutes.invite, async ({ session, body, request }) => {
    const email = canonicalEmail(body.email);
    const organizer = await requireOrganizer(db, session.accountId);
    const inviter = await loadAccount(context, session.accountId);
    const inviteToken = randomToken(32);
    const at = now();
    const expiresAt = at + policy.familyInviteTtlMs;
    await db.transaction().execute(async (trx) => {
      await replaceInvite(trx, { token_hash: tokenHash(inviteToken), family_id: organizer.family_id, email, invited_by: session.accountId, created_at: at, expires_at: expiresAt });
      await audit(trx, at, 'family.invited', { accountId: session.accountId, email, sessionId: session.sessionId, ip: request.ip });
    });
    try {
      await mailer.send(familyInviteMessage(email, organizer.family.name, inviter.email, inviteToken, days(policy.familyInviteTtlMs)));
    } catch (error) {
      await deleteInvite(db, tokenHash(inviteToken));
      request.log.error({ errorName: (error as Error).name, mail: mailer.description }, 'could not send the family invitation');
      throw new ApiError(503, 'mail_unavailable', 'The server could not send the invitation: try again later');
    }
    return { email, expiresAt: new Date(expiresAt).toISOString() };
  });

  /** The live invitation behind `inviteToken`, addressed to this account's email. */
  async function invitationFor(accountId: string, inviteToken: string) {
    const account = await loadAccount(context, accountId);
    const invite = await inviteByToken(db, tokenHash(inviteToken));
    if (!invite || invite.email !== account.email || toMillis(invite.expires_at) <= now()) throw invalidInvite();
    return invite;
  }

  addRoute(app, context, familyRoutes.invitation, async ({ session, body }) => {
    const invite = await invitationFor(session.accountId, body.inviteToken);
    return { familyId: invite.family_id, familyName: invite.name, invitedBy: invite.invitedBy, recoveryGroup: await signedGroupKey(db, invite) };
  });

  addRoute(app, context, familyRoutes.join, async ({ session, body, request }) => {
    if (await membershipOf(db, session.accountId)) throw new ApiError(409, 'in_a_family', 'This account is already in a family: leave it first');
    const invite = await invitationFor(session.accountId, body.inviteToken);
    if (body.keyId !== invite.group_key_id) throw staleGroupKey();
    await requireGrantsCover(db, session.accountId, body.vaultGrants);
    const at = now();
    await db.transaction().execute(async (trx) => {
      if (!(await deleteInvite(trx, invite.token_hash))) throw invalidInvite();
      // The key id is checked again inside the transaction: a rotation since would leave these grants unopenable.
      await requireGroupKey(trx, invite.family_id, body.keyId);
      await insertMember(trx, invite.family_id, session.accountId, 'member', at);
      await insertGrants(trx, invite.family_id, body.vaultGrants);
      await audit(trx, at, 'family.joined', { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return { family: await viewOf(session.accountId) };
  });

  /**
   * Checks, inside the transaction of a demotion or removal, that the caller is still an
   * organizer and the target still in their family, and that a rotation comes exactly when the
   * target is an organizer (they leave with the group key). A rotation's key id is compared
   * first, so a replayed request (its key id is gone) gets 409 `stale_group_key`.
   */
  async function checkLeaving(trx: typeof db, callerId: string, targetId: string, rotation: GroupKeyRotation | undefined) {
    const organizer = await requireOrganizer(trx, callerId);
    const target = await requireFellowMember(trx, organizer.family_id, targetId);
    if (rotation) await requireGroupKey(trx, organizer.family_id, rotation.keyId);
    const leaves = target.role === 'organizer';
    if (leaves && !rotation) throw new ApiError(400, 'invalid_request', 'An organizer leaving takes the group key with them: send a rotation of it (rotation)');
    if (!leaves && rotation) throw new ApiError(400, 'invalid_request', 'A member never held the group key: send no rotation');
    if (leaves && (await organizersOf(trx, organizer.family_id)).length <= 1) throw lastOrganizer();
    return { organizer, target };
  }

  /** The rotation's last step (after the demotion or removal), audited in the same transaction. */
  async function rotate(trx: typeof db, familyId: string, rotation: GroupKeyRotation, session: { accountId: string; sessionId: string }, ip: string, at: number) {
    await replaceGroupKey(trx, familyId, rotation, session.accountId);
    await audit(trx, at, 'family.group_key_rotated', { accountId: session.accountId, sessionId: session.sessionId, ip });
  }

  addRoute(app, context, familyRoutes.setRole, async ({ session, params, body, request }) => {
    const { role, keyId, sealedPrivateKey, rotation } = body;
    if (role === 'organizer' && (!keyId || !sealedPrivateKey || rotation)) throw new ApiError(400, 'invalid_request', 'A new organizer needs the current group key sealed to their public key (keyId, sealedPrivateKey), and no rotation');
    if (role === 'member' && (keyId || sealedPrivateKey)) throw new ApiError(400, 'invalid_request', 'A member gets no group key: send no keyId or sealedPrivateKey');
    const at = now();
    await db.transaction().execute(async (trx) => {
      if (role === 'member') {
        const { organizer, target } = await checkLeaving(trx, session.accountId, params.accountId, rotation);
        if (!rotation) return; // already a member
        await setRole(trx, organizer.family_id, target.account_id, 'member');
        await rotate(trx, organizer.family_id, rotation, session, request.ip, at);
      } else if (keyId && sealedPrivateKey) {
        const organizer = await requireOrganizer(trx, session.accountId);
        const target = await requireFellowMember(trx, organizer.family_id, params.accountId);
        if (target.role === 'organizer') return;
        // Sealed from the current key only: one from before a rotation opens nothing.
        await requireGroupKey(trx, organizer.family_id, keyId);
        await insertSealedGroupKey(trx, organizer.family_id, target.account_id, sealedPrivateKey);
        await setRole(trx, organizer.family_id, target.account_id, 'organizer');
      }
      await audit(trx, at, 'family.role_changed', { accountId: params.accountId, sessionId: session.sessionId, ip: request.ip });
    });
    return { family: await viewOf(session.accountId) };
  });

  addRoute(app, context, familyRoutes.remove, async ({ session, params, body, request }) => {
    const at = now();
    await db.transaction().execute(async (trx) => {
      const { organizer, target } = await checkLeaving(trx, session.accountId, params.accountId, body.rotation);
      // After their reset their vaults wait, set aside, for an organizer: removing them now would lose them.
      if (await awaitingOrganizer(trx, target.account_id)) throw new ApiError(409, 'invalid_request', 'Complete the recovery of this member first, so they get their items back');
      await deleteMember(trx, organizer.family_id, target.account_id);
      if (body.rotation) await rotate(trx, organizer.family_id, body.rotation, session, request.ip, at);
      await audit(trx, at, 'family.member_removed', { accountId: target.account_id, sessionId: session.sessionId, ip: request.ip });
    });
    return { family: await viewOf(session.accountId) };
  });

  addRoute(app, context, familyRoutes.vaultGrants, async ({ session }) => {
    const organizer = await requireOrganizer(db, session.accountId);
    return { keyId: organizer.family.group_key_id, grants: await familyGrants(db, organizer.family_id) };
  });

  addRoute(app, context, familyRoutes.startRecovery, async ({ session, body, request }) => {
    const organizer = await requireOrganizer(db, session.accountId);
    if (body.accountId === session.accountId) throw new ApiError(400, 'invalid_request', 'You cannot recover your own account this way: use your recovery code, or ask another organizer');
    const member = await requireFellowMember(db, organizer.family_id, body.accountId);
    const inviter = await loadAccount(context, session.accountId);
    const at = now();
    const recoveryId = randomToken(16);
    await db.transaction().execute(async (trx) => {
      if (await recoveryUnderWay(trx, member.account_id, at)) throw new ApiError(409, 'invalid_request', 'A recovery of this member is already under way');
      await insertRecovery(trx, { id: recoveryId, family_id: organizer.family_id, account_id: member.account_id, started_by: session.accountId, at, expiresAt: at + policy.familyRecoveryTtlMs });
      await deleteRecoveryRequest(trx, member.account_id);
      await audit(trx, at, 'family.recovery_started', { accountId: member.account_id, sessionId: session.sessionId, ip: request.ip });
    });
    notifyInBackground(mailer, request.log, familyRecoveryStartedMessage(member.email, organizer.family.name, inviter.email, days(policy.familyRecoveryTtlMs)));
    return { recovery: { recoveryId, accountId: member.account_id, email: member.email, stage: 'awaiting-member' as const, startedBy: session.accountId, startedAt: new Date(at).toISOString(), expiresAt: new Date(at + policy.familyRecoveryTtlMs).toISOString() } };
  });

  /** A live recovery of the organizer's own family, at `stage` if given. */
  async function recoveryOf(organizer: Membership, recoveryId: string) {
    const recovery = await recoveryInFamily(db, recoveryId, organizer.family_id);
    if (!recovery || toMillis(recovery.expires_at) <= now()) throw noSuchRecovery();
    return recovery;
  }

  addRoute(app, context, familyRoutes.recoveryVaults, async ({ session, params }) => {
    const organizer = await requireOrganizer(db, session.accountId);
    const recovery = await recoveryOf(organizer, params.recoveryId);
    if (recovery.stage !== 'awaiting-organizer') throw new ApiError(409, 'invalid_request', 'The member has not set their new password yet');
    const member = await loadAccount(context, recovery.account_id);
    const vaults = await setAsideVaults(db, recovery.id);
    return { keyId: organizer.family.group_key_id, memberPublicKey: member.public_key_x25519, vaults: vaults.map((vault) => ({ vaultId: vault.vault_id, role: vault.role, sealedVaultKey: vault.sealed_vault_key })) };
  });

  addRoute(app, context, familyRoutes.completeRecovery, async ({ session, params, body, request }) => {
    const organizer = await requireOrganizer(db, session.accountId);
    const recovery = await recoveryOf(organizer, params.recoveryId);
    if (recovery.stage !== 'awaiting-organizer') throw new ApiError(409, 'invalid_request', 'The member has not set their new password yet');
    const at = now();
    await db.transaction().execute(async (trx) => {
      // The keys must be sealed to the member's key as it is now (not one from before another reset).
      const member = await loadAccount({ db: trx }, recovery.account_id);
      if (member.public_key_x25519 !== body.memberPublicKey) throw new ApiError(409, 'stale_group_key', "The member's keys changed: load the recovery again");
      const roles = await setAsideRoles(trx, recovery.id);
      requireExactly(
        roles.keys(),
        body.vaultKeys.map((grant) => grant.vaultId),
        "The member's vaults resealed to their new key",
      );
      if (!(await deleteRecovery(trx, recovery.id, 'awaiting-organizer'))) throw noSuchRecovery();
      await restoreVaults(trx, recovery.account_id, body.vaultKeys.map((grant) => ({ ...grant, role: roles.get(grant.vaultId)! })), at);
      await audit(trx, at, 'family.recovery_completed', { accountId: recovery.account_id, sessionId: session.sessionId, ip: request.ip });
    });
    return { completed: true as const };
  });

  addRoute(app, context, familyRoutes.cancelRecovery, async ({ session, params, request }) => {
    const organizer = await requireOrganizer(db, session.accountId);
    const recovery = await recoveryOf(organizer, params.recoveryId);
    // After the reset only completing gives the member their vaults back: it cannot be cancelled then.
    if (recovery.stage !== 'awaiting-member') throw new ApiError(409, 'invalid_request', 'The member already set a new password: complete the recovery so they get their items back');
    const at = now();
    await db.transaction().execute(async (trx) => {
      if (!(await deleteRecovery(trx, recovery.id, 'awaiting-member'))) throw noSuchRecovery();
      await audit(trx, at, 'family.recovery_cancelled', { accountId: recovery.account_id, sessionId: session.sessionId, ip: request.ip });
    });
    return { cancelled: true as const };
  });

  registerMemberRecoveryRoutes(app, context);
  registerFamilyOrganizerRoutes(app, context);
  registerFamilyRecoveryRequestRoutes(app, context);
}
