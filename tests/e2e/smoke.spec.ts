import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { launchApp, type RunningApp } from './support/launch-app';

let app: RunningApp;
test.beforeEach(async ({}, testInfo) => {
  app = await launchApp(testInfo);
});
test.afterEach(async () => {
  await app?.close();
});

test('opens on the welcome screen, connected to its embedded sync server', async () => {
  const { page } = app;
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Latchkey' })).toBeVisible();
  const server = page.getByRole('region', { name: 'Sync server' });
  await expect(server.getByRole('status')).toHaveText(/^Connected \(server \d+\.\d+\.\d+\)$/);
  await expect(server).toContainText('Built-in server on this computer at http://127.0.0.1:');
});

test('keeps the embedded server database in the data folder, readable by the owner only', async () => {
  await expect(app.page.getByRole('status')).toHaveText(/Connected/);
  expect(statSync(app.dataDir).mode & 0o777).toBe(0o700);
  expect(statSync(join(app.dataDir, 'server.sqlite')).isFile()).toBe(true);
});

test('gives the page the typed API and nothing else of the main process', async ({}, testInfo) => {
  const { page } = app;
  // The typed calls and the core's events; the browser host adds the in-app save sheet Chromium lacks (Electron uses the system's dialog).
  const api = testInfo.project.metadata.host === 'browser' ? ['invoke', 'hostDialogs', 'events'] : ['invoke', 'events'];
  const exposed = await page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    return {
      api: Object.keys(window.latchkey),
      frozen: Object.isFrozen(window.latchkey),
      rawBinding: typeof scope.__latchkeyIpc,
      require: typeof scope.require,
      process: typeof scope.process,
      ipcRenderer: typeof scope.ipcRenderer,
    };
  });
  expect(exposed).toEqual({ api, frozen: true, rawBinding: 'undefined', require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
  const refused = await page.evaluate(() => window.latchkey.invoke('app.info', { extra: true } as never));
  expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request' } });
});

test('stays on the app when the page tries to navigate or open a window elsewhere', async ({}, testInfo) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Welcome to Latchkey' })).toBeVisible();
  const appUrl = page.url();
  // The browser host answers a navigation away with 204 No Content: wait for that answer
  // (Electron refuses the navigation before it starts, and denies the window).
  const navigation = testInfo.project.metadata.host === 'browser' ? page.waitForResponse('https://example.com/') : undefined;
  await page.evaluate(() => {
    window.open('https://example.com/', '_blank');
    location.href = 'https://example.com/';
  });
  if (navigation) expect((await navigation).status()).toBe(204);
  expect(page.url()).toBe(appUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Latchkey' })).toBeVisible();
  expect(page.context().pages().filter((other) => other.url().includes('example.com'))).toEqual([]);
});

test('refuses inline scripts with its Content Security Policy', async () => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Welcome to Latchkey' })).toBeVisible();
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; violated: string }>((resolve) => {
        const scope = globalThis as unknown as Record<string, unknown>;
        document.addEventListener('securitypolicyviolation', (event) => resolve({ ran: scope.inlineRan === true, violated: event.effectiveDirective }), { once: true });
        const script = document.createElement('script');
        script.textContent = 'globalThis.inlineRan = true';
        document.body.append(script);
        setTimeout(() => resolve({ ran: scope.inlineRan === true, violated: '' }), 2_000);
      }),
  );
  expect(outcome).toEqual({ ran: false, violated: 'script-src-elem' });
});
