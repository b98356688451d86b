/**
 * The main window of an unlocked account: the sidebar, the virtualised item list and the item
 * detail; every action by keyboard and its shortcuts; light and dark themes following the OS,
 * each screen checked by axe in both, and the window down to 800 × 600.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, useDevices } from './support/accounts';
import { lookAt } from './support/screens';
import { addItem, items } from './support/vault';

useDevices();

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sidebar' });
const detail = (page: Page) => page.getByRole('region', { name: 'Item detail' });

test('the three-pane window: sidebar, list and detail, by mouse and by keyboard, in both themes', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const alice = await device(testInfo, 'alice');
  const page = alice.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await openNewAccount(page, alice.dataDir, 'alice@example.com');
  // The sidebar names the account, its categories and the other views.
  for (const name of ['Alice Example', 'All items', 'Favourites', 'Logins', 'Secure Notes', 'Credit Cards', 'Identities', 'Passwords', 'Password Health', 'Recently Deleted', 'Settings'])
    await expect(sidebar(page).getByRole('button', { name, exact: true })).toBeVisible();
  // The window opens onto All items of the Private vault; a new account's says what to do first.
  await expect(sidebar(page).getByRole('button', { name: 'All items', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Private' })).toBeFocused();
  await expect(sidebar(page).getByRole('navigation', { name: 'Vaults' }).getByRole('button', { name: 'Private' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No items yet.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Private' }).getByRole('button', { name: 'Import…' })).toBeVisible();
  await lookAt(page, 'the empty vault', 'panes-empty-vault');
  await addItem(page, { title: 'Example Mail', username: 'alice@mail.example', password: 'mail-pass-7391', urls: 'https://mail.example' });
  await addItem(page, { title: 'Bank of Nowhere', username: 'alice.b', password: 'bank-pass-5521' });
  await addItem(page, { title: 'Cloud Drive', username: 'alice.c', password: 'cloud-pass-3017' });
  // Sorted by title; the saved item shows in the detail pane.
  await expect(items(page)).toHaveText([/^Bank of Nowhere/, /^Cloud Drive/, /^Example Mail/]);
  await expect(detail(page).getByRole('heading', { name: 'Cloud Drive' })).toBeVisible();
  await lookAt(page, 'the item list and detail', 'panes-items');

  // Arrow keys move in the list, and the selection opens in the detail.
  await page.getByRole('button', { name: 'Bank of Nowhere', exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: 'Cloud Drive', exact: true })).toBeFocused();
  await expect(detail(page).getByRole('heading', { name: 'Cloud Drive' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByRole('button', { name: 'Example Mail', exact: true })).toBeFocused();
  await expect(detail(page).getByRole('heading', { name: 'Example Mail' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Example Mail', exact: true })).toHaveAttribute('aria-current', 'true');
  // Only the selected row takes Tab.
  await expect(items(page).getByRole('button').and(page.locator('[tabindex="0"]'))).toHaveCount(1);

  // The detail: reveal, and copy each field through the clipboard that clears itself.
  await expect(detail(page).getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
  await detail(page).getByRole('button', { name: 'Show password' }).click();
  await expect(detail(page).getByLabel('Password', { exact: true })).toHaveValue('mail-pass-7391');
  await expect(detail(page).getByText('https://mail.example')).toBeVisible();

  // Shortcuts: copy the selected item's password and username, search, new item.
  await page.keyboard.press(`${mod}+Shift+C`);
  await expect(page.getByRole('status')).toHaveText(/^Password for Example Mail copied\./);
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('mail-pass-7391');
  await page.keyboard.press(`${mod}+Shift+U`);
  await expect(page.getByRole('status')).toHaveText(/^Username for Example Mail copied\./);
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('alice@mail.example');
  await page.keyboard.press(`${mod}+F`);
  await expect(page.getByLabel('Search items')).toBeFocused();
  await page.keyboard.type('bank');
  await expect(items(page)).toHaveText([/^Bank of Nowhere/]);
  await page.getByLabel('Search items').fill('');
  await page.keyboard.press(`${mod}+N`);
  await expect(page.getByRole('heading', { name: 'New item' })).toBeFocused();
  await lookAt(page, 'the item editor in the detail pane', 'panes-editor');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Favourite: marked in the detail, listed under Favourites.
  await page.getByRole('button', { name: 'Cloud Drive', exact: true }).click();
  await detail(page).getByRole('button', { name: 'Favourite' }).click();
  await expect(detail(page).getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await sidebar(page).getByRole('button', { name: 'Favourites' }).click();
  await expect(items(page)).toHaveText([/^Cloud Drive/]);
  await expectAccessible(page, 'Favourites');

  // An empty category, and Recently Deleted, say so plainly.
  await sidebar(page).getByRole('button', { name: 'Secure Notes' }).click();
  await expect(page.getByText('No items yet.')).toBeVisible();
  await sidebar(page).getByRole('button', { name: 'Recently Deleted' }).click();
  await expect(page.getByText('Nothing was deleted recently.')).toBeVisible();
  await sidebar(page).getByRole('button', { name: 'Password Health' }).click();
  await expect(page.getByRole('heading', { name: 'Password Health' })).toBeFocused();
  await lookAt(page, 'Password Health', 'panes-health');

  // Settings holds the account's Sign-In & Recovery and the app settings.
  await sidebar(page).getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign-In & Recovery' })).toBeVisible();
  await expect(sidebar(page).getByRole('button', { name: 'Settings', exact: true })).toHaveAttribute('aria-current', 'page');
  await lookAt(page, 'the Settings page in the window', 'panes-settings');
  await page.getByRole('button', { name: 'App settings…' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Lock after this many minutes without activity' })).toBeVisible();
  await lookAt(page, 'the app settings in the window', 'panes-app-settings');
  await page.getByRole('button', { name: 'Back to Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Sign-In & Recovery' })).toBeVisible();

  // 800 × 600: all three panes fit, nothing scrolls sideways.
  await page.setViewportSize({ width: 800, height: 600 });
  await sidebar(page).getByRole('button', { name: 'All items' }).click();
  await page.getByRole('button', { name: 'Bank of Nowhere', exact: true }).click();
  await expect(detail(page).getByRole('heading', { name: 'Bank of Nowhere' })).toBeInViewport();
  await expect(items(page)).toHaveCount(3);
  for (const row of await items(page).all()) await expect(row).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  await lookAt(page, 'the window at 800 × 600', 'panes-small');

  // The lock shortcut, from anywhere in the window; the copied username goes with the lock.
  await page.keyboard.press(`${mod}+Shift+L`);
  await expect(page.getByRole('heading', { name: 'Unlock alice@example.com' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('');
});
