/**
 * "Check recovery code" on Sign-In & Recovery: the code kept works (with today's date), a typo
 * is named by its group and changes nothing, and after a replacement the old code is "not your
 * current recovery code", with the way to set up a new one. Keyboard alone, axe clean.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, openSettings, useDevices } from './support/accounts';
import { tabTo } from './support/keyboard';
import { setUpRecoveryCode, withTypo } from './support/recovery';

useDevices();

const email = 'alice@example.com';

/** The date as the app shows it, today, in the page's own locale. */
const today = (page: Page) => page.evaluate(() => new Date().toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' }));

/** The recovery code's status as the server reports it, straight through the IPC channel. */
const codeStatus = (page: Page) =>
  page.evaluate(async () => {
    const accounts = await window.latchkey.invoke('accounts.list', {});
    if (!accounts.ok) return null;
    return window.latchkey.invoke('recoveryCode.status', { accountId: accounts.value.accounts[0]?.accountId ?? '' });
  });

/** On the check screen: types `code` and presses Check. */
async function check(page: Page, code: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your recovery code' }).fill(code);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
}

test('the code kept works, a typo is named and changes nothing, and a replaced code is not the current one', async ({}, testInfo) => {
  const { page, dataDir } = await device(testInfo, 'alice');
  await openNewAccount(page, dataDir, email);
  await openSettings(page);
  await expect(page.getByRole('button', { name: 'Check recovery code…' })).toHaveCount(0);
  const code = await setUpRecoveryCode(page);

  await page.getByRole('button', { name: 'Check recovery code…' }).click();
  await expect(page.getByRole('heading', { name: 'Check your recovery code' })).toBeFocused();
  await expect(page.getByRole('term').filter({ hasText: 'What happens to my code if a Family Organizer recovers me?' })).toBeVisible();
  await expectAccessible(page, 'recovery check');
  await check(page, code.toLowerCase().replace(/-/g, ' '));
  await expect(page.getByRole('status')).toHaveText(`Your recovery code works. Checked ${await today(page)}.`, { timeout: 30_000 });
  await expectAccessible(page, 'recovery check: works');

  const before = await codeStatus(page);
  await check(page, withTypo(code, 3));
  await expect(page.getByRole('alert')).toHaveText('Check group 3 against your Recovery Kit: it has a typo.');
  await expect(page.getByRole('status')).toHaveText('');
  await expectAccessible(page, 'recovery check: a typo');
  expect(await codeStatus(page)).toEqual(before);

  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { name: 'Sign-In & Recovery' })).toBeVisible();
  const replaced = await setUpRecoveryCode(page);
  expect(replaced).not.toBe(code);
  await page.getByRole('button', { name: 'Check recovery code…' }).click();
  await check(page, code);
  await expect(page.getByRole('alert')).toHaveText(/^This is not your current recovery code\. .*set up a new one/, { timeout: 30_000 });
  await expectAccessible(page, 'recovery check: not current');
  await page.getByRole('button', { name: 'Set up a new recovery code…' }).click();
  await expect(page.getByRole('heading', { name: 'Replace your recovery code' })).toBeFocused();
});

test('can be done with the keyboard alone', async ({}, testInfo) => {
  const { page, dataDir } = await device(testInfo, 'alice');
  await openNewAccount(page, dataDir, email);
  await openSettings(page);
  const code = await setUpRecoveryCode(page);

  await tabTo(page, 'Check recovery code…');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your recovery code' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Your recovery code' })).toBeFocused();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(`Your recovery code works. Checked ${await today(page)}.`, { timeout: 30_000 });
  await tabTo(page, 'Back');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Check recovery code…' })).toBeVisible();
});
