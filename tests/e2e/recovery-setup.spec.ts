/**
 * Setting up a recovery code (Manage Accounts → account → Sign-In & Recovery), with every
 * bug of the seed thread ruled out: the code can be selected, Save writes only where the user
 * picked, Print previews and fails cleanly without a printer, Next always leads forward, and
 * typos are caught with the group named.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, filesContaining, openNewAccount, openSettings, password, useDevices } from './support/accounts';
import { tabTo } from './support/keyboard';
import { openRecovery, recoverAccount, setUpRecoveryCode, shownCode, submitRecoveryCode, withTypo } from './support/recovery';
import { syncServer } from './support/sync-server';

useDevices();

const email = 'alice@example.com';

test('sets up a recovery code: save, print, copy, confirm with a typo caught, then created', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  await openNewAccount(page, alice.dataDir, 'alice@example.com');
  await openSettings(page);
  await expect(page.getByText('No recovery code yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Set up recovery code' }).click();

  await expect(page.getByRole('heading', { name: 'Set up a recovery code' })).toBeFocused();
  await expect(page.getByRole('definition').filter({ hasText: /^No\. Setting it up or checking it changes neither your account password nor your Secret Key/ })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^No\. After a recovery you still need your authenticator app or security key/ })).toBeVisible();
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
  expect(execFileSync('pdftotext', [suggested, '-'], { encoding: 'utf8' })).toContain(code);
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
  await openNewAccount(page, alice.dataDir, email);
  await openSettings(page);
  const first = await setUpRecoveryCode(page);
  const created = await page.getByText(/^Created .*; never used\.$/).textContent();

  await page.getByRole('button', { name: 'Replace recovery code' }).click();
  await expect(page.getByRole('heading', { name: 'Replace your recovery code' })).toBeVisible();
  await expect(page.getByText(/You already have a recovery code, created .* It keeps working until you confirm the new one/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  // Left, the replacement says so rather than returning without a word.
  await expect(page.getByRole('status').filter({ hasText: 'recovery code' })).toHaveText('Your recovery code was not changed: the code you had still works.');
  const second = await startSetup(page);
  expect(second).not.toBe(first);
  // The old code is a valid code, but not the one on screen: the groups that differ are named.
  await page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Type your recovery code' }).fill(first);
  // The whole code fits in the field (it wraps): nothing scrolls out of sight, across or down.
  const [scrollWidth, width, scrollHeight, height] = await page.getByRole('textbox', { name: 'Type your recovery code' }).evaluate((field) => [field.scrollWidth, field.clientWidth, field.scrollHeight, field.clientHeight]);
  expect([scrollWidth! <= width!, scrollHeight! <= height!], `a ${first.length}-character code in a field ${width} × ${height} px`).toEqual([true, true]);
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  // Numbered as the user reads them: the first group after "R1" is group 1.
  const shownGroups = second.split('-');
  const differing = first.split('-').flatMap((group, index) => (group === shownGroups[index] ? [] : [index]));
  expect(differing.length).toBeGreaterThan(0);
  const named = differing.length === 1 ? `Group ${differing[0]} does` : `Groups ${differing.join(', ')} do`;
  await expect(page.getByRole('alert')).toHaveText(`${named} not match the code shown. Go back to see it again.`);
  // Each group named, with what was typed there (the groups of the old code), so the person sees the difference.
  const typedGroups = first.split('-');
  await expect(page.getByRole('list', { name: 'What you typed there' }).getByRole('listitem')).toHaveText(differing.map((group) => `Group ${group}: you typed ${typedGroups[group]}`));
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
  await openSettings(page);
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

/** From the account page to the wizard's second step, re-authenticating on the way. */
async function startSetup(page: Page, accountPassword = password): Promise<string> {
  await page.getByRole('button', { name: /^(Set up|Replace) recovery code$/ }).click();
  await page.getByLabel('Account password').fill(accountPassword);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery code' })).toBeFocused({ timeout: 30_000 });
  return shownCode(page);
}

test('Next is disabled until the code is kept; saving, copying and ticking "I wrote it down" each enable it, a failed print does not, and Next always leads forward', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  await openNewAccount(page, alice.dataDir, email);
  await openSettings(page);
  const next = page.getByRole('button', { name: 'Next' });
  const waysToKeep: Record<string, () => Promise<void>> = {
    save: async () => {
      // A folder nobody may write to (even root): the error is said, nothing is left, Next stays disabled.
      await page.getByRole('button', { name: 'Save Recovery Kit…' }).click();
      await page.getByRole('dialog', { name: 'Save your Latchkey Recovery Kit' }).getByRole('textbox', { name: 'Save as' }).fill('/sys/Latchkey Recovery Kit.pdf');
      await page.getByRole('dialog', { name: 'Save your Latchkey Recovery Kit' }).getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('alert')).toContainText('may not write to /sys');
      expect(existsSync('/sys/Latchkey Recovery Kit.pdf')).toBe(false);
      await expect(next).toBeDisabled();
      await page.getByRole('button', { name: 'Save Recovery Kit…' }).click();
      await page.getByRole('dialog', { name: 'Save your Latchkey Recovery Kit' }).getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('status')).toHaveText(/^Saved to /);
    },
    copy: async () => {
      await page.getByRole('button', { name: 'Copy recovery code' }).click();
      await expect(page.getByRole('status')).toHaveText(/^Recovery code copied\./);
    },
    'write down': () => page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check(),
  };
  for (const [way, keep] of Object.entries(waysToKeep)) {
    const code = await startSetup(page);
    await expect(next, `before ${way}`).toBeDisabled();
    await page.getByRole('button', { name: 'Print Recovery Kit…' }).click();
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(/^Not printed: /);
    await expect(next, `after a failed print, before ${way}`).toBeDisabled();
    await keep();
    await expect(next, `after ${way}`).toBeEnabled();
    // Forward, back, and forward again: the same code, and Next never lands anywhere but the confirm step.
    for (let round = 0; round < 2; round++) {
      await next.click();
      await expect(page.getByRole('heading', { name: 'Confirm your recovery code' })).toBeFocused();
      await page.getByRole('button', { name: 'Back' }).click();
      await expect(page.getByRole('textbox', { name: 'Recovery code' })).toHaveText(code);
      await expect(next).toBeEnabled();
    }
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: 'Sign-In & Recovery' })).toBeVisible();
  }
});

test('replacing code A with B: left at any step, A still recovers the account and B does not; once B is confirmed, B recovers it and A does not', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const server = await syncServer();
  const alice = await device(testInfo, 'alice', ['--server-url', server.url]);
  await openNewAccount(alice.page, server.folder, email);
  await openSettings(alice.page);
  const codeA = await setUpRecoveryCode(alice.page);

  // Left at the introduction, at the code, and (by quitting the app) at the confirm step.
  await alice.page.getByRole('button', { name: 'Replace recovery code' }).click();
  await alice.page.getByRole('button', { name: 'Cancel' }).click();
  const leftAtCode = await startSetup(alice.page);
  await alice.page.getByRole('button', { name: 'Cancel' }).click();
  const leftAtConfirm = await startSetup(alice.page);
  await alice.page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check();
  await alice.page.getByRole('button', { name: 'Next' }).click();
  await alice.page.getByRole('textbox', { name: 'Type your recovery code' }).fill(leftAtConfirm);
  await alice.close();

  // Locked out, on another device: the abandoned codes are refused, A recovers the account.
  const phone = await device(testInfo, 'phone', ['--server-url', server.url]);
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(page);
  expect(await submitRecoveryCode(page, email, leftAtCode)).toBe('refused');
  expect(await submitRecoveryCode(page, email, leftAtConfirm)).toBe('refused');
  const recoveredPassword = 'amber harbour kettle 2291 spruce';
  await recoverAccount(page, { email, code: codeA, newPassword: recoveredPassword, mailFolder: server.folder });
  await expectWindow(page);
  await openSettings(page);

  // B confirmed: now A is refused and B recovers the account.
  const codeB = await setUpRecoveryCode(page, recoveredPassword);
  expect(codeB).not.toBe(codeA);
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: 'Sign in to another account' }).click();
  await openRecovery(page);
  expect(await submitRecoveryCode(page, email, codeA)).toBe('refused');
  await recoverAccount(page, { email, code: codeB, newPassword: 'velvet canyon 7720 mosaic drum', mailFolder: server.folder });
  await expectWindow(page);
});

test('with the server down at confirm, the user stays on the confirm step with what they typed, and a retry finishes setup once it is back', async ({}, testInfo) => {
  const server = await syncServer();
  const alice = await device(testInfo, 'alice', ['--server-url', server.url]);
  const { page } = alice;
  await openNewAccount(page, server.folder, email);
  await openSettings(page);
  const code = await startSetup(page);
  await page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Type your recovery code' }).fill(code);

  await server.stop();
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  await expect(page.getByRole('alert')).toContainText('server');
  await expect(page.getByRole('heading', { name: 'Confirm your recovery code' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Type your recovery code' })).toHaveValue(code);
  await expectAccessible(page, 'recovery setup: confirm failed, server down');

  await server.start();
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  await expect(page.getByRole('heading', { name: 'Recovery code created' })).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(/^Created .*; never used\.$/)).toBeVisible();
});
