/**
 * Looks at an account's family as the server tells it and emits 'family.changed' when anything
 * in it (a member joined, left or changed role, an invitation, a recovery moved on) differs from
 * what it saw last or what the window was last shown, so an organizer's screen learns that a
 * member set their new password without asking, even when a recovery began and ended between
 * two looks. The event carries counts, this account's role and each recovery's stage; what was
 * seen stays in memory, and is forgotten when the account locks.
 */
import type { Accounts } from '../account/accounts';
import type { FamilyService } from '../family/family';
import type { CoreEvents } from './core-events';
import type { FamilyView } from '../../../shared/server-api/family';

/** Looks at an account's family (`check`), and learns what the window was just shown (`shown`). */
export interface FamilyWatch {
  check(accountId: string): Promise<void>;
  /** The family as a channel just answered it to the window: the next look compares against it, so a change the window never saw is still told. */
  shown(accountId: string, family: FamilyView | null): void;
}

export function watchFamilies(accounts: Pick<Accounts, 'onLock'>, families: Pick<FamilyService, 'family'>, events: Pick<CoreEvents, 'emit'>): FamilyWatch {
  const seen = new Map<string, string>();
  accounts.onLock((accountId) => seen.delete(accountId));
  return {
    shown: (accountId, family) => void seen.set(accountId, JSON.stringify(family)),
    async check(accountId) {
      const family = await families.family(accountId);
      const text = JSON.stringify(family);
      if (seen.get(accountId) === text) return;
      seen.set(accountId, text);
      events.emit('family.changed', {
        accountId,
        inFamily: family !== null,
        role: family?.role ?? null,
        members: family?.members.length ?? 0,
        invites: family?.invites.length ?? 0,
        recoveries: (family?.recoveries ?? []).map(({ recoveryId, stage }) => ({ recoveryId, stage })),
      });
    },
  };
}
