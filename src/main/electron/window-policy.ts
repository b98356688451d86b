/**
 * The security settings of every Electron window, kept apart from main.ts so a unit test
 * can check them without an Electron binary. Imports from 'electron' here are types only.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebFrameMain } from 'electron';
import { appOrigins } from '../../shared/app-shell';
import { originOf } from '../core/ipc/origin';
import { kitPartition } from './request-filter';

/** `devTools`: only in an unpackaged build (`!app.isPackaged`); a packaged build has none, so nobody at an unlocked machine can call channels from a console. */
export type WindowRole = { kind: 'app' | 'quick-access'; preloadPath: string; devTools: boolean } | { kind: 'kit' };

const sizes = {
  app: { width: 1100, height: 760, minWidth: 720, minHeight: 560, title: 'Latchkey' },
  // Quick Access: a small search box over whatever the user is doing, gone when it loses focus.
  'quick-access': { width: 560, height: 360, title: 'Latchkey Quick Access', frame: false, alwaysOnTop: true, skipTaskbar: true, resizable: false, fullscreenable: false, center: true },
  kit: { width: 794, height: 1123 },
} as const;

/**
 * Every window Latchkey opens: the app's window, the Quick Access window, or the hidden one a
 * kit is laid out in for printing (no preload, no script). The options are one literal inside `new BrowserWindow(...)`
 * so that static checkers (Electronegativity) can read them; tests pass a recording constructor.
 */
export function createWindow<W>(BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => W, role: WindowRole): W {
  const page = role.kind === 'kit' ? undefined : role;
  return new BrowserWindowClass({
    ...sizes[role.kind],
    show: false,
    webPreferences: {
      preload: page?.preloadPath,
      // The kit window's own session, where only its data: page may load (request-filter.ts).
      partition: page ? undefined : kitPartition,
      devTools: page?.devTools ?? false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      javascript: page !== undefined,
      // Middle-click would otherwise open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
}

/** No navigation away from the app, no new windows, no webviews. */
export function lockDownContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) !== appOrigins.electron) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (originOf(url) !== appOrigins.electron) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every permission request (camera, notifications, clipboard-read, ...) is refused. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The URL the IPC router checks for a message: the sending frame's, if it is the main frame of
 * one of our windows; otherwise '' (which the router refuses as a forbidden sender). A subframe,
 * or a frame of any other webContents, never reaches a channel.
 */
export function ipcSenderUrl(senderFrame: Pick<WebFrameMain, 'url'> | null | undefined, windows: readonly { webContents: { mainFrame: unknown } }[]): string {
  if (!senderFrame) return '';
  return windows.some((window) => window.webContents.mainFrame === senderFrame) ? senderFrame.url : '';
}
