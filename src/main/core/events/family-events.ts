/**
 * Looks at an account's family as the server tells it (members, invitations, recoveries and
 * their stages) and emits 'family.changed' when that differs from what it saw last, so an
 * organizer's screen learns that a member set their new password without asking. What it saw
 * is forgotten when the account locks.
 */
import type { Accounts } from '../account/accounts';
import type { FamilyService } from '../family/family';
import type { CoreEvents } from './core-events';
import type { EventOf } from '../../../shared/ipc/events';

export function watchFamilies(accounts: Pick<Accounts, 'onLock'>, families: Pick<FamilyService, 'family'>, events: Pick<CoreEvents, 'emit'>): (accountId: string) => Promise<void> {
  const seen = new Map<string, string>();
  accounts.onLock((accountId) => seen.delete(accountId));
  return async (accountId) => {
    const family = await families.family(accountId);
    const change: EventOf<'family.changed'> = {
      accountId,
      inFamily: family !== null,
      members: family?.members.length ?? 0,
      invites: family?.invites.length ?? 0,
      recoveries: (family?.recoveries ?? []).map(({ recoveryId, stage }) => ({ recoveryId, stage })),
    };
    const text = JSON.stringify(change);
    if (seen.get(accountId) === text) return;
    seen.set(accountId, text);
    events.emit('family.changed', change);
  };
}
