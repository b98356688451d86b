/**
 * Electron's security checklist, checked without an Electron binary: the window's options
 * are recorded through a stand-in constructor, and the handlers are exercised through
 * stand-in webContents and session objects that record what was registered.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createWindow, denyAllPermissions, lockDownContents } from '../../../src/main/electron/window-policy';
import { RecordingContents } from './recording-contents';
import { kitPartition } from '../../../src/main/electron/request-filter';

class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('Electron window policy', () => {
  it('creates the window with every hardening preference of the security checklist', () => {
    const { options } = createWindow(RecordingWindow, { kind: 'app', preloadPath: '/app/dist/preload/electron.cjs', devTools: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/electron.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.show).toBe(false);
  });

  it('lays kits out in a hidden window with the same hardening, no preload and no script', () => {
    const app = createWindow(RecordingWindow, { kind: 'app', preloadPath: '/p.cjs', devTools: true }).options.webPreferences;
    const kit = createWindow(RecordingWindow, { kind: 'kit' }).options;
    expect(kit.show).toBe(false);
    // Its own session (where only its data: page may load), and never DevTools.
    expect(kit.webPreferences).toEqual({ ...app, preload: undefined, javascript: false, partition: kitPartition, devTools: false });
  });

  it('opens Quick Access as a small frameless window on top, with the same hardening as the app window', () => {
    const app = createWindow(RecordingWindow, { kind: 'app', preloadPath: '/p.cjs', devTools: false }).options;
    const quick = createWindow(RecordingWindow, { kind: 'quick-access', preloadPath: '/p.cjs', devTools: false }).options;
    expect(quick).toMatchObject({ frame: false, alwaysOnTop: true, skipTaskbar: true, show: false });
    expect(quick.webPreferences).toEqual(app.webPreferences);
    expect(app.webPreferences?.devTools).toBe(false);
  });

  it('denies every new window', () => {
    const contents = new RecordingContents();
    lockDownContents(contents as never);
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'latchkey://app/' })).toEqual({ action: 'deny' });
  });

  it('allows navigation inside the app and blocks it anywhere else', () => {
    const contents = new RecordingContents();
    lockDownContents(contents as never);
    expect(contents.attempt('will-navigate', 'latchkey://app/index.html')).toBe(false);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'latchkey://other/', 'javascript:alert(1)', 'http://app.latchkey/']) {
      expect(contents.attempt('will-navigate', url)).toBe(true);
      expect(contents.attempt('will-redirect', url)).toBe(true);
    }
    expect(contents.attempt('will-attach-webview', 'latchkey://app/')).toBe(true);
  });

  it('refuses every permission request and check', () => {
    let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let checkHandler: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (handler: typeof requestHandler) => (requestHandler = handler),
      setPermissionCheckHandler: (handler: typeof checkHandler) => (checkHandler = handler),
    } as never);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'openExternal', 'geolocation']) {
      let granted: boolean | undefined;
      requestHandler?.({}, permission, (answer) => (granted = answer));
      expect(granted).toBe(false);
    }
    expect(checkHandler?.()).toBe(false);
  });
});
