/**
 * The desktop shell's settings: kept in the settings file (defaults for a file from before they
 * existed), a shortcut checked by the channel's schema, and a shortcut the desktop refuses
 * answered 'unavailable' with nothing saved.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopHandlers } from '../../../src/main/core/app/desktop-handlers';
import { SettingsStore } from '../../../src/main/core/settings/settings';
import { channels } from '../../../src/shared/ipc/contract';
import { DEFAULT_QUICK_ACCESS_SHORTCUT, type DesktopSettings } from '../../../src/shared/ipc/channels/desktop';
import { IpcError } from '../../../src/shared/ipc/result';

let dataDir: string;
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'latchkey-desktop-settings-'))));
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function handlersWith(settings: SettingsStore, apply: (settings: DesktopSettings) => boolean) {
  return desktopHandlers({ settings, apply, accounts: { list: () => [] } as never, vaults: {} as never });
}

describe('desktop settings', () => {
  it('start at the default shortcut with updates on, also for a settings file written before they existed', async () => {
    const store = SettingsStore.open(dataDir);
    expect(store.desktop).toEqual({ quickAccessShortcut: DEFAULT_QUICK_ACCESS_SHORTCUT, autoUpdate: true });
    const file = JSON.parse(readFileSync(store.path, 'utf8'));
    delete file.quickAccessShortcut;
    delete file.autoUpdate;
    writeFileSync(store.path, JSON.stringify(file));
    expect(SettingsStore.open(dataDir).desktop).toEqual({ quickAccessShortcut: DEFAULT_QUICK_ACCESS_SHORTCUT, autoUpdate: true });
  });

  it('are saved when the host accepts them, and read back after a restart', async () => {
    const applied: DesktopSettings[] = [];
    const handlers = handlersWith(SettingsStore.open(dataDir), (settings) => (applied.push(settings), true));
    const next = { quickAccessShortcut: 'Control+Alt+K', autoUpdate: false };
    expect(await handlers['desktop.saveSettings'](next)).toEqual(next);
    expect(applied).toEqual([next]);
    expect(SettingsStore.open(dataDir).desktop).toEqual(next);
  });

  it('refuse a shortcut the desktop will not take, and keep the saved one', async () => {
    const store = SettingsStore.open(dataDir);
    const handlers = handlersWith(store, () => false);
    const refused = await handlers['desktop.saveSettings']({ quickAccessShortcut: 'Alt+Space', autoUpdate: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IpcError);
    expect((refused as IpcError).code).toBe('unavailable');
    expect(SettingsStore.open(dataDir).desktop.quickAccessShortcut).toBe(DEFAULT_QUICK_ACCESS_SHORTCUT);
  });

  it.each([['a bare key', 'K'], ['no key', 'Control+Shift'], ['an unknown modifier', 'Hyper+K'], ['text', 'open please'], ['too long', `${'Shift+'.repeat(30)}K`]])('the channel refuses a shortcut that is %s', (_what, quickAccessShortcut) => {
    expect(channels['desktop.saveSettings'].request.safeParse({ quickAccessShortcut, autoUpdate: true }).success).toBe(false);
  });

  it('the channel refuses a field it does not name', () => {
    expect(channels['desktop.saveSettings'].request.safeParse({ quickAccessShortcut: DEFAULT_QUICK_ACCESS_SHORTCUT, autoUpdate: true, feedUrl: 'http://evil.example/' }).success).toBe(false);
  });

  it('Quick Access answers nothing for an empty query, without asking any vault', async () => {
    const handlers = handlersWith(SettingsStore.open(dataDir), () => true);
    expect(await handlers['quick.search']({ query: '   ' })).toEqual({ items: [] });
  });
});
