/**
 * Events from the core, as a user sees them: with two devices on one account, an item saved
 * on device B appears in device A's open vault window with no click, and while A's window
 * shows another screen (the Family page) A's core keeps syncing by itself, so the vault is
 * already fresh when the user goes back to it. The page's own subscription to the event
 * stream (latchkey.events) sees the sync result. Waits are Playwright's polling, never sleeps.
 */
import { expect, test, type Page } from '@playwright/test';
import { device, openNewAccount, serverUrlOf, signIn, useDevices } from './support/accounts';
import { addItem, items } from './support/vault';

useDevices();

/** Unlocked accounts sync every second here, so the spec need not wait the default 15 s. */
const fastSync = { LATCHKEY_SYNC_SECONDS: '1' };

/** Starts collecting, in the page, every 'sync.result' event that counts a new item. */
const collectSyncResults = (page: Page) =>
  page.evaluate(() => {
    const scope = window as unknown as { addedSeen: number };
    scope.addedSeen = 0;
    window.latchkey.events.on('sync.result', (result) => (scope.addedSeen += result.vaults.reduce((sum, vault) => sum + vault.added, 0)));
  });
const addedSeen = (page: Page) => page.evaluate(() => (window as unknown as { addedSeen: number }).addedSeen);

test('an item saved on another device appears on an open vault window, and is there on going back from another screen, without a click', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const desktop = await device(testInfo, 'desktop', [], fastSync);
  const a = desktop.page;
  const secretKey = await openNewAccount(a, desktop.dataDir, 'alice@example.com');
  await expect(a.getByText('No items yet.')).toBeVisible();

  const laptop = await device(testInfo, 'laptop', ['--server-url', await serverUrlOf(a)], fastSync);
  const b = laptop.page;
  await signIn(b, 'alice@example.com', secretKey);
  await addItem(b, { title: 'Saved on the laptop', username: 'alice.l' });

  // A's open vault window shows it by itself.
  await expect(items(a)).toHaveCount(1);
  await expect(items(a).first()).toContainText('Saved on the laptop');

  // A's window moves to the Family page; the laptop saves another item meanwhile.
  await collectSyncResults(a);
  await a.getByRole('button', { name: 'Settings', exact: true }).click();
  await a.getByRole('button', { name: 'Family…' }).click();
  await expect(a.getByText('This account is not in a family.')).toBeVisible();
  await addItem(b, { title: 'Saved while away', username: 'alice.w' });
  // A's core synced it while the Family page was showing, and told the page.
  await expect.poll(() => addedSeen(a), { timeout: 20_000 }).toBe(1);
  await expect(a.getByText('This account is not in a family.')).toBeVisible();

  // Back to the vault: both items are there at once, with no Sync now.
  await a.getByRole('button', { name: 'Settings', exact: true }).click();
  await a.getByRole('button', { name: 'All items' }).click();
  await expect(items(a)).toHaveCount(2);
  await expect(items(a).nth(1)).toContainText('Saved while away');
});
