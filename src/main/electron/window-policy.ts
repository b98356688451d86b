/**
 * The security settings of every Electron window, kept apart from main.ts so a unit test
 * can check them without an Electron binary. Imports from 'electron' here are types only.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { appOrigins } from '../../shared/app-shell';
import { originOf } from '../core/ipc/origin';

export type WindowRole = { kind: 'app'; preloadPath: string } | { kind: 'kit' };

/**
 * Every window Latchkey opens: the app's window, or the hidden one a kit is laid out in for
 * printing (no preload, no script). The options are one literal inside `new BrowserWindow(...)`
 * so that static checkers (Electronegativity) can read them; tests pass a recording constructor.
 */
export function createWindow<W>(BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => W, role: WindowRole): W {
  const app = role.kind === 'app';
  return new BrowserWindowClass({
    ...(app ? { width: 1100, height: 760, minWidth: 720, minHeight: 560, title: 'Latchkey' } : { width: 794, height: 1123 }),
    show: false,
    webPreferences: {
      preload: app ? role.preloadPath : undefined,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      javascript: app,
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
