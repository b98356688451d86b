/** The IPC handlers of Families and of a member's recovery by a Family Organizer. */
import type { FamilySummary } from '../../../shared/ipc/channels/family';
import type { FamilyView } from '../../../shared/server-api/family';
import type { Accounts } from '../account/accounts';
import type { ReauthGrants } from '../account/reauth-grants';
import type { Handlers } from '../ipc/router';
import { ownSecurityCode } from '../crypto/security-code';
import type { SyncServerClient } from '../sync/client';
import type { FamilyService } from './family';
import { MemberRecovery } from './member-recovery';

type FamilyHandlers = Pick<Handlers, Extract<keyof Handlers, `family.${string}` | `memberRecovery.${string}`>>;

/** What the renderer shows of a family: names, roles and states, and this account's security code; no keys. */
function summaryOf(family: FamilyView, you: string, securityCode: string): FamilySummary {
  return {
    name: family.name,
    role: family.role,
    you,
    securityCode,
    members: family.members.map(({ accountId, email, role, joinedAt }) => ({ accountId, email, role, joinedAt })),
    invites: family.invites,
    recoveryRequests: family.recoveryRequests,
    cancelledRecoveries: family.cancelledRecoveries,
    recoveries: family.recoveries.map(({ recoveryId, accountId, email, stage, startedAt, expiresAt }) => ({ recoveryId, accountId, email, stage, startedAt, expiresAt })),
  };
}

/** `shown` learns every family answered to the window (the background's family check compares against it). */
export function familyHandlers(context: { accounts: Accounts; families: FamilyService; api: SyncServerClient; localMailbox: boolean; grants: ReauthGrants; shown: (accountId: string, family: FamilyView | null) => void }): FamilyHandlers {
  const { accounts, families, api, localMailbox, grants, shown } = context;
  const memberRecovery = new MemberRecovery(api);
  const summaryFor = (accountId: string, family: FamilyView) => (shown(accountId, family), summaryOf(family, accounts.unlocked(accountId).serverAccountId, ownSecurityCode(accounts.unlocked(accountId))));
  const summary = (accountId: string, family: FamilyView) => ({ family: summaryFor(accountId, family) });
  /** Runs a change, then answers the family as it is now. */
  const thenFamily = async (accountId: string, change: () => Promise<unknown>) => {
    await change();
    const family = await families.family(accountId);
    if (!family) throw new Error('the family is gone after a change to it');
    return summary(accountId, family);
  };
  return {
    'family.get': async ({ accountId }) => {
      const family = await families.family(accountId);
      if (!family) shown(accountId, null);
      return { family: family && summaryFor(accountId, family) };
    },
    'family.create': async ({ accountId, name }) => summary(accountId, await families.create(accountId, name)),
    'family.invite': async ({ accountId, email }) => families.invite(accountId, email),
    'family.invitation': async ({ accountId, inviteToken }) => families.invitation(accountId, inviteToken),
    'family.join': async ({ accountId, inviteToken, organizerCode }) => summary(accountId, await families.join(accountId, inviteToken, organizerCode)),
    'family.trustOrganizer': async ({ accountId, organizerCode }) => summary(accountId, await families.trustOrganizer(accountId, organizerCode)),
    'family.setRole': async ({ accountId, memberId, role }) => summary(accountId, await families.setRole(accountId, memberId, role)),
    'family.remove': async ({ accountId, memberId }) => summary(accountId, await families.remove(accountId, memberId)),
    'family.startRecovery': async ({ accountId, memberId }) => thenFamily(accountId, () => families.startRecovery(accountId, memberId)),
    'family.completeRecovery': async ({ accountId, recoveryId }) => thenFamily(accountId, () => families.completeRecovery(accountId, recoveryId)),
    'family.cancelRecovery': async ({ accountId, recoveryId }) => thenFamily(accountId, () => families.cancelRecovery(accountId, recoveryId)),
    'family.cancelInvite': async ({ accountId, email }) => summary(accountId, await families.cancelInvite(accountId, email)),
    'family.dismissCancelledRecovery': async ({ accountId, memberId }) => summary(accountId, await families.dismissCancelledRecovery(accountId, memberId)),
    'family.stepDown': async ({ accountId, memberId }) => summary(accountId, await families.stepDown(accountId, memberId)),
    'memberRecovery.start': async ({ email }) => ({ ...(await memberRecovery.start(email)), localMailbox }),
    'memberRecovery.verify': async ({ code }) => memberRecovery.verify(code),
    'memberRecovery.complete': async ({ password }) => {
      const added = await accounts.addRecovered(await memberRecovery.complete(password));
      // The user just chose the new password; the next step is the new Emergency Kit.
      grants.grant(added.account.accountId);
      return added;
    },
    'memberRecovery.cancel': async () => (memberRecovery.cancel(), {}),
    'memberRecovery.ask': async ({ email }) => (await memberRecovery.ask(email), {}),
  };
}
