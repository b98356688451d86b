/**
 * A stand-in for the electron module as main.ts uses it, recording every call: windows (with
 * their contents), the app's events, both sessions' permission handlers and request filters,
 * IPC handlers, menus, the tray, dialogs, global shortcuts and utility processes. Tests mock 'electron'
 * with `electronModule` and read what was recorded from `standIn`.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import { RecordingContents } from './recording-contents';

export interface MenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

export class Window extends EventEmitter {
  static made: Window[] = [];
  readonly webContents = Object.assign(new RecordingContents(), { isLoading: () => false, reload: vi.fn() });
  loaded: string | undefined;
  destroyed = false;
  bounds = { x: 10, y: 20, width: 1100, height: 760 };
  readonly shown = vi.fn();
  readonly focus = vi.fn();
  readonly maximize = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    Window.made.push(this);
    // As Electron does for every new webContents.
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {
    this.shown();
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  setBounds(bounds: typeof this.bounds) {
    this.bounds = bounds;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isMaximized() {
    return false;
  }
  /** Closes the window (the user, or the page's window.close()): 'close', then it is gone. */
  close() {
    this.emit('close', { preventDefault: () => undefined });
    this.destroyed = true;
    this.emit('closed');
  }
}

type RequestListener = (details: { url: string; resourceType: string }, callback: (response: { cancel: boolean }) => void) => void;

/** A session that records its permission handlers and its request filter. */
export function recordingSession() {
  const recorded: { request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void; check?: () => boolean; filter?: RequestListener } = {};
  return Object.assign(recorded, {
    setPermissionRequestHandler: (handler: typeof recorded.request) => (recorded.request = handler),
    setPermissionCheckHandler: (handler: typeof recorded.check) => (recorded.check = handler),
    webRequest: { onBeforeRequest: (listener: RequestListener) => (recorded.filter = listener) },
  });
}
export type RecordingSession = ReturnType<typeof recordingSession>;

/** Asks a recorded request filter about one request: true if it cancels it. */
export function cancels(session: RecordingSession | undefined, url: string, resourceType: string): boolean | undefined {
  let answer: boolean | undefined;
  session?.filter?.({ url, resourceType }, (response) => (answer = response.cancel));
  return answer;
}

const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  sandboxed: false,
  enableSandbox() {
    app.sandboxed = true;
  },
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: () => Promise.resolve(),
  getPath: (name: string) => `/stand-in/${name}`,
  getAppPath: () => '/stand-in/app',
  quit: vi.fn(),
  exit: vi.fn(),
});

class Tray extends EventEmitter {
  static made: Tray[] = [];
  menu: MenuItem[] | undefined;
  constructor(readonly image: unknown) {
    super();
    Tray.made.push(this);
  }
  setToolTip() {}
  setContextMenu(menu: MenuItem[]) {
    this.menu = menu;
  }
}

/** electron-updater's autoUpdater, recording the feed, checks and installs; its events are emitted by the test. */
class Updater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feed: unknown;
  readonly checkForUpdates = vi.fn(() => Promise.resolve({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } }));
  readonly quitAndInstall = vi.fn();
  setFeedURL(feed: unknown) {
    this.feed = feed;
  }
}

/**
 * A utilityProcess child that records what the host sends it and whether it was killed; the
 * test plays the child's part with `spawn()`, `reply()` and `exit()`.
 */
export class UtilityChild extends EventEmitter {
  static made: UtilityChild[] = [];
  readonly sent: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly args: string[] | undefined,
    readonly options: Record<string, unknown> | undefined,
  ) {
    super();
    UtilityChild.made.push(this);
  }
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  kill() {
    if (!this.killed) queueMicrotask(() => this.emit('exit', 0));
    this.killed = true;
    return true;
  }
  spawn() {
    this.emit('spawn');
  }
  reply(message: unknown) {
    this.emit('message', message);
  }
  exit(code: number) {
    this.emit('exit', code);
  }
}

export const utilityProcess = { fork: vi.fn((modulePath: string, args?: string[], options?: Record<string, unknown>) => new UtilityChild(modulePath, args, options)) };

export const standIn = {
  updater: new Updater(),
  app,
  Window,
  Tray,
  sessions: { default: recordingSession(), partitions: new Map<string, RecordingSession>() },
  ipcHandlers: new Map<string, (event: unknown, channel: unknown, request: unknown) => unknown>(),
  applicationMenu: undefined as MenuItem[] | undefined,
  dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })), showSaveDialog: vi.fn() },
  shortcuts: new Map<string, () => void>(),
  /** Shortcuts another app holds: register refuses them. */
  takenShortcuts: new Set(['Alt+Space']),
};

export const electronModule = {
  app,
  BrowserWindow: Window,
  Tray,
  utilityProcess,
  clipboard: {},
  dialog: standIn.dialog,
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  // The template itself stands for the built menu, so a test can click its items.
  Menu: { buildFromTemplate: (template: MenuItem[]) => template, setApplicationMenu: (menu: MenuItem[]) => (standIn.applicationMenu = menu) },
  globalShortcut: {
    register: (accelerator: string, callback: () => void) => !standIn.takenShortcuts.has(accelerator) && Boolean(standIn.shortcuts.set(accelerator, callback)),
    unregister: (accelerator: string) => standIn.shortcuts.delete(accelerator),
    unregisterAll: () => standIn.shortcuts.clear(),
  },
  ipcMain: { handle: (channel: string, handler: (event: unknown, channel: unknown, request: unknown) => unknown) => standIn.ipcHandlers.set(channel, handler) },
  powerMonitor: new EventEmitter(),
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: {
    defaultSession: standIn.sessions.default,
    fromPartition: (name: string) => {
      const made = standIn.sessions.partitions.get(name) ?? recordingSession();
      standIn.sessions.partitions.set(name, made);
      return made;
    },
  },
};

/** The menu item with this label, anywhere in the menu. */
export function findItem(menu: MenuItem[] | undefined, label: string): MenuItem | undefined {
  for (const item of menu ?? []) {
    if (item.label === label) return item;
    const inside = findItem(item.submenu, label);
    if (inside) return inside;
  }
  return undefined;
}
