/**
 * The Electron host (`npm start`). The main core runs here unchanged; this file only wires
 * it to Electron: the latchkey:// protocol that serves the renderer, hardened sessions and
 * windows, the one IPC channel into the router, the one event channel out of the core, the
 * application menu and tray, and the app's lifecycle.
 */
import { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, powerMonitor, protocol, session, Tray, utilityProcess } from 'electron';
import electronUpdater from 'electron-updater';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backgroundSyncMs, startMainCore, type MainCore } from '../core/app/start';
import { readRendererAsset } from '../core/app/renderer-assets';
import { appOrigins } from '../../shared/app-shell';
import { ipcEventChannel, ipcInvokeChannel } from '../../shared/ipc/transport';
import { createWindow, denyAllPermissions, ipcSenderUrl, lockDownContents } from './window-policy';
import { filterRequests, kitPartition } from './request-filter';
import { electronPorts } from './ports';
import { appMenuTemplate, trayMenuTemplate, type MenuActions } from './app-menu';
import { keepAppWindow } from './app-window';
import { wireLifecycle } from './lifecycle';
import { quickAccess } from './quick-access';
import { keepUpdated } from './updates';
import { startEmbeddedProcess } from './embedded-process';

const { values } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { 'data-dir': { type: 'string' }, 'server-url': { type: 'string' } },
  strict: false,
});

protocol.registerSchemesAsPrivileged([{ scheme: 'latchkey', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);

// dist/main/electron.js (an ES module) sits beside dist/renderer and dist/preload.
const distDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : app.getPath('userData');

/** Kept here so the tray icon is not garbage-collected. */
let tray: Tray | undefined;

async function main(): Promise<void> {
  await app.whenReady();
  // DevTools only in an unpackaged build: in a packaged one nobody can call channels from a console.
  const devTools = !app.isPackaged;
  // Both sessions refuse every permission and every request but their own (request-filter.ts).
  for (const [each, rule] of [[session.defaultSession, 'app'], [session.fromPartition(kitPartition), 'kit']] as const) {
    denyAllPermissions(each);
    filterRequests(each, rule, devTools);
  }
  protocol.handle('latchkey', async (request) => {
    const asset = await readRendererAsset(join(distDir, 'renderer'), request.url);
    return new Response(new Uint8Array(asset.body), { status: asset.status, headers: asset.headers });
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

  const preloadPath = join(distDir, 'preload', 'electron.cjs');
  const windows = keepAppWindow({
    create: () => createWindow(BrowserWindow, { kind: 'app', preloadPath, devTools }),
    url: `${appOrigins.electron}/`,
    dataDir,
    dialog,
    report: (message) => console.error(`[latchkey] ${message}`),
  });
  // The feed this build was published to (LATCHKEY_UPDATE_URL when it was built, see scripts/build-main.mjs).
  const updates = keepUpdated({ updater: electronUpdater.autoUpdater, feedUrl: process.env.LATCHKEY_UPDATE_URL || undefined, dialog, anyUnlocked: () => core.anyUnlocked(), report: (message) => console.error(`[latchkey] ${message}`) });
  const quick = quickAccess({ create: () => createWindow(BrowserWindow, { kind: 'quick-access', preloadPath, devTools }), url: `${appOrigins.electron}/?view=quick-access`, globalShortcut });
  const core: MainCore = await startMainCore({
    host: 'electron',
    dataDir,
    serverUrl: typeof values['server-url'] === 'string' ? values['server-url'] : undefined,
    // The sync server runs in a utilityProcess (dist/server/embedded.js): its database never holds up the UI thread.
    startEmbeddedServer: (file) =>
      startEmbeddedProcess(utilityProcess, join(distDir, 'server', 'embedded.js'), file, {
        onCrash: (error) => {
          console.error(`[latchkey] ${error.message}`);
          dialog.showErrorBox('Latchkey lost its sync server', error.message);
        },
      }),
    allowedOrigins: [appOrigins.electron],
    backgroundSyncMs: backgroundSyncMs(),
    // Import files are parsed in a worker thread (built beside this bundle).
    importWorker: new URL('./import-worker.js', import.meta.url),
    applyDesktopSettings: (settings) => {
      if (!quick.useShortcut(settings.quickAccessShortcut)) return false;
      updates.setAutomatic(settings.autoUpdate);
      return true;
    },
    ports: electronPorts({ dialog, clipboard, createKitWindow: () => createWindow(BrowserWindow, { kind: 'kit' }), appWindow: windows.current, defaultFolder: app.getPath('documents') }),
  });
  if (!quick.useShortcut(core.desktopSettings().quickAccessShortcut)) console.error('[latchkey] the Quick Access shortcut is taken by another app: choose another in Settings');
  updates.setAutomatic(core.desktopSettings().autoUpdate);
  const ourWindows = () => [windows.current(), quick.current()].filter((window) => window !== undefined);
  // Going to sleep or locking the screen locks every account (the core also notices a wake-up by itself).
  powerMonitor.on('suspend', () => core.lockAll('host'));
  powerMonitor.on('lock-screen', () => core.lockAll('host'));
  // The sender is the frame Electron says sent the message, not anything the page claims, and only the main frame of one of our windows counts.
  ipcMain.handle(ipcInvokeChannel, (event, channel: unknown, request: unknown) => core.router({ frameUrl: ipcSenderUrl(event.senderFrame, ourWindows()) }, channel, request));
  // The core's events, already checked against the contract, go to our windows on the one event channel.
  core.events.connect((name, payload) => {
    for (const window of ourWindows()) window.webContents.send(ipcEventChannel, name, payload);
  });

  const actions: MenuActions = {
    command: (command) => {
      const window = windows.open();
      // A window made just now listens once its page has loaded.
      if (window.webContents.isLoading()) window.webContents.once('did-finish-load', () => core.events.emit('app.command', { command }));
      else core.events.emit('app.command', { command });
    },
    lockAll: () => core.lockAll('user'),
    quickAccess: () => quick.open(),
    openWindow: () => void windows.open(),
    checkForUpdates: () => void updates.checkNow(),
    quit: () => app.quit(),
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, packaged: app.isPackaged }, actions)));
  tray = new Tray(nativeImage.createFromPath(join(app.getAppPath(), 'assets', 'icons', '32x32.png')));
  tray.setToolTip('Latchkey');
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions)));
  tray.on('click', () => actions.openWindow());

  wireLifecycle({
    app,
    openWindow: actions.openWindow,
    close: () => {
      globalShortcut.unregisterAll();
      return core.close();
    },
  });
  windows.open();
}

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();
else
  main().catch((error: unknown) => {
    console.error('[latchkey] failed to start:', error);
    dialog.showErrorBox(
      'Latchkey could not start',
      `${error instanceof Error ? error.message : String(error)}\n\nWhat to do: check that the folder ${dataDir} exists and that you may write to it, and that your system keychain is unlocked; then start Latchkey again. If it keeps failing, start it from a terminal to see the details, and report them.`,
    );
    app.exit(1);
  });
