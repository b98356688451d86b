/**
 * The security settings of every Electron window, kept apart from main.ts so a unit test
 * can check them without an Electron binary. Imports from 'electron' here are types only.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { appOrigins } from '../../shared/app-shell';
import { originOf } from '../core/ipc/origin';

/**
 * The app's one window. The options are a literal inside `new BrowserWindow(...)` so that
 * static checkers (Electronegativity) can read them; tests pass a recording constructor.
 */
export function createAppWindow<W>(BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => W, preloadPath: string): W {
  return new BrowserWindowClass({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 560,
    title: 'Latchkey',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
}

/** The hidden window a kit is laid out in for printing: no preload, no script, no Node. */
export function createKitWindow<W>(BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => W): W {
  return new BrowserWindowClass({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
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
