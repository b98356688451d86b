/**
 * Looks at an account's family as the server tells it and emits 'family.changed' when anything
 * in it differs from what it saw last (a member joined, left or changed role, an invitation, a
 * recovery moved on), so an organizer's screen learns that a member set their new password
 * without asking. The event carries counts, this account's role and each recovery's stage;
 * what was seen stays in memory, and is forgotten when the account locks.
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
      role: family?.role ?? null,
      members: family?.members.length ?? 0,
      invites: family?.invites.length ?? 0,
      recoveries: (family?.recoveries ?? []).map(({ recoveryId, stage }) => ({ recoveryId, stage })),
    };
    const text = JSON.stringify(family);
    if (seen.get(accountId) === text) return;
    seen.set(accountId, text);
    events.emit('family.changed', change);
  };
}
