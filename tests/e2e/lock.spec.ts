/**
 * Locking on idle: with the idle time shortened for the test (LATCHKEY_IDLE_LOCK_SECONDS),
 * activity keeps the account open, and without it the app returns to the Unlock screen on
 * its own, dropping the password it showed. The idle time itself is set on the Settings
 * screen, which refuses a bad value with a clear error.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, openNewAccount, openSettings, password, useDevices } from './support/accounts';
import { addItem } from './support/vault';

useDevices();

// Long enough that the sign-up steps (an axe audit with nobody typing) finish before it on a loaded machine.
const IDLE_SECONDS = 20;
const itemPassword = 'idle-pass-5310';

test('locks after the idle time, activity postpones it, and the idle time is a setting', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const alice = await device(testInfo, 'alice', [], { LATCHKEY_IDLE_LOCK_SECONDS: String(IDLE_SECONDS) });
  const page = alice.page;
  await openNewAccount(page, alice.dataDir, 'alice@example.com');
  await addItem(page, { title: 'Example Mail', username: 'alice@mail.example', password: itemPassword });
  await page.getByRole('button', { name: 'Example Mail', exact: true }).click();
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue(itemPassword);

  // Someone is at the keyboard: well past the idle time, the item stays open.
  const started = Date.now();
  while (Date.now() - started < (IDLE_SECONDS + 6) * 1000) {
    await page.keyboard.press('Shift');
    await page.waitForTimeout(1_000);
  }
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue(itemPassword);

  // Nobody is: the app goes back to the Unlock screen by itself, and the password is gone from the page.
  await expect(page.getByRole('heading', { name: 'Unlock alice@example.com' })).toBeVisible({ timeout: (IDLE_SECONDS + 10) * 1000 });
  expect(await page.content()).not.toContain(itemPassword);
  await expect(page.getByLabel('Account password')).toHaveValue('');
  await expectAccessible(page, 'the Unlock screen after an idle lock');

  // Unlocking opens All items again, not the item that was showing.
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expectWindow(page, 30_000);
  await expect(page.getByText('Select an item to see it here.')).toBeVisible();

  // The idle time is a setting, reached from Manage Accounts.
  await openSettings(page);
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();
  const minutes = page.getByRole('textbox', { name: 'Lock after this many minutes without activity' });
  await expect(minutes).toHaveValue('10');
  await expectAccessible(page, 'the Settings screen');
  for (const bad of ['0', '1441', 'ten', '2.5', '']) {
    await minutes.fill(bad);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(minutes).toHaveAccessibleDescription(/Enter a whole number of minutes from 1 to 1440\./);
    await expect(minutes).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('status').first()).toHaveText('');
  }
  await expectAccessible(page, 'the Settings screen with an error');
  await minutes.fill('15');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').first()).toHaveText('Saved. Latchkey locks after 15 minutes without activity.');

  // The desktop shell's settings on the same screen: a shortcut without a modifier is refused beside its field.
  const shortcut = page.getByRole('textbox', { name: 'Quick Access shortcut' });
  await expect(shortcut).toHaveValue('CommandOrControl+Shift+Space');
  await shortcut.fill('K');
  await page.getByRole('button', { name: 'Save Quick Access and updates' }).click();
  await expect(shortcut).toHaveAttribute('aria-invalid', 'true');
  await shortcut.fill('Control+Alt+K');
  await page.getByRole('checkbox', { name: /Check for updates/ }).uncheck();
  await page.getByRole('button', { name: 'Save Quick Access and updates' }).click();
  await expect(page.getByRole('status').last()).toHaveText('Saved. Control+Alt+K opens Quick Access; updates are checked only when you ask.');
  await expect(minutes).not.toHaveAttribute('aria-invalid');

  // Saved in the settings file: the screen shows it again after leaving and coming back.
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(minutes).toHaveValue('15');
  await expect(shortcut).toHaveValue('Control+Alt+K');
  await expect(page.getByRole('checkbox', { name: /Check for updates/ })).not.toBeChecked();
});
