/**
 * Setting up a recovery code (Manage Accounts → account → Sign-In & Recovery), with every
 * bug of the seed thread ruled out: the code can be selected, Save writes only where the user
 * picked, Print previews and fails cleanly without a printer, Next always leads forward, and
 * typos are caught with the group named.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, filesContaining, openNewAccount, password, useDevices } from './support/accounts';
import { tabTo } from './support/keyboard';

useDevices();

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXY';

/** The code with one character of group `group` (1-based) replaced by another valid symbol. */
function withTypo(code: string, group: number): string {
  const groups = code.split('-');
  const target = groups[group] as string;
  const replacement = alphabet[(alphabet.indexOf(target[0] as string) + 1) % alphabet.length] as string;
  groups[group] = replacement + target.slice(1);
  return groups.join('-');
}

test('sets up a recovery code: save, print, copy, confirm with a typo caught, then created', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  await openNewAccount(page, alice.dataDir, 'alice@example.com');
  await expect(page.getByText('No recovery code yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Set up recovery code' }).click();

  await expect(page.getByRole('heading', { name: 'Set up a recovery code' })).toBeFocused();
  await expect(page.getByText('Setting it up does not change your account password or your Secret Key.')).toBeVisible();
  await expect(page.getByText(/Two-factor authentication still protects your data/)).toBeVisible();
  await expectAccessible(page, 'recovery setup: introduction');
  await page.getByLabel('Account password').fill('not the password 123');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not right.');
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Your recovery code' })).toBeFocused({ timeout: 30_000 });
  const codeBox = page.getByRole('textbox', { name: 'Recovery code' });
  const code = ((await codeBox.textContent()) ?? '').trim();
  expect(code).toMatch(/^R1(-[0-9A-Y]{5}){13}$/);
  // The code can be selected like any text (the thread: "a code that can't be selected").
  await codeBox.click({ clickCount: 3 });
  expect(await page.evaluate(() => window.getSelection()?.toString().trim())).toBe(code);
  await expectAccessible(page, 'recovery setup: the code');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();

  await page.getByRole('button', { name: 'Print Recovery Kit…' }).click();
  await expect(page.getByRole('img', { name: 'The Recovery Kit page as it will print' })).toBeVisible();
  await page.getByRole('button', { name: 'Print', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(/^Not printed: /);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();

  await page.getByRole('button', { name: 'Save Recovery Kit…' }).click();
  const sheet = page.getByRole('dialog', { name: 'Save your Latchkey Recovery Kit' });
  const suggested = join(alice.home, 'Documents', 'Latchkey Recovery Kit - alice@example.com.pdf');
  await expect(sheet.getByRole('textbox', { name: 'Save as' })).toHaveValue(suggested);
  await sheet.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved to ${suggested}`);
  expect(statSync(suggested).mode & 0o777).toBe(0o600);
  expect(execFileSync('pdftotext', [suggested, '-'], { encoding: 'utf8' }).replace(/[\s-]+/g, '')).toContain(code.replace(/-/g, ''));
  expect(readdirSync(join(alice.home, 'Documents'))).toEqual(['Latchkey Recovery Kit - alice@example.com.pdf']);

  await page.getByRole('button', { name: 'Copy recovery code' }).click();
  await expect(page.getByRole('status')).toHaveText('Recovery code copied. Latchkey clears it from the clipboard in 90 seconds.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm your recovery code' })).toBeFocused();
  await expectAccessible(page, 'recovery setup: confirm');
  await page.getByRole('textbox', { name: 'Type your recovery code' }).fill(withTypo(code, 3));
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  await expect(page.getByRole('alert')).toHaveText('Group 3 has a typo.');

  // Going back shows the same code, not a new one.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('textbox', { name: 'Recovery code' })).toHaveText(code);
  await page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  // Typed loosely: lower case, spaces instead of dashes, the letter O for zero.
  await page.getByRole('textbox', { name: 'Type your recovery code' }).fill(code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o'));
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  await expect(page.getByRole('heading', { name: 'Recovery code created' })).toBeVisible();
  await expectAccessible(page, 'recovery setup: created');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(/^Created .*; never used\.$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Replace recovery code' })).toBeVisible();

  // The code is on disk only in the kit the user saved.
  expect(filesContaining([alice.home, alice.temp, alice.dataDir], code).filter((file) => file !== suggested)).toEqual([]);
});

test('leaving a replacement half-way keeps the existing code', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  await openNewAccount(page, alice.dataDir, 'alice@example.com');
  await page.getByRole('button', { name: 'Set up recovery code' }).click();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const first = ((await page.getByRole('textbox', { name: 'Recovery code' }).textContent()) ?? '').trim();
  await page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Type your recovery code' }).fill(first);
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  const created = await page.getByText(/^Created .*; never used\.$/).textContent();

  await page.getByRole('button', { name: 'Replace recovery code' }).click();
  await expect(page.getByRole('heading', { name: 'Replace your recovery code' })).toBeVisible();
  await expect(page.getByText(/You already have a recovery code, created .* It keeps working until you confirm the new one/)).toBeVisible();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const second = ((await page.getByRole('textbox', { name: 'Recovery code' }).textContent()) ?? '').trim();
  expect(second).not.toBe(first);
  // The old code is a valid code, but not the one on screen: the groups that differ are named.
  await page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Type your recovery code' }).fill(first);
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Groups? [\d, ]+ do(es)? not match the code shown\. Go back to see it again\.$/);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText(created ?? '')).toBeVisible();
  const status = await page.evaluate(async () => {
    const accounts = await window.latchkey.invoke('accounts.list', {});
    if (!accounts.ok) return null;
    return window.latchkey.invoke('recoveryCode.status', { accountId: accounts.value.accounts[0]?.accountId ?? '' });
  });
  expect(status).toMatchObject({ ok: true, value: { status: 'active', pending: true } });
});

test('can be completed with the keyboard alone, and a copied code leaves the clipboard after the timeout', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice', [], { LATCHKEY_CLIPBOARD_CLEAR_SECONDS: '2' });
  const { page } = alice;
  await openNewAccount(page, alice.dataDir, 'alice@example.com');
  await tabTo(page, 'Set up recovery code');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Set up a recovery code' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Account password')).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your recovery code' })).toBeFocused({ timeout: 30_000 });
  const code = ((await page.getByRole('textbox', { name: 'Recovery code' }).textContent()) ?? '').trim();

  await tabTo(page, 'Copy recovery code');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Recovery code copied. Latchkey clears it from the clipboard in 2 seconds.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toBe('');

  await tabTo(page, 'Next');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Confirm your recovery code' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Type your recovery code' })).toBeFocused();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Recovery code created' })).toBeVisible();
  await tabTo(page, 'Done');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Created .*; never used\.$/)).toBeVisible();
});
