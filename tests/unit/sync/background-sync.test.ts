/**
 * The background sync's timers, with a clock moved by hand: one per unlocked account, started
 * on unlock, stopped on lock, removal and quit (locking all), a slow sync never doubled, and the
 * account-change events that go with them.
 */
import { describe, expect, it } from 'vitest';
import type { AccountChange } from '../../../src/main/core/account/account-view';
import { emitAccountChanges } from '../../../src/main/core/events/account-events';
import { watchFamilies } from '../../../src/main/core/events/family-events';
import { BackgroundSync } from '../../../src/main/core/sync/background-sync';

class Timers {
  readonly running = new Map<number, { ms: number; tick: () => void }>();
  #next = 0;
  every(ms: number, tick: () => void) {
    const id = this.#next++;
    this.running.set(id, { ms, tick });
    return () => void this.running.delete(id);
  }
  fire() {
    for (const { tick } of [...this.running.values()]) tick();
  }
}

class StandInAccounts {
  readonly #listeners: ((localUuid: string, change: AccountChange) => void)[] = [];
  onChange(listener: (localUuid: string, change: AccountChange) => void) {
    this.#listeners.push(listener);
  }
  change(localUuid: string, change: AccountChange) {
    for (const listener of this.#listeners) listener(localUuid, change);
  }
}

const alice = '2c1f7e0a-5d1b-4c3e-9f6a-1b2c3d4e5f60';
const bob = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('background sync timers', () => {
  it('runs one timer per unlocked account at the interval, and stops it on lock and on removal', async () => {
    const timers = new Timers();
    const accounts = new StandInAccounts();
    const synced: string[] = [];
    const background = new BackgroundSync({ accounts, intervalMs: 1234, clock: timers, syncAccount: async (id) => void synced.push(id) });
    accounts.change(alice, { state: 'unlocked' });
    accounts.change(bob, { state: 'unlocked' });
    expect(background.scheduled).toEqual([alice, bob]);
    expect([...timers.running.values()].map((timer) => timer.ms)).toEqual([1234, 1234]);
    timers.fire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(synced.sort()).toEqual([alice, bob].sort());

    accounts.change(alice, { state: 'locked', reason: 'idle' });
    expect(background.scheduled).toEqual([bob]);
    synced.length = 0;
    timers.fire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(synced).toEqual([bob]);
    accounts.change(bob, { state: 'removed' });
    expect(background.scheduled).toEqual([]);
    expect(timers.running.size).toBe(0);
  });

  it('unlocking again replaces the timer rather than adding one', () => {
    const timers = new Timers();
    const accounts = new StandInAccounts();
    new BackgroundSync({ accounts, intervalMs: 10, clock: timers, syncAccount: async () => undefined });
    accounts.change(alice, { state: 'unlocked' });
    accounts.change(alice, { state: 'locked', reason: 'user' });
    accounts.change(alice, { state: 'unlocked' });
    expect(timers.running.size).toBe(1);
  });

  it('does not start a second sync of an account while one still runs, and carries on after one fails', async () => {
    const timers = new Timers();
    const accounts = new StandInAccounts();
    let started = 0;
    let finish: () => void = () => undefined;
    new BackgroundSync({
      accounts,
      intervalMs: 10,
      clock: timers,
      syncAccount: () => {
        started += 1;
        return started === 1 ? new Promise<void>((resolve) => (finish = resolve)) : Promise.reject(new Error('offline'));
      },
    });
    accounts.change(alice, { state: 'unlocked' });
    timers.fire();
    timers.fire();
    expect(started).toBe(1);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    timers.fire();
    expect(started).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    timers.fire();
    expect(started).toBe(3);
  });
});

describe('account-change events', () => {
  it('tells unlock, lock with its reason and removal, but not a lock of an account that was not unlocked', () => {
    const accounts = new StandInAccounts();
    const sent: unknown[] = [];
    emitAccountChanges(accounts, { emit: (name, payload) => void sent.push([name, payload]) });
    accounts.change(alice, { state: 'locked', reason: 'user' });
    accounts.change(alice, { state: 'unlocked' });
    accounts.change(alice, { state: 'locked', reason: 'sleep' });
    accounts.change(alice, { state: 'locked', reason: 'sign-out' });
    accounts.change(alice, { state: 'removed' });
    expect(sent).toEqual([
      ['account.changed', { accountId: alice, state: 'unlocked' }],
      ['account.changed', { accountId: alice, state: 'locked', reason: 'sleep' }],
      ['account.changed', { accountId: alice, state: 'removed' }],
    ]);
  });
});

describe('family-change events', () => {
  const family = (role: 'organizer' | 'member', stage: 'awaiting-member' | 'awaiting-organizer') => ({
    name: 'The Appleseeds',
    role,
    members: [{ accountId: 'ABC123', email: 'kid@example.com', role: 'member' as const, joinedAt: 'then' }],
    invites: [],
    recoveries: [{ recoveryId: 'cmVjb3ZlcnktaWQtMDAwMQ', accountId: 'ABC123', email: 'kid@example.com', stage, startedAt: 'then', expiresAt: 'later' }],
  });

  it('tells what it sees first, then only a change (a role, a recovery moving on), with no email or name, and starts over after a lock', async () => {
    let current: ReturnType<typeof family> | null = family('organizer', 'awaiting-member');
    const locks: ((id: string) => void)[] = [];
    const sent: unknown[] = [];
    const watch = watchFamilies({ onLock: (listener) => void locks.push(listener) }, { family: async () => current as never }, { emit: (_name, payload) => void sent.push(payload) });
    const look = (accountId: string) => watch.check(accountId);
    await look(alice);
    await look(alice);
    expect(sent).toEqual([{ accountId: alice, inFamily: true, role: 'organizer', members: 1, invites: 0, recoveries: [{ recoveryId: 'cmVjb3ZlcnktaWQtMDAwMQ', stage: 'awaiting-member' }] }]);
    current = family('organizer', 'awaiting-organizer');
    await look(alice);
    current = family('member', 'awaiting-organizer');
    await look(alice);
    expect(sent.slice(1)).toEqual([expect.objectContaining({ role: 'organizer', recoveries: [expect.objectContaining({ stage: 'awaiting-organizer' })] }), expect.objectContaining({ role: 'member' })]);
    expect(JSON.stringify(sent)).not.toMatch(/kid@example\.com|Appleseeds/);
    for (const listener of locks) listener(alice);
    await look(alice);
    expect(sent).toHaveLength(4);
    current = null;
    await look(alice);
    expect(sent.at(-1)).toEqual({ accountId: alice, inFamily: false, role: null, members: 0, invites: 0, recoveries: [] });
  });

  it('tells a change the window was shown but the last look missed: a recovery that began and ended between two looks', async () => {
    const current = { ...family('organizer', 'awaiting-member'), recoveries: [] };
    const sent: unknown[] = [];
    const watch = watchFamilies({ onLock: () => undefined }, { family: async () => current as never }, { emit: (_name, payload) => void sent.push(payload) });
    await watch.check(alice);
    // The organizer starts a recovery: the window is answered the family with it, between two looks.
    watch.shown(alice, family('organizer', 'awaiting-member') as never);
    // The member recovers with their own code before the next look: the family is as the last look saw it.
    await watch.check(alice);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ accountId: alice, recoveries: [] });
  });
});
