/**
 * The core syncs by itself: two devices (main cores with their own data folders) against one
 * real sync server. Device A never asks for a sync: an item saved on device B reaches A's
 * memory through A's background sync alone, and A's window is told by a 'sync.result' event.
 * A locked account's timer stops (its absence is shown against another account on the same
 * device that keeps syncing, not by waiting a fixed time), and starts again on unlock.
 */
import { describe, expect, it } from 'vitest';
import type { EventName, EventOf } from '../../../src/shared/ipc/events';
import { PASSWORD, useDesktopServer } from './desktop-devices';
import { login as loginOf } from '../../support/items';

const INTERVAL_MS = 150;
const desktop = useDesktopServer('background');

type Received = { name: EventName; payload: unknown };

/** A device with background sync on (or off), and every event its window would receive. */
async function device(backgroundSyncMs?: number) {
  const { core, ipc } = await desktop.device({ backgroundSyncMs });
  const received: Received[] = [];
  core.events.connect((name, payload) => void received.push({ name, payload }));
  const of = <E extends EventName>(name: E, accountId: string, from = 0) => received.slice(from).filter((event) => event.name === name && (event.payload as { accountId: string }).accountId === accountId).map((event) => event.payload as EventOf<E>);
  return { ipc, received, of, close: () => core.close() };
}

const signUp = desktop.signUp;

const login = (title: string) => loginOf({ title, username: `${title}@example.com`, password: `${title}-pw` });

describe('background sync in the main core', () => {
  it('pulls what another device saved with no call from the window, tells it by event, stops on lock and starts again on unlock', async () => {
    const a = await device(INTERVAL_MS);
    const alice = await signUp(a.ipc, 'alice.background@example.com');
    const bob = (await signUp(a.ipc, 'bob.background@example.com')).account.accountId;
    const aliceId = alice.account.accountId;
    expect(a.of('account.changed', aliceId)).toEqual([{ accountId: aliceId, state: 'unlocked' }]);

    const b = await device();
    const aliceOnB = (await b.ipc('signin.newDevice', { email: 'alice.background@example.com', secretKey: alice.secretKey, password: PASSWORD })).account.accountId;
    const vaultId = (await b.ipc('vault.open', { accountId: aliceOnB })).vaultId;
    await b.ipc('vault.save', { accountId: aliceOnB, vaultId, expectedVersion: 0, fields: login('Made on B') });

    // A's background sync alone brings it: the event names the vault and counts one new item.
    await expect.poll(() => a.of('sync.result', aliceId).some((result) => result.vaults.some((vault) => vault.vaultId === vaultId && vault.added === 1)), { timeout: 20_000 }).toBe(true);
    // What the window reads afterwards (from memory, no pull of its own) has it.
    expect((await a.ipc('vault.show', { accountId: aliceId })).items.map((item) => item.title)).toEqual(['Made on B']);

    await a.ipc('account.lock', { accountId: aliceId });
    expect(a.of('account.changed', aliceId).at(-1)).toEqual({ accountId: aliceId, state: 'locked', reason: 'user' });
    const mark = a.received.length;
    await b.ipc('vault.save', { accountId: aliceOnB, vaultId, expectedVersion: 0, fields: login('Made while A was locked') });
    // Bob, still unlocked on A, syncs three more times; Alice, locked, not once.
    await expect.poll(() => a.of('sync.result', bob, mark).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(a.of('sync.result', aliceId, mark)).toEqual([]);

    await a.ipc('account.unlock', { accountId: aliceId, password: PASSWORD });
    await expect.poll(() => a.of('sync.result', aliceId, mark).some((result) => result.vaults.some((vault) => vault.added === 1)), { timeout: 20_000 }).toBe(true);
    expect((await a.ipc('vault.show', { accountId: aliceId })).items.map((item) => item.title).sort()).toEqual(['Made on B', 'Made while A was locked']);

    // Quitting locks every account, which stops every timer, and says why.
    await a.close();
    expect(a.of('account.changed', bob).at(-1)).toEqual({ accountId: bob, state: 'locked', reason: 'quit' });
  });

  it('sends nothing that does not match the contract and nothing secret', async () => {
    const c = await device(INTERVAL_MS);
    const carol = await signUp(c.ipc, 'carol.background@example.com');
    const carolId = carol.account.accountId;
    await expect.poll(() => c.of('sync.result', carolId).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(c.received);
    for (const secret of [PASSWORD, carol.secretKey, 'carol.background@example.com']) expect(text).not.toContain(secret);
  });
});
