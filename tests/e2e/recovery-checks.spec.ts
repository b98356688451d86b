/**
 * The identity checks after a recovery code (the email "catch-22"): in Sign-In & Recovery the
 * owner turns the authenticator app on and chooses it instead of email (keyboard only, axe
 * clean, the password asked again); then, on another device, the recovery code and a code
 * from the app recover the account with no verification code emailed, and the items open at
 * once. A wrong app code is refused; with both checks chosen the user picks one; turning the
 * app off brings email back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, openNewAccount, openSettings, password, serverUrlOf, useDevices, type Device } from './support/accounts';
import { tabUntilFocused } from './support/keyboard';
import { openRecovery, recoverAccount, setUpRecoveryCode, submitRecoveryCode } from './support/recovery';
import { plugInKey, registerKey } from './support/security-keys';
import { appCode, turnOnAuthenticator } from './support/two-factor';
import { addItem, items } from './support/vault';

useDevices();

const email = 'alice@example.com';
const newPassword = 'amber harbour kettle 2291 spruce';

/** The messages in the embedded server's mailbox that carry a verification code. */
const codeMails = (dataDir: string) =>
  readdirSync(join(dataDir, 'mailbox'))
    .map((name) => readFileSync(join(dataDir, 'mailbox', name), 'utf8'))
    .filter((message) => /verification code is: \d+/.test(message));

/** From the account page: chooses exactly `checks` (by their labels) with the keyboard, re-authenticating. */
async function chooseChecks(page: Page, checks: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Choose identity checks…' }).click();
  await expect(page.getByRole('heading', { name: 'Identity checks for recovery' })).toBeFocused();
  for (const label of ['A code sent to your email', 'A code from your authenticator app', 'A security key']) {
    const box = page.getByRole('checkbox', { name: label });
    if ((await box.isChecked()) !== checks.includes(label)) {
      await tabUntilFocused(page, box);
      await page.keyboard.press('Space');
    }
  }
  await tabUntilFocused(page, page.getByLabel('Account password'));
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Identity checks saved' })).toBeFocused({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Done' }).click();
}

/** Another device, locked out: the recovery code is accepted and the check `heading` names is asked for, with no emailed-code field. */
async function lockedOut(testInfo: Parameters<typeof device>[0], owner: Device, code: string, heading: string): Promise<Page> {
  const { page } = await device(testInfo, 'laptop', ['--server-url', await serverUrlOf(owner.page)]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(page);
  expect(await submitRecoveryCode(page, email, code)).toBe('accepted');
  await expect(page.getByRole('heading', { name: heading })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Verification code' })).toHaveCount(0);
  await expectAccessible(page, `recovery: ${heading}`);
  return page;
}

test('with email deselected and the authenticator chosen, the recovery code and an app code recover the account with no email code, and the items open at once', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const alice = await device(testInfo, 'alice');
  await openNewAccount(alice.page, alice.dataDir, email);
  const titles = ['Example Mail', 'Bank of Example'];
  for (const title of titles) await addItem(alice.page, { title, username: 'alice' });
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();

  // Before the app is set up, only email can be chosen.
  await expect(alice.page.getByText('After your recovery code, a recovery asks for a code sent to your email.')).toBeVisible();
  await alice.page.getByRole('button', { name: 'Choose identity checks…' }).click();
  await expect(alice.page.getByRole('heading', { name: 'Identity checks for recovery' })).toBeFocused();
  await expect(alice.page.getByRole('checkbox', { name: 'A code from your authenticator app' })).toBeDisabled();
  await expect(alice.page.getByRole('checkbox', { name: 'A code from your authenticator app' })).toHaveAccessibleDescription('Set up an authenticator app first.');
  await expect(alice.page.getByRole('checkbox', { name: 'A security key' })).toBeDisabled();
  await expect(alice.page.getByRole('checkbox', { name: 'A security key' })).toHaveAccessibleDescription('Register a security key first.');
  await expect(alice.page.getByText(/^A check that needs something you keep only inside Latchkey can lock you out\./)).toBeVisible();
  await expectAccessible(alice.page, 'recovery checks: nothing but email set up');
  // Nothing chosen is refused on the screen (the server refuses it too).
  await alice.page.getByRole('checkbox', { name: 'A code sent to your email' }).uncheck();
  await alice.page.getByLabel('Account password').fill(password);
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await expect(alice.page.getByRole('alert')).toHaveText('Choose at least one way to prove it’s you.');
  await alice.page.getByRole('button', { name: 'Cancel' }).click();

  const secret = await turnOnAuthenticator(alice.page);
  const code = await setUpRecoveryCode(alice.page);
  // A wrong password changes nothing.
  await alice.page.getByRole('button', { name: 'Choose identity checks…' }).click();
  await alice.page.getByRole('checkbox', { name: 'A code sent to your email' }).uncheck();
  await alice.page.getByRole('checkbox', { name: 'A code from your authenticator app' }).check();
  await alice.page.getByLabel('Account password').fill('not the password 123');
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await expect(alice.page.getByRole('alert')).toHaveText('That password is not right.');
  await alice.page.getByRole('button', { name: 'Cancel' }).click();
  await expect(alice.page.getByText('After your recovery code, a recovery asks for a code sent to your email.')).toBeVisible();

  await chooseChecks(alice.page, ['A code from your authenticator app']);
  await expect(alice.page.getByText('After your recovery code, a recovery asks for a code from your authenticator app.')).toBeVisible();
  await expectAccessible(alice.page, 'account page with recovery checks');
  await expect.poll(() => readdirSync(join(alice.dataDir, 'mailbox')).some((name) => readFileSync(join(alice.dataDir, 'mailbox', name), 'utf8').includes('were changed'))).toBe(true);

  // Another device, locked out: code, then the app; no verification code is emailed.
  const codeMailsBefore = codeMails(alice.dataDir).length;
  const page = await lockedOut(testInfo, alice, code, 'Enter a code from your authenticator app');
  // Keyboard only: a wrong code is refused, then the app's code.
  const right = await appCode(secret, 0);
  await tabUntilFocused(page, page.getByLabel('Code from your authenticator app'));
  await page.keyboard.type(right === '000000' ? '111111' : '000000');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('That code from your authenticator app is not right, or was already used. Enter the code it shows now.');
  await page.getByRole('button', { name: 'Start again' }).click();
  await recoverAccount(page, { email, code, newPassword, mailFolder: alice.dataDir, authenticatorCode: right });
  expect(codeMails(alice.dataDir)).toHaveLength(codeMailsBefore);

  // The app's code counted as this device's second factor: the items open without another.
  await expectWindow(page, 30_000);
  await page.getByRole('button', { name: 'All items' }).click();
  for (const title of titles) await expect(items(page).filter({ hasText: title })).toHaveCount(1);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();

  // Turning the app off while it is the only check brings email back.
  await page.getByRole('button', { name: 'Turn off the authenticator app' }).click();
  await page.getByLabel('Account password').fill(newPassword);
  await page.getByLabel('Code from your authenticator app').fill(await appCode(secret, 1));
  await page.getByRole('button', { name: 'Turn off' }).click();
  await expect(page.getByText(/^Off\. Turn it on/)).toBeVisible();
  await expect(page.getByText('After your recovery code, a recovery asks for a code sent to your email.')).toBeVisible();
});

test('with email and the authenticator both chosen, the recovery lets the user pick one', async ({}, testInfo) => {
  test.setTimeout(200_000);
  const alice = await device(testInfo, 'alice');
  await openNewAccount(alice.page, alice.dataDir, email);
  await openSettings(alice.page);
  const secret = await turnOnAuthenticator(alice.page);
  const code = await setUpRecoveryCode(alice.page);
  await chooseChecks(alice.page, ['A code sent to your email', 'A code from your authenticator app']);
  await expect(alice.page.getByText('After your recovery code, a recovery asks for a code sent to your email or a code from your authenticator app.')).toBeVisible();

  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(page);
  expect(await submitRecoveryCode(page, email, code)).toBe('accepted');
  await expect(page.getByRole('heading', { name: "Prove it's you" })).toBeFocused();
  const byEmail = page.getByRole('radio', { name: 'A code sent to your email' });
  await expect(byEmail).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Verification code' })).toBeVisible();
  await expectAccessible(page, 'recovery: choice of checks');
  // Keyboard: the arrow key moves the choice to the app.
  await tabUntilFocused(page, byEmail);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'A code from your authenticator app' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Verification code' })).toHaveCount(0);
  await expectAccessible(page, 'recovery: choice of checks, the app');
  await tabUntilFocused(page, page.getByRole('textbox', { name: 'Code from your authenticator app' }));
  await page.keyboard.type(await appCode(secret, 0));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Choose a new account password' })).toBeFocused({ timeout: 30_000 });
});

test('with a security key chosen instead of email, the recovery code and the key recover the account with no email code; without the key it is refused', async ({}, testInfo) => {
  // Includes Chromium's 60 s wait for a key that is not there.
  test.setTimeout(360_000);
  const alice = await device(testInfo, 'alice');
  await openNewAccount(alice.page, alice.dataDir, email);
  await addItem(alice.page, { title: 'Example Mail', username: 'alice' });
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const key = await plugInKey(alice.page);
  await registerKey(alice.page, 'Blue key');
  const code = await setUpRecoveryCode(alice.page);
  await chooseChecks(alice.page, ['A security key']);
  await expect(alice.page.getByText('After your recovery code, a recovery asks for a security key.')).toBeVisible();

  const codeMailsBefore = codeMails(alice.dataDir).length;
  const page = await lockedOut(testInfo, alice, code, 'Use your security key');
  // No key at this computer: refused, in words.
  await page.getByRole('button', { name: 'Use security key' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^No security key answered/, { timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Choose a new account password' })).toHaveCount(0);

  // The same key, now at this computer: the recovery goes on, and no code was emailed.
  await page.getByRole('button', { name: 'Start again' }).click();
  await plugInKey(page, key);
  await recoverAccount(page, { email, code, newPassword, mailFolder: alice.dataDir, securityKey: true });
  expect(codeMails(alice.dataDir)).toHaveLength(codeMailsBefore);
  // The key counted as this device's second factor: the items open without another.
  await expectWindow(page, 30_000);
  await page.getByRole('button', { name: 'All items' }).click();
  await expect(items(page).filter({ hasText: 'Example Mail' })).toHaveCount(1);
});
