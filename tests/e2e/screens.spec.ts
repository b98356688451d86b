/**
 * Every screen of the window at its smallest (800 × 600), checked by axe in the light and the
 * dark theme, with a screenshot of each under test-results/screens/ for the person judging the
 * look: each item type selected and in its editor, a one-time code, the password history,
 * Recently Deleted with an item, Password Health with findings, the import preview, Export,
 * Settings, the app settings and Quick Access.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { device, openNewAccount, openSettings, useDevices } from './support/accounts';
import { openQuickAccess } from './support/quick-access';
import { lookAt } from './support/screens';
import { detailPane, items, listStatus, newItem, selectItem } from './support/vault';

useDevices();

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sidebar' });

/** Each type with its own fields; the login and the router have weak passwords, so Password Health has findings. */
const TYPES: { type: string; title: string; fill: Record<string, string> }[] = [
  { type: 'Login', title: 'Example Mail', fill: { Username: 'alice@mail.example', Password: 'sunshine1', 'Websites (one per line)': 'https://mail.example\nhttps://webmail.example.org/a/rather/long/path/to/the/inbox', Notes: 'Work address' } },
  { type: 'Secure Note', title: 'Alarm', fill: { Notes: 'The alarm code is 2468.\nThe word is kingfisher.' } },
  { type: 'Credit Card', title: 'Visa', fill: { Cardholder: 'Alice Example', 'Card number': '4111 1111 1111 1234', Expiry: '04/2031', 'Security code': '123', PIN: '0000' } },
  { type: 'Identity', title: 'Me', fill: { 'Full name': 'Alice Example', Address: '1 Example Road, Exampleton', Phone: '+1 555 0100', Email: 'alice@example.com', 'Date of birth': '1990-02-28' } },
  { type: 'Password', title: 'Router', fill: { Password: 'sunshine1' } },
];

test('every screen of the window, in both themes at 800 × 600, passes axe and is photographed', async ({}, testInfo) => {
  test.setTimeout(900_000);
  const alice = await device(testInfo, 'alice');
  const page = alice.page;
  await page.setViewportSize({ width: 800, height: 600 });
  await openNewAccount(page, alice.dataDir, 'alice@example.com');
  await lookAt(page, 'the empty vault', 'empty-vault');

  // Each type: its editor as a new item, then selected in All items.
  for (const { type, title, fill } of TYPES) {
    await newItem(page, type, title, fill);
    // "Show hidden fields" only where something is hidden (not on a Secure Note or an Identity).
    const hides = type === 'Credit Card' ? 1 : 0;
    await expect(page.getByRole('button', { name: 'Show hidden fields' })).toHaveCount(hides);
    await lookAt(page, `the editor of a new ${type}`, `editor-new-${type}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(listStatus(page)).toHaveText(`Saved ${title}.`);
    await selectItem(page, title);
    // Notes only when the item has some: no empty box.
    if (fill.Notes) await expect(detailPane(page).getByLabel('Notes')).toHaveValue(fill.Notes);
    else await expect(detailPane(page).getByLabel('Notes')).toHaveCount(0);
    await lookAt(page, `All items with a ${type} selected`, `item-${type}`);
  }
  await expect(items(page)).toHaveCount(TYPES.length);

  // A login's one-time code in the detail, and in its editor; a password change for the history.
  await selectItem(page, 'Example Mail');
  await detailPane(page).getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Set up one-time password…' }).click();
  await page.getByLabel('Setup key or otpauth:// link').fill('JBSWY3DPEHPK3PXP');
  await page.getByRole('button', { name: 'Add one-time password' }).click();
  await page.getByLabel('Password', { exact: true }).fill('sunshine2');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(listStatus(page)).toHaveText('Saved Example Mail.');
  await expect(detailPane(page).getByRole('progressbar', { name: 'Time left for this code' })).toBeVisible();
  await lookAt(page, 'a login with its one-time code', 'item-otp');
  await detailPane(page).getByRole('heading', { name: 'Password history' }).scrollIntoViewIfNeeded();
  await detailPane(page).getByRole('button', { name: /^Show password until / }).click();
  await lookAt(page, 'the password history', 'password-history');
  await detailPane(page).getByRole('button', { name: 'Edit', exact: true }).click();
  await lookAt(page, 'the editor of a login with a one-time code', 'editor-Login-otp');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // The editor of each saved item of the other types.
  for (const { type, title } of TYPES.slice(1)) {
    await selectItem(page, title);
    await detailPane(page).getByRole('button', { name: 'Edit', exact: true }).click();
    await expect(page.getByRole('heading', { name: `Edit ${title}` })).toBeFocused();
    await lookAt(page, `the editor of a saved ${type}`, `editor-edit-${type}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
  }

  // Recently Deleted with an item in it.
  await selectItem(page, 'Alarm');
  await detailPane(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(listStatus(page)).toHaveText('Moved Alarm to Recently Deleted.');
  await sidebar(page).getByRole('button', { name: 'Recently Deleted' }).click();
  await selectItem(page, 'Alarm');
  await expect(page.getByRole('button', { name: 'Restore', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New item' })).toHaveCount(0);
  await lookAt(page, 'Recently Deleted with an item', 'recently-deleted');

  // Password Health: the weak passwords of the login and the router.
  await sidebar(page).getByRole('button', { name: 'Password Health' }).click();
  await expect(page.getByRole('list', { name: 'Summary' })).toContainText('2 weak passwords');
  await lookAt(page, 'Password Health with findings', 'password-health');

  // Settings, the app settings, the import preview and Export.
  await openSettings(page);
  await lookAt(page, 'Settings', 'settings');
  await page.getByRole('button', { name: 'App settings…' }).click();
  await expect(page.getByRole('heading', { name: 'Quick Access and updates' })).toBeVisible();
  // A status line with nothing to say draws nothing (no empty strip).
  const statuses = page.locator('p.status');
  await expect(statuses.first()).toBeAttached();
  for (const status of await statuses.all()) if ((await status.textContent()) === '') expect((await status.boundingBox())?.height).toBe(0);
  await lookAt(page, 'the app settings', 'app-settings');
  const file = join(alice.home, 'Documents', 'bitwarden_export.csv');
  writeFileSync(file, ['folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp', 'Social,1,login,Forum,,Pet: rex,0,https://forum.example,ana,pw-forum,', ',,note,Wifi,the key is 42,,0,,,,'].join('\n'));
  await page.getByRole('button', { name: 'Import into Private' }).click();
  await expect(page.getByRole('heading', { name: 'Import into Private' })).toBeInViewport();
  await page.getByRole('button', { name: 'Choose a file…' }).click();
  const sheet = page.getByRole('dialog', { name: 'Choose the file to import' });
  await sheet.getByRole('textbox', { name: 'Open' }).fill(file);
  await sheet.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByLabel('What the file holds')).toContainText('1 login');
  await lookAt(page, 'the import preview', 'import-preview');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Export Private' }).click();
  await expect(page.getByRole('heading', { name: 'Export Private' })).toBeInViewport();
  await lookAt(page, 'Export', 'export');

  // Quick Access, a window of its own.
  const quick = await openQuickAccess(page);
  await expect(quick.getByRole('combobox', { name: 'Search every unlocked account' })).toBeFocused();
  await quick.keyboard.type('mail');
  await expect(quick.getByRole('listbox', { name: 'Matching items' }).getByRole('option').first()).toContainText('Example Mail');
  await lookAt(quick, 'Quick Access with a result', 'quick-access');
});
