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
    isPackaged: true,
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
  type RequestListener = (details: { url: string; resourceType: string }, callback: (response: { cancel: boolean }) => void) => void;
  /** A session stand-in that records its permission handlers and its request filter. */
  const recordingSession = () => {
    const recorded: { request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void; check?: () => boolean; filter?: RequestListener } = {};
    return Object.assign(recorded, {
      setPermissionRequestHandler: (handler: typeof recorded.request) => (recorded.request = handler),
      setPermissionCheckHandler: (handler: typeof recorded.check) => (recorded.check = handler),
      webRequest: { onBeforeRequest: (listener: RequestListener) => (recorded.filter = listener) },
    });
  };
  const sessions = { default: recordingSession(), partitions: new Map<string, ReturnType<typeof recordingSession>>() };
  const closed = vi.fn(() => Promise.resolve());
  const ipcHandlers = new Map<string, (event: unknown, channel: unknown, request: unknown) => unknown>();
  const routed: unknown[] = [];
  const { CoreEvents } = await import('../../../src/main/core/events/core-events');
  const events = new CoreEvents(() => undefined);
  return { Contents, Window, app, sessions, recordingSession, ipcHandlers, routed, events, closed, started: vi.fn() };
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
    defaultSession: recorded.sessions.default,
    fromPartition: (name: string) => {
      const made = recorded.sessions.partitions.get(name) ?? recorded.recordingSession();
      recorded.sessions.partitions.set(name, made);
      return made;
    },
  },
}));
vi.mock('../../../src/main/core/app/start', () => ({
  backgroundSyncMs: () => 4_321,
  startMainCore: (options: unknown) => {
    recorded.started(options);
    return Promise.resolve({ router: (sender: unknown, channel: unknown, request: unknown) => recorded.routed.push({ sender, channel, request }), lockAll: vi.fn(), events: recorded.events, close: recorded.closed });
  },
}));
vi.mock('../../../src/server/index', () => ({ startServer: vi.fn() }));

const { ipcEventChannel, ipcInvokeChannel } = await import('../../../src/shared/ipc/transport');
const { appOrigins } = await import('../../../src/shared/app-shell');
const { kitPartition } = await import('../../../src/main/electron/request-filter');

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

  it('refuses every permission on the default session and on the kit window\'s session', () => {
    const kit = recorded.sessions.partitions.get(kitPartition);
    for (const each of [recorded.sessions.default, kit]) {
      let granted: boolean | undefined;
      each?.request?.({}, 'media', (answer) => (granted = answer));
      expect(granted).toBe(false);
      expect(each?.check?.()).toBe(false);
    }
  });

  it('filters every request of both sessions: the app reaches only its own origin, the kit window only its data: page', () => {
    const cancels = (each: ReturnType<typeof recorded.recordingSession> | undefined, url: string, resourceType: string) => {
      let answer: boolean | undefined;
      each?.filter?.({ url, resourceType }, (response) => (answer = response.cancel));
      return answer;
    };
    const app = recorded.sessions.default;
    expect(cancels(app, `${appOrigins.electron}/assets/index.js`, 'script')).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8787/', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'data:text/html,<script>1</script>']) expect(cancels(app, url, 'mainFrame')).toBe(true);
    // Packaged: DevTools' own pages are refused too.
    expect(cancels(app, 'devtools://devtools/bundled/inspector.html', 'mainFrame')).toBe(true);
    const kit = recorded.sessions.partitions.get(kitPartition);
    expect(cancels(kit, 'data:text/html;charset=utf-8;base64,PGgxPg==', 'mainFrame')).toBe(false);
    expect(cancels(kit, 'https://example.com/', 'image')).toBe(true);
  });

  it('gives a packaged build no DevTools', () => {
    const [window] = recorded.Window.made;
    expect((window?.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
  });

  it('closes the core before the app quits (Cmd+Q, the menu), then quits', async () => {
    let prevented = false;
    recorded.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(recorded.closed).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(recorded.app.quit).toHaveBeenCalled());
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

  it("routes IPC with the URL of the frame Electron names as the sender, and only from our window's main frame", async () => {
    const handler = recorded.ipcHandlers.get(ipcInvokeChannel);
    const [window] = recorded.Window.made;
    window!.webContents.mainFrame.url = 'https://evil.example/';
    await handler?.({ senderFrame: window?.webContents.mainFrame }, 'app.info', {});
    // A subframe of the window (same URL or not) and a frame of some other webContents are not our main frame.
    await handler?.({ senderFrame: { url: `${appOrigins.electron}/` } }, 'app.info', {});
    await handler?.({ senderFrame: new recorded.Contents().mainFrame }, 'app.info', {});
    await handler?.({ senderFrame: null }, 'app.info', {});
    window!.webContents.mainFrame.url = `${appOrigins.electron}/`;
    expect(recorded.routed).toEqual([
      { sender: { frameUrl: 'https://evil.example/' }, channel: 'app.info', request: {} },
      { sender: { frameUrl: '' }, channel: 'app.info', request: {} },
      { sender: { frameUrl: '' }, channel: 'app.info', request: {} },
      { sender: { frameUrl: '' }, channel: 'app.info', request: {} },
    ]);
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
