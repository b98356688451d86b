/**
 * Both preloads' end of the event stream, without Electron or Chromium: Electron's preload
 * listens on the one event channel (ipcRenderer.on) and the browser preload defines the page
 * function the host calls; each hands what arrives to `latchkey.events`, which passes an event
 * to the screens only if it matches the contract. Each test fails if its preload stops wiring it.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LatchkeyEvents } from '../../../src/shared/ipc/event-receiver';
import { hostEventFunction, ipcBindingName, ipcEventChannel } from '../../../src/shared/ipc/transport';

const recorded = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), listeners: new Map<string, (event: unknown, ...args: unknown[]) => void>() }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => recorded.exposed.set(name, api) },
  ipcRenderer: { on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => recorded.listeners.set(channel, listener), invoke: vi.fn() },
}));

const accountId = '2c1f7e0a-5d1b-4c3e-9f6a-1b2c3d4e5f60';
const unlocked = { accountId, state: 'unlocked' };
const scope = globalThis as unknown as Record<string, unknown>;

describe("Electron's preload", () => {
  it('passes events from the one event channel to latchkey.events, and drops one off the contract', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await import('../../../src/main/preload/electron');
    const { events } = recorded.exposed.get('latchkey') as { events: LatchkeyEvents };
    const handler = vi.fn();
    events.on('account.changed', handler);
    const listener = recorded.listeners.get(ipcEventChannel);
    listener?.({}, 'account.changed', unlocked);
    listener?.({}, 'account.changed', { ...unlocked, secretKey: 'A3-ABCDEF' });
    expect(handler.mock.calls).toEqual([[unlocked]]);
  });
});

describe("the browser host's preload", () => {
  // The page binding the host installs (window.ts), which answers every call as JSON text.
  const binding = vi.fn<(channel: string, request: unknown) => Promise<unknown>>();
  afterAll(() => {
    for (const name of ['latchkey', hostEventFunction]) Reflect.deleteProperty(scope, name);
  });

  it('passes events from the page function the host calls to latchkey.events, hides it from listing, and drops one off the contract', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    scope[ipcBindingName] = binding;
    await import('../../../src/main/preload/browser');
    const { events } = scope.latchkey as { events: LatchkeyEvents };
    const handler = vi.fn();
    events.on('account.changed', handler);
    const deliver = scope[hostEventFunction] as (name: unknown, payload: unknown) => void;
    deliver('account.changed', unlocked);
    deliver('account.changed', { ...unlocked, state: 'hacked' });
    deliver('vault.items', { items: [] });
    expect(handler.mock.calls).toEqual([[unlocked]]);
    expect(Object.keys(globalThis)).not.toContain(hostEventFunction);
  });

  it('reads the answer the host sends as JSON text, and takes anything else for no answer', async () => {
    await import('../../../src/main/preload/browser');
    const { invoke } = scope.latchkey as { invoke: (channel: string, request: unknown) => Promise<unknown> };
    binding.mockResolvedValueOnce(JSON.stringify({ ok: true, value: { accounts: [] } }));
    expect(await invoke('accounts.list', {})).toEqual({ ok: true, value: { accounts: [] } });
    expect(binding).toHaveBeenLastCalledWith('accounts.list', {});
    // The same answer as a value (the tree Playwright would serialise) or broken text is not an answer.
    binding.mockResolvedValueOnce({ ok: true, value: { accounts: [] } });
    expect(await invoke('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    binding.mockResolvedValueOnce('{"ok": tru');
    expect(await invoke('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
