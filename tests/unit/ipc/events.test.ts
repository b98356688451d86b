/**
 * The event stream's contract, on both sides: the core checks an event before it sends it and
 * the preload's receiver checks it again; a payload off its schema (or an unknown name) is
 * dropped, counted, and reported by name only, and never reaches a sink or a handler.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CoreEvents } from '../../../src/main/core/events/core-events';
import { createEventReceiver } from '../../../src/shared/ipc/event-receiver';
import { events, type EventName } from '../../../src/shared/ipc/events';

const accountId = '2c1f7e0a-5d1b-4c3e-9f6a-1b2c3d4e5f60';
const vaultId = 'c2hhcmVkLXZhdWx0LWlkAA';
const secret = 'correct horse battery staple';

const good: { [E in EventName]: unknown } = {
  'account.changed': { accountId, state: 'locked', reason: 'idle' },
  'sync.result': { accountId, vaults: [{ vaultId, added: 1, changed: 0, removed: 2 }], vaultsChanged: false, offline: false, error: null },
  'family.changed': { accountId, inFamily: true, role: 'organizer', members: 2, invites: 0, recoveries: [{ recoveryId: 'cmVjb3ZlcnktaWQtMDAwMQ', stage: 'awaiting-organizer' }] },
  'app.command': { command: 'new-item' },
  'import.progress': { importId: 'aW1wb3J0LWlkLTAwMDE', done: 500, total: 10_000 },
};

/** Payloads each event must refuse: a secret in an extra field, a wrong type, a negative count, an unknown state or code. */
const bad: [EventName, unknown][] = [
  ['import.progress', { importId: 'aW1wb3J0LWlkLTAwMDE', done: 1, total: 2, title: secret }],
  ['import.progress', { importId: '../x', done: 1, total: 2 }],
  ['account.changed', { accountId, state: 'unlocked', password: secret }],
  ['account.changed', { accountId, state: 'locked' }],
  ['account.changed', { accountId, state: 'locked', reason: 'because' }],
  ['account.changed', { accountId: 'alice@example.com', state: 'removed' }],
  ['sync.result', { accountId, vaults: [{ vaultId, added: -1, changed: 0, removed: 0 }], vaultsChanged: false, offline: false, error: null }],
  ['sync.result', { accountId, vaults: [{ vaultId: '../cache', added: 0, changed: 0, removed: 0 }], vaultsChanged: false, offline: false, error: null }],
  ['sync.result', { accountId, vaults: [{ vaultId, added: 0, changed: 0, removed: 0, title: secret }], vaultsChanged: false, offline: false, error: null }],
  ['sync.result', { accountId, vaults: [], vaultsChanged: false, offline: false, error: 'The server said: ' + secret }],
  ['family.changed', { accountId, inFamily: true, role: 'member', members: 1.5, invites: 0, recoveries: [] }],
  ['family.changed', { accountId, inFamily: true, role: 'member', members: 1, invites: 0, recoveries: [{ recoveryId: 'x', stage: 'done' }] }],
  ['family.changed', { accountId, inFamily: true, role: 'member', members: 1, invites: 0, recoveries: [], email: 'alice@example.com' }],
  ['app.command', { command: 'delete-everything' }],
  ['app.command', { command: 'find', query: secret }],
  ['app.command', {}],
];

describe('the core side (CoreEvents)', () => {
  it('sends every valid event to every connected sink, and stops at disconnect', () => {
    const core = new CoreEvents(() => undefined);
    const sink = vi.fn();
    const disconnect = core.connect(sink);
    for (const [name, payload] of Object.entries(good)) core.emit(name as EventName, payload as never);
    expect(sink.mock.calls).toEqual(Object.entries(good));
    disconnect();
    core.emit('account.changed', good['account.changed'] as never);
    expect(sink).toHaveBeenCalledTimes(Object.keys(good).length);
  });

  it.each(bad)('drops a %s event off its schema, counts it and reports it by name only', (name, payload) => {
    const reported: string[] = [];
    const core = new CoreEvents((message) => reported.push(message));
    const sink = vi.fn();
    core.connect(sink);
    core.emit(name, payload as never);
    expect(sink).not.toHaveBeenCalled();
    expect(core.dropped).toBe(1);
    expect(reported).toEqual([`dropped an event that does not match the contract: ${name}`]);
  });

  it('drops an event name the contract does not have', () => {
    const core = new CoreEvents(() => undefined);
    const sink = vi.fn();
    core.connect(sink);
    core.emit('vault.secrets' as EventName, {} as never);
    expect(sink).not.toHaveBeenCalled();
    expect(core.dropped).toBe(1);
  });

  it('keeps sending to the other sinks when one throws or rejects (a closed window)', () => {
    const core = new CoreEvents(() => undefined);
    const alive = vi.fn();
    core.connect(() => {
      throw new Error('Object has been destroyed');
    });
    core.connect(() => Promise.reject(new Error('Target closed')));
    core.connect(alive);
    core.emit('account.changed', good['account.changed'] as never);
    expect(alive).toHaveBeenCalledTimes(1);
  });
});

describe("the renderer side (the preloads' receiver)", () => {
  it('hands a valid event to the handlers of its name only, until they unsubscribe', () => {
    const receiver = createEventReceiver(() => undefined);
    const onAccount = vi.fn();
    const onSync = vi.fn();
    const unsubscribe = receiver.events.on('account.changed', onAccount);
    receiver.events.on('sync.result', onSync);
    receiver.receive('account.changed', good['account.changed']);
    expect(onAccount).toHaveBeenCalledWith(good['account.changed']);
    expect(onSync).not.toHaveBeenCalled();
    unsubscribe();
    receiver.receive('account.changed', good['account.changed']);
    expect(onAccount).toHaveBeenCalledTimes(1);
    expect(receiver.dropped()).toBe(0);
  });

  it.each(bad)('drops a %s event off its schema before any handler, and reports it without its payload', (name, payload) => {
    const reported: string[] = [];
    const receiver = createEventReceiver((message) => reported.push(message));
    const handler = vi.fn();
    receiver.events.on(name, handler);
    receiver.receive(name, payload);
    expect(handler).not.toHaveBeenCalled();
    expect(receiver.dropped()).toBe(1);
    expect(reported.join('\n')).not.toContain(secret);
    expect(reported.join('\n')).not.toContain('alice@example.com');
  });

  it('keeps delivering when one handler throws', () => {
    const reported: string[] = [];
    const receiver = createEventReceiver((message) => reported.push(message));
    const later = vi.fn();
    receiver.events.on('sync.result', () => {
      throw new Error('render failed');
    });
    receiver.events.on('sync.result', later);
    receiver.receive('sync.result', good['sync.result']);
    expect(later).toHaveBeenCalledTimes(1);
    expect(reported).toEqual(['a handler of sync.result failed']);
  });

  it('lets no garbage through to a handler (fuzzed names and payloads)', () => {
    const receiver = createEventReceiver(() => undefined);
    const handlers = Object.fromEntries(Object.keys(events).map((name) => [name, vi.fn()]));
    for (const [name, handler] of Object.entries(handlers)) receiver.events.on(name as EventName, handler);
    const name = fc.oneof(fc.constantFrom(...Object.keys(events)), fc.string(), fc.anything());
    let received = 0;
    fc.assert(
      fc.property(name, fc.anything(), (eventName, payload) => {
        receiver.receive(eventName, payload);
        const delivered = Object.values(handlers).reduce((sum, handler) => sum + handler.mock.calls.length, 0);
        if (delivered > received) {
          // Only a payload its schema accepts may arrive; anything fc.anything() makes that passes must parse.
          expect(events[eventName as EventName].safeParse(payload).success).toBe(true);
          received = delivered;
        }
      }),
      { numRuns: 100_000 },
    );
    expect(receiver.dropped()).toBeGreaterThan(99_000);
  });
});
