/** Quick Access in the browser host, where it is a second page of the app's origin (`/?view=quick-access`). */
import type { Page } from '@playwright/test';
import { appOrigins } from '../../../src/shared/app-shell';

/**
 * Opens Quick Access as its own top-level page, the way the desktop opens its window: a new
 * target with the URL as its first and only document (a page opened blank and then navigated
 * has two, and Chromium lets a page's script close it only when it has one).
 */
export async function openQuickAccess(app: Page): Promise<Page> {
  const context = app.context();
  const cdp = await context.browser()!.newBrowserCDPSession();
  const [quick] = await Promise.all([context.waitForEvent('page'), cdp.send('Target.createTarget', { url: `${appOrigins.browser}/?view=quick-access` })]);
  await cdp.detach();
  await quick.waitForLoadState();
  // The clipboard is read and written by the focused page.
  await quick.bringToFront();
  return quick;
}
