/**
 * The Electron host (`npm start`). The main core runs here unchanged; this file only wires
 * it to Electron: the latchkey:// protocol that serves the renderer, a hardened window, the
 * one IPC channel into the router, and the one event channel out of the core.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, powerMonitor, protocol, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from '../../server/index';
import { backgroundSyncMs, startMainCore, type MainCore } from '../core/app/start';
import { readRendererAsset } from '../core/app/renderer-assets';
import { appOrigins } from '../../shared/app-shell';
import { ipcEventChannel, ipcInvokeChannel } from '../../shared/ipc/transport';
import { createWindow, denyAllPermissions, ipcSenderUrl, lockDownContents } from './window-policy';
import { filterRequests, kitPartition } from './request-filter';
import { electronPorts } from './ports';

const { values } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { 'data-dir': { type: 'string' }, 'server-url': { type: 'string' } },
  strict: false,
});

protocol.registerSchemesAsPrivileged([{ scheme: 'latchkey', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);

// dist/main/electron.js (an ES module) sits beside dist/renderer and dist/preload.
const distDir = fileURLToPath(new URL('..', import.meta.url));

let mainWindow: BrowserWindow | undefined;

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

  const core: MainCore = await startMainCore({
    host: 'electron',
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : app.getPath('userData'),
    serverUrl: typeof values['server-url'] === 'string' ? values['server-url'] : undefined,
    startEmbeddedServer: (file) => startServer({ database: { kind: 'sqlite', file }, embedded: true }),
    allowedOrigins: [appOrigins.electron],
    backgroundSyncMs: backgroundSyncMs(),
    ports: electronPorts({
      dialog,
      clipboard,
      createKitWindow: () => createWindow(BrowserWindow, { kind: 'kit' }),
      appWindow: () => mainWindow,
      defaultFolder: app.getPath('documents'),
    }),
  });
  // Going to sleep or locking the screen locks every account (the core also notices a wake-up by itself).
  powerMonitor.on('suspend', () => core.lockAll());
  powerMonitor.on('lock-screen', () => core.lockAll());
  // The sender is the frame Electron says sent the message, not anything the page claims, and only the main frame of our window counts.
  ipcMain.handle(ipcInvokeChannel, (event, channel: unknown, request: unknown) => core.router({ frameUrl: ipcSenderUrl(event.senderFrame, mainWindow ? [mainWindow] : []) }, channel, request));

  const window = createWindow(BrowserWindow, { kind: 'app', preloadPath: join(distDir, 'preload', 'electron.cjs'), devTools });
  mainWindow = window;
  lockDownContents(window.webContents);
  // The core's events, already checked against the contract, go to this window on the one event channel.
  core.events.connect((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel, name, payload);
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${appOrigins.electron}/`);

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  // Every way of quitting (Cmd+Q, the menu, the last window) closes the core first: accounts lock, the clipboard's secret goes.
  let closed = false;
  let closing: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => app.quit());
}

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();
else
  main().catch((error: unknown) => {
    console.error('[latchkey] failed to start:', error);
    app.exit(1);
  });
