/**
 * The Electron host's wiring, checked without an Electron binary: `main.ts` runs against
 * stand-ins of the electron module (electron-stand-in.ts) and of the core and server it starts,
 * which record every call. Each assertion fails if main.ts stops making the call: the sandbox,
 * the permission lock and the request filter on both sessions, DevTools off when packaged, the
 * window lock-down, the single-instance lock, IPC only from our window's main frame, the core's
 * events sent to the window, the core closed before quitting, the menu, the tray and the
 * window's lifecycle, the embedded server in a utilityProcess.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cancels, findItem, standIn, UtilityChild } from './electron-stand-in';
import { RecordingContents } from './recording-contents';

const recorded = await vi.hoisted(async () => {
  const { CoreEvents } = await import('../../../src/main/core/events/core-events');
  const { mkdtempSync: makeTemp } = await import('node:fs');
  const { tmpdir: temp } = await import('node:os');
  const { join: joinPath } = await import('node:path');
  const dataDir = makeTemp(joinPath(temp(), 'latchkey-main-wiring-'));
  process.argv.push('--data-dir', dataDir);
  process.env.LATCHKEY_UPDATE_URL = 'https://updates.latchkey.example/desktop';
  return { dataDir, routed: [] as unknown[], events: new CoreEvents(() => undefined), closed: (await import('vitest')).vi.fn(() => Promise.resolve()), lockAll: (await import('vitest')).vi.fn(), started: (await import('vitest')).vi.fn() };
});

vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);
vi.mock('electron-updater', async () => ({ default: { autoUpdater: (await import('./electron-stand-in')).standIn.updater } }));
vi.mock('../../../src/main/core/app/start', () => ({
  backgroundSyncMs: () => 4_321,
  startMainCore: (options: unknown) => {
    recorded.started(options);
    return Promise.resolve({ router: (sender: unknown, channel: unknown, request: unknown) => recorded.routed.push({ sender, channel, request }), lockAll: recorded.lockAll, events: recorded.events, close: recorded.closed, desktopSettings: () => ({ quickAccessShortcut: 'CommandOrControl+Shift+Space', autoUpdate: true }), anyUnlocked: () => true });
  },
}));

const { ipcEventChannel, ipcInvokeChannel } = await import('../../../src/shared/ipc/transport');
const { appOrigins } = await import('../../../src/shared/app-shell');
const { kitPartition } = await import('../../../src/main/electron/request-filter');
const { WINDOW_STATE_FILE } = await import('../../../src/main/electron/window-state');

let checksAtStart = 0;
const firstWindow = () => standIn.Window.made[0]!;
const latestWindow = () => standIn.Window.made.at(-1)!;

describe('the Electron host (main.ts) wires every hardening call', () => {
  beforeAll(async () => {
    await import('../../../src/main/electron/main');
    await vi.waitFor(() => expect(standIn.applicationMenu).toBeDefined());
    checksAtStart = standIn.updater.checkForUpdates.mock.calls.length;
  });
  afterAll(() => {
    vi.resetModules();
    rmSync(recorded.dataDir, { recursive: true, force: true });
  });

  it('turns the sandbox on for every renderer and holds the single-instance lock', () => {
    expect(standIn.app.sandboxed).toBe(true);
    expect(standIn.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it("refuses every permission on the default session and on the kit window's session", () => {
    const kit = standIn.sessions.partitions.get(kitPartition);
    for (const each of [standIn.sessions.default, kit]) {
      let granted: boolean | undefined;
      each?.request?.({}, 'media', (answer) => (granted = answer));
      expect(granted).toBe(false);
      expect(each?.check?.()).toBe(false);
    }
  });

  it('filters every request of both sessions: the app reaches only its own origin, the kit window only its data: page', () => {
    const app = standIn.sessions.default;
    expect(cancels(app, `${appOrigins.electron}/assets/index.js`, 'script')).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8787/', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'data:text/html,<script>1</script>']) expect(cancels(app, url, 'mainFrame')).toBe(true);
    // Packaged: DevTools' own pages are refused too.
    expect(cancels(app, 'devtools://devtools/bundled/inspector.html', 'mainFrame')).toBe(true);
    const kit = standIn.sessions.partitions.get(kitPartition);
    expect(cancels(kit, 'data:text/html;charset=utf-8;base64,PGgxPg==', 'mainFrame')).toBe(false);
    expect(cancels(kit, 'https://example.com/', 'image')).toBe(true);
  });

  it('gives a packaged build no DevTools', () => {
    expect((firstWindow().options.webPreferences as Record<string, unknown>).devTools).toBe(false);
  });

  it("locks down the app window's contents: no new window, no navigation away", () => {
    const window = firstWindow();
    expect(window.loaded).toBe(`${appOrigins.electron}/`);
    expect(window.webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(window.webContents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(window.webContents.attempt('will-navigate', `${appOrigins.electron}/index.html`)).toBe(false);
  });

  it('locks down every webContents created later', () => {
    const later = new RecordingContents();
    standIn.app.emit('web-contents-created', {}, later);
    expect(later.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(later.attempt('will-attach-webview', `${appOrigins.electron}/`)).toBe(true);
  });

  it("routes IPC with the URL of the frame Electron names as the sender, and only from our window's main frame", async () => {
    const handler = standIn.ipcHandlers.get(ipcInvokeChannel);
    const frame = firstWindow().webContents.mainFrame;
    frame.url = 'https://evil.example/';
    await handler?.({ senderFrame: frame }, 'app.info', {});
    // A subframe of the window (same URL or not), a frame of another webContents, no frame: not our main frame.
    await handler?.({ senderFrame: { url: `${appOrigins.electron}/` } }, 'app.info', {});
    await handler?.({ senderFrame: null }, 'app.info', {});
    frame.url = `${appOrigins.electron}/`;
    expect(recorded.routed).toEqual([
      { sender: { frameUrl: 'https://evil.example/' }, channel: 'app.info', request: {} },
      { sender: { frameUrl: '' }, channel: 'app.info', request: {} },
      { sender: { frameUrl: '' }, channel: 'app.info', request: {} },
    ]);
  });

  it("sends the core's events to the app window on the one event channel, and nothing that fails the contract", () => {
    const window = firstWindow();
    const before = window.webContents.sent.length;
    const accountId = '2c1f7e0a-5d1b-4c3e-9f6a-1b2c3d4e5f60';
    recorded.events.emit('account.changed', { accountId, state: 'locked', reason: 'idle' });
    recorded.events.emit('account.changed', { accountId, state: 'locked', reason: 'because' } as never);
    expect(window.webContents.sent.slice(before)).toEqual([[ipcEventChannel, 'account.changed', { accountId, state: 'locked', reason: 'idle' }]]);
    expect(recorded.events.dropped).toBe(1);
  });

  it('starts the core with the background sync on, at the interval the environment gives, in the data folder asked for', () => {
    expect(recorded.started).toHaveBeenCalledWith(expect.objectContaining({ backgroundSyncMs: 4_321, dataDir: recorded.dataDir }));
  });

  it('has the core parse import files in a worker thread, from the import-worker.js built beside main.js', () => {
    const { importWorker } = recorded.started.mock.calls[0]![0] as { importWorker?: URL };
    expect(importWorker?.href).toMatch(/\/import-worker\.js$/);
  });

  it('sets the application menu: Lock All locks every account, New Item and Find reach the window as app.command, no DevTools when packaged', () => {
    const menu = standIn.applicationMenu;
    expect(findItem(menu, 'Lock All')?.accelerator).toBe('CommandOrControl+Shift+L');
    findItem(menu, 'Lock All')?.click?.();
    expect(recorded.lockAll).toHaveBeenCalledWith('user');
    const window = firstWindow();
    const before = window.webContents.sent.length;
    findItem(menu, 'New Item')?.click?.();
    findItem(menu, 'Find')?.click?.();
    expect(window.webContents.sent.slice(before)).toEqual([
      [ipcEventChannel, 'app.command', { command: 'new-item' }],
      [ipcEventChannel, 'app.command', { command: 'find' }],
    ]);
    expect(JSON.stringify(menu)).not.toContain('toggleDevTools');
    findItem(menu, 'Recovery Guide')?.click?.();
    expect(window.webContents.sent.at(-1)).toEqual([ipcEventChannel, 'app.command', { command: 'recovery-guide' }]);
  });

  it('puts a tray icon up whose menu opens the window, locks all and quits', () => {
    const [tray] = standIn.Tray.made;
    expect(tray?.menu?.map((item) => item.label).filter(Boolean)).toEqual(['Open Latchkey', 'Quick Access', 'Lock All', 'Quit Latchkey']);
    recorded.lockAll.mockClear();
    findItem(tray?.menu, 'Lock All')?.click?.();
    expect(recorded.lockAll).toHaveBeenCalledWith('user');
  });

  it('a second launch focuses the open window instead of making another', () => {
    const window = firstWindow();
    window.focus.mockClear();
    standIn.app.emit('second-instance');
    expect(window.focus).toHaveBeenCalled();
    expect(standIn.Window.made.filter((each) => each.options.title === 'Latchkey')).toHaveLength(1);
  });

  it("reloads the window with a notice when its renderer dies, but not when it exits cleanly", () => {
    const window = firstWindow();
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit' });
    expect(window.webContents.reload).not.toHaveBeenCalled();
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(window.webContents.reload).toHaveBeenCalledTimes(1);
    expect(standIn.dialog.showMessageBox).toHaveBeenCalledWith(window, expect.objectContaining({ message: expect.stringContaining('reloaded') }));
  });

  it('closing the window keeps the app running, remembers its bounds, and activate (or the tray) makes it again at those bounds', () => {
    const window = firstWindow();
    window.bounds = { x: 40, y: 50, width: 900, height: 700 };
    window.close();
    // Electron quits when nobody listens to window-all-closed.
    if (!standIn.app.emit('window-all-closed')) standIn.app.quit();
    expect(standIn.app.quit).not.toHaveBeenCalled();
    expect(JSON.parse(readFileSync(join(recorded.dataDir, WINDOW_STATE_FILE), 'utf8'))).toEqual({ x: 40, y: 50, width: 900, height: 700, maximized: false });
    standIn.app.emit('activate');
    const again = latestWindow();
    expect(again).not.toBe(window);
    expect(again.bounds).toEqual({ x: 40, y: 50, width: 900, height: 700 });
    expect(again.loaded).toBe(`${appOrigins.electron}/`);
  });

  it('registers the Quick Access shortcut from the settings; it opens a small window on top whose main frame may call channels, gone when it loses focus', async () => {
    expect([...standIn.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    standIn.shortcuts.get('CommandOrControl+Shift+Space')?.();
    const quick = latestWindow();
    expect(quick.options).toMatchObject({ frame: false, alwaysOnTop: true });
    expect(quick.loaded).toBe(`${appOrigins.electron}/?view=quick-access`);
    expect((quick.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    const before = recorded.routed.length;
    await standIn.ipcHandlers.get(ipcInvokeChannel)?.({ senderFrame: quick.webContents.mainFrame }, 'quick.search', { query: 'mail' });
    expect(recorded.routed.slice(before)).toEqual([{ sender: { frameUrl: `${appOrigins.electron}/` }, channel: 'quick.search', request: { query: 'mail' } }]);
    quick.emit('blur');
    expect(quick.isDestroyed()).toBe(true);
    // The tray's Quick Access opens it again.
    findItem(standIn.Tray.made[0]?.menu, 'Quick Access')?.click?.();
    expect(latestWindow()).not.toBe(quick);
    expect(latestWindow().loaded).toBe(`${appOrigins.electron}/?view=quick-access`);
  });

  it('a saved shortcut replaces the old one only if the desktop accepts it', () => {
    const { applyDesktopSettings } = recorded.started.mock.calls[0]![0] as { applyDesktopSettings: (settings: { quickAccessShortcut: string; autoUpdate: boolean }) => boolean };
    expect(applyDesktopSettings({ quickAccessShortcut: 'Alt+Space', autoUpdate: true })).toBe(false);
    expect([...standIn.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    expect(applyDesktopSettings({ quickAccessShortcut: 'Control+Alt+K', autoUpdate: true })).toBe(true);
    expect([...standIn.shortcuts.keys()]).toEqual(['Control+Alt+K']);
  });

  it('checks for updates at start from the HTTPS feed, downloading in the background', () => {
    expect(standIn.updater.feed).toEqual({ provider: 'generic', url: 'https://updates.latchkey.example/desktop' });
    expect(standIn.updater.autoDownload).toBe(true);
    expect(checksAtStart).toBe(1);
  });

  it('Check for Updates… checks now and says what it found', async () => {
    const before = standIn.updater.checkForUpdates.mock.calls.length;
    findItem(standIn.applicationMenu, 'Check for Updates…')?.click?.();
    expect(standIn.updater.checkForUpdates).toHaveBeenCalledTimes(before + 1);
    await vi.waitFor(() => expect(standIn.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: 'Latchkey is up to date.' })));
  });

  it('a downloaded update is installed only when the user picks Restart to update, and the offer says unlocked accounts will lock', async () => {
    standIn.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    standIn.updater.emit('update-downloaded', { version: '0.2.0' });
    await vi.waitFor(() => expect(standIn.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ buttons: ['Restart to update', 'Later'], detail: expect.stringContaining('locks your unlocked accounts') })));
    await new Promise((resolve) => setImmediate(resolve));
    expect(standIn.updater.quitAndInstall).not.toHaveBeenCalled();
    standIn.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    standIn.updater.emit('update-downloaded', { version: '0.2.0' });
    await vi.waitFor(() => expect(standIn.updater.quitAndInstall).toHaveBeenCalledTimes(1));
  });

  it("starts the embedded server in a utilityProcess running dist/server/embedded.js, and a crash of it shows an error box", async () => {
    const { startEmbeddedServer } = recorded.started.mock.calls[0]![0] as { startEmbeddedServer: (file: string) => Promise<unknown> };
    const server = startEmbeddedServer('/data/server.sqlite');
    const child = UtilityChild.made.at(-1)!;
    expect(child.modulePath.replaceAll('\\', '/')).toMatch(/\/server\/embedded\.js$/);
    child.spawn();
    await vi.waitFor(() => expect(child.sent).toEqual([{ type: 'start', sqliteFile: '/data/server.sqlite' }]));
    child.reply({ type: 'started', url: 'http://127.0.0.1:40123', localMailbox: null });
    await server;
    const boxes = standIn.dialog.showErrorBox.mock.calls.length;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    child.exit(5);
    await vi.waitFor(() => expect(standIn.dialog.showErrorBox).toHaveBeenCalledTimes(boxes + 1));
    expect(standIn.dialog.showErrorBox.mock.calls.at(-1)![1]).toMatch(/stopped unexpectedly \(exit code 5\).*What to do:/);
  });

  it('closes the core before the app quits (Cmd+Q, the menu, the tray), then quits', async () => {
    let prevented = false;
    findItem(standIn.Tray.made[0]?.menu, 'Quit Latchkey')?.click?.();
    expect(standIn.app.quit).toHaveBeenCalledTimes(1);
    standIn.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(recorded.closed).toHaveBeenCalledTimes(1);
    expect(standIn.shortcuts.size).toBe(0);
    await vi.waitFor(() => expect(standIn.app.quit).toHaveBeenCalledTimes(2));
    // The second time round the quit goes ahead.
    let preventedAgain = false;
    standIn.app.emit('before-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
    expect(recorded.closed).toHaveBeenCalledTimes(1);
  });
});
