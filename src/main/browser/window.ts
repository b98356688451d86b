/**
 * The browser host's app window: one Chromium page on the app's own origin, served from
 * memory by request interception (no web server, no file:// URL). Every other request is
 * aborted, new windows are closed, and no permission is granted but the clipboard. IPC arrives through a page binding, whose sender URL Chromium
 * reports (the page cannot forge it), into the same router the Electron host uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { appOrigins } from '../../shared/app-shell';
import { hostEventFunction, ipcBindingName } from '../../shared/ipc/transport';
import type { CoreEvents } from '../core/events/core-events';
import { readRendererAsset } from '../core/app/renderer-assets';
import type { Router } from '../core/ipc/router';
import type { HostPorts } from '../core/platform/ports';
import { browserHostPorts } from './ports';

export interface WindowOptions {
  executablePath: string;
  headless: boolean;
  debuggingPort: number | undefined;
}

export interface AppWindow {
  ports: HostPorts;
  /** Routes the page's calls into the router and sends the core's events to the page. */
  show(router: Router, events: Pick<CoreEvents, 'connect'>): Promise<void>;
  onClosed(listener: () => void): void;
  close(): Promise<void>;
}

// Bundled next to dist/renderer and dist/preload: dist/main/browser.js.
const distDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Chromium as the browser host starts it: as root (CI machines run as root, where Chromium's
 * own sandbox cannot start; the page is still confined by the host's routes and CSP), and on
 * machines without network, so none of Chromium's background fetches.
 */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function openAppWindow({ executablePath, headless, debuggingPort }: WindowOptions): Promise<AppWindow> {
  // A fresh, empty profile every run; it holds only the renderer's static files.
  const profileDir = mkdtempSync(join(tmpdir(), 'latchkey-chromium-'));
  const args = [...chromiumArgs];
  if (debuggingPort !== undefined) args.push(`--remote-debugging-port=${debuggingPort}`, '--remote-debugging-address=127.0.0.1');
  const context = await chromium.launchPersistentContext(profileDir, { executablePath, headless, args, viewport: { width: 1100, height: 760 } });
  await denyEverythingButTheApp(context);
  const page = context.pages()[0] ?? (await context.newPage());
  // Windows the page tries to open are closed at once; pages the host opens (kit printing) have no opener.
  context.on('page', (opened) => void opened.opener().then((opener) => opener && opened.close()));

  return {
    ports: browserHostPorts(context, page, headless),
    async show(router, events) {
      // Each answer crosses to the page as one JSON string, which the browser preload parses: Playwright's own encoding of an object
      // (every value tagged, then rebuilt one by one in the page) took 9–13 ms of the page's main thread for a window of 200 rows.
      await context.exposeBinding(ipcBindingName, async (source, channel: unknown, request: unknown) => JSON.stringify(await router({ frameUrl: source.frame.url() }, channel, request)));
      await context.addInitScript({ path: join(distDir, 'preload', 'browser.js') });
      // Each event goes to the page function the browser preload defined (and hid from the page's globals' listing).
      events.connect((name, payload) => page.evaluate(([fn, event, value]) => void (window as unknown as Record<string, ((n: string, p: unknown) => void) | undefined>)[fn]?.(event, value), [hostEventFunction, name, payload] as const));
      await page.goto(`${appOrigins.browser}/`);
    },
    onClosed(listener) {
      page.on('close', listener);
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

async function denyEverythingButTheApp(context: BrowserContext): Promise<void> {
  // Routes match newest first: the app's origin is served, everything else is refused. A
  // navigation away gets 204 No Content, which leaves the app on screen instead of an error page.
  await context.route('**/*', (route) => (route.request().isNavigationRequest() ? route.fulfill({ status: 204 }) : route.abort('blockedbyclient')));
  await context.route(`${appOrigins.browser}/**`, async (route) => {
    const asset = await readRendererAsset(join(distDir, 'renderer'), route.request().url());
    await route.fulfill({ status: asset.status, headers: asset.headers, body: asset.body });
  });
  await context.clearPermissions();
  // The clipboard port reads back what it wrote, to clear a copied secret only if it is still there.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appOrigins.browser });
}
