/**
 * The Electron host's wiring, checked without an Electron binary: `main.ts` runs against
 * stand-ins of the electron module (and of the core and server it starts) that record every
 * call. Each assertion fails if main.ts stops making the call: the sandbox, the permission
 * lock, the window lock-down (its own window and every later webContents), the single
 * instance lock, IPC routed with the frame Electron names rather than what the page says, and
 * the core's events sent to the window on the one event channel (and only events that pass the contract).
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const recorded = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { RecordingContents: Contents } = await import('./recording-contents');
  class Window extends Emitter {
    static made: Window[] = [];
    readonly webContents = new Contents();
    loaded: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      Window.made.push(this);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {}
    isDestroyed() {
      return false;
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    sandboxed: false,
    enableSandbox() {
      app.sandboxed = true;
    },
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => `/stand-in/${name}`,
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const permissions: { request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void; check?: () => boolean } = {};
  const ipcHandlers = new Map<string, (event: unknown, channel: unknown, request: unknown) => unknown>();
  const routed: unknown[] = [];
  const { CoreEvents } = await import('../../../src/main/core/events/core-events');
  const events = new CoreEvents(() => undefined);
  return { Contents, Window, app, permissions, ipcHandlers, routed, events, started: vi.fn() };
});

vi.mock('electron', () => ({
  app: recorded.app,
  BrowserWindow: recorded.Window,
  clipboard: {},
  dialog: {},
  ipcMain: { handle: (channel: string, handler: (event: unknown, channel: unknown, request: unknown) => unknown) => recorded.ipcHandlers.set(channel, handler) },
  powerMonitor: new EventEmitter(),
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: typeof recorded.permissions.request) => (recorded.permissions.request = handler),
      setPermissionCheckHandler: (handler: typeof recorded.permissions.check) => (recorded.permissions.check = handler),
    },
  },
}));
vi.mock('../../../src/main/core/app/start', () => ({
  backgroundSyncMs: () => 4_321,
  startMainCore: (options: unknown) => {
    recorded.started(options);
    return Promise.resolve({ router: (sender: unknown, channel: unknown, request: unknown) => recorded.routed.push({ sender, channel, request }), lockAll: vi.fn(), events: recorded.events, close: () => Promise.resolve() });
  },
}));
vi.mock('../../../src/server/index', () => ({ startServer: vi.fn() }));

const { ipcEventChannel, ipcInvokeChannel } = await import('../../../src/shared/ipc/transport');
const { appOrigins } = await import('../../../src/shared/app-shell');

describe('the Electron host (main.ts) wires every hardening call', () => {
  beforeAll(async () => {
    await import('../../../src/main/electron/main');
    await vi.waitFor(() => expect(recorded.Window.made[0]?.loaded).toBeDefined());
  });
  afterAll(() => vi.resetModules());

  it('turns the sandbox on for every renderer and holds the single-instance lock', () => {
    expect(recorded.app.sandboxed).toBe(true);
    expect(recorded.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('refuses every permission on the default session', () => {
    let granted: boolean | undefined;
    recorded.permissions.request?.({}, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(recorded.permissions.check?.()).toBe(false);
  });

  it("locks down the app window's contents: no new window, no navigation away", () => {
    const [window] = recorded.Window.made;
    expect(window?.loaded).toBe(`${appOrigins.electron}/`);
    expect(window?.webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(window?.webContents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(window?.webContents.attempt('will-navigate', `${appOrigins.electron}/index.html`)).toBe(false);
  });

  it('locks down every webContents created later', () => {
    const later = new recorded.Contents();
    recorded.app.emit('web-contents-created', {}, later);
    expect(later.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(later.attempt('will-attach-webview', `${appOrigins.electron}/`)).toBe(true);
  });

  it("routes IPC with the URL of the frame Electron names as the sender", async () => {
    const handler = recorded.ipcHandlers.get(ipcInvokeChannel);
    await handler?.({ senderFrame: { url: 'https://evil.example/' } }, 'app.info', {});
    expect(recorded.routed).toEqual([{ sender: { frameUrl: 'https://evil.example/' }, channel: 'app.info', request: {} }]);
  });

  it("sends the core's events to the app window on the one event channel, and nothing that fails the contract", () => {
    const [window] = recorded.Window.made;
    const accountId = '2c1f7e0a-5d1b-4c3e-9f6a-1b2c3d4e5f60';
    recorded.events.emit('account.changed', { accountId, state: 'locked', reason: 'idle' });
    recorded.events.emit('account.changed', { accountId, state: 'locked', reason: 'because' } as never);
    expect(window?.webContents.sent).toEqual([[ipcEventChannel, 'account.changed', { accountId, state: 'locked', reason: 'idle' }]]);
    expect(recorded.events.dropped).toBe(1);
  });

  it('starts the core with the background sync on, at the interval the environment gives', () => {
    expect(recorded.started).toHaveBeenCalledWith(expect.objectContaining({ backgroundSyncMs: 4_321 }));
  });
});
