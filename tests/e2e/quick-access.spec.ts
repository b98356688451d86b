/**
 * Quick Access by keyboard alone, in the browser host, where it is a second page of the app's
 * origin (`/?view=quick-access`; in Electron the global shortcut opens it in its own window):
 * it searches the unlocked account's items, Enter copies the password, Shift+Enter the
 * username, Ctrl+Enter says the item has no one-time code, and Escape closes it.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, useDevices } from './support/accounts';
import { openQuickAccess } from './support/quick-access';
import { addItem } from './support/vault';

useDevices();

test('finds items across unlocked accounts and copies by keyboard alone', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const alice = await device(testInfo, 'alice');
  const a = alice.page;
  await openNewAccount(a, alice.dataDir, 'alice@example.com');
  await addItem(a, { title: 'Example Mail', username: 'alice@mail.example', password: 'mail-pass-7391' });
  await addItem(a, { title: 'Bank of Nowhere', username: 'alice.b', password: 'bank-pass-2207' });

  const quick = await openQuickAccess(a);
  const search = quick.getByRole('combobox', { name: 'Search every unlocked account' });
  await expect(search).toBeFocused();
  const options = quick.getByRole('listbox', { name: 'Matching items' }).getByRole('option');

  await quick.keyboard.type('mail');
  await expect(options).toHaveText(['Example Mail alice@mail.example']);
  await expectAccessible(quick, 'Quick Access with a result');
  await quick.keyboard.press('Enter');
  await expect(quick.getByRole('status')).toHaveText(/^Password for Example Mail copied\. It will be cleared from the clipboard at .+\.$/);
  expect(await quick.evaluate(() => navigator.clipboard.readText())).toBe('mail-pass-7391');

  await quick.keyboard.press('Shift+Enter');
  await expect(quick.getByRole('status')).toHaveText(/^Username for Example Mail copied\./);
  expect(await quick.evaluate(() => navigator.clipboard.readText())).toBe('alice@mail.example');

  await quick.keyboard.press('Control+Enter');
  await expect(quick.getByRole('status')).toHaveText('Example Mail has no one-time code.');
  expect(await quick.evaluate(() => navigator.clipboard.readText())).toBe('alice@mail.example');

  // Both items match "alice"; Down chooses the second, Up goes back to the first.
  await quick.keyboard.press('ControlOrMeta+A');
  await quick.keyboard.type('alice');
  await expect(options).toHaveText(['Bank of Nowhere alice.b', 'Example Mail alice@mail.example']);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await quick.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', 'quick-access-item-1');
  await quick.keyboard.press('ArrowUp');
  await quick.keyboard.press('Enter');
  await expect(quick.getByRole('status')).toHaveText(/^Password for Bank of Nowhere copied\./);
  expect(await quick.evaluate(() => navigator.clipboard.readText())).toBe('bank-pass-2207');

  // Nothing matches: no options, nothing copied.
  await quick.keyboard.press('ControlOrMeta+A');
  await quick.keyboard.type('zzz-no-such-item');
  await expect(options).toHaveCount(0);
  await quick.keyboard.press('Enter');
  expect(await quick.evaluate(() => navigator.clipboard.readText())).toBe('bank-pass-2207');

  const closed = quick.waitForEvent('close', { timeout: 10_000 });
  // The press itself may report the page gone: closing it is what Escape does.
  await quick.keyboard.press('Escape').catch(() => undefined);
  await closed;
  expect(quick.isClosed()).toBe(true);
});

test('says to unlock an account when none is unlocked, and finds nothing', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  const quick = await openQuickAccess(alice.page);
  await expect(quick.getByText('Unlock an account in Latchkey to search it.')).toBeVisible();
  await quick.keyboard.type('mail');
  await expect(quick.getByRole('listbox', { name: 'Matching items' }).getByRole('option')).toHaveCount(0);
  await expectAccessible(quick, 'Quick Access with no unlocked account');
});
