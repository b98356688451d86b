/**
 * Creating an account, keeping its Emergency Kit, and signing in on a second device, as a
 * user would: controls found by role and name, the code read from the local mailbox.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { createAccount, device, expectWindow, filesContaining, openSettings, password, useDevices } from './support/accounts';
import { latestCode } from './support/mailbox';

useDevices();

test('creates an account, saves the Emergency Kit where the user picked, and nowhere else', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  const secretKey = await createAccount(page, alice.dataDir, 'alice@example.com');
  expect(secretKey).toMatch(/^K1(-[0-9A-Y]+){6}$/);

  await expect(page.getByRole('button', { name: 'Continue to Latchkey' })).toBeDisabled();
  await page.getByRole('button', { name: 'Save Emergency Kit…' }).click();
  const sheet = page.getByRole('dialog', { name: 'Save your Latchkey Emergency Kit' });
  await expect(sheet).toBeVisible();
  await expectAccessible(page, 'the save sheet');
  const suggested = join(alice.home, 'Documents', 'Latchkey Emergency Kit - alice@example.com.pdf');
  await expect(sheet.getByRole('textbox', { name: 'Save as' })).toHaveValue(suggested);
  // The whole path, folder first, is shown in full (the field itself scrolls a long one).
  const whole = sheet.getByText(`Saves to ${suggested}`);
  await expect(whole).toBeVisible();
  expect(await whole.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  await sheet.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status')).toHaveText('Not saved: you closed the save dialog.');
  expect(readdirSync(join(alice.home, 'Documents'))).toEqual([]);

  const picked = join(alice.home, 'Documents', 'My kit.pdf');
  await page.getByRole('button', { name: 'Save Emergency Kit…' }).click();
  await sheet.getByRole('textbox', { name: 'Save as' }).fill(picked);
  await sheet.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved to ${picked}`);
  expect(statSync(picked).mode & 0o777).toBe(0o600);
  // On one line: what a PDF reader copies out is the whole Secret Key, dashes and all.
  expect(execFileSync('pdftotext', [picked, '-'], { encoding: 'utf8' })).toContain(secretKey);

  await page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  await expectWindow(page);
  await openSettings(page);
  await expect(page.getByRole('heading', { name: 'Alice Example' })).toBeVisible();
  await expect(page.getByText('Signed in as alice@example.com')).toBeVisible();
  await expectAccessible(page, 'the account page');

  // On the account page the kit is behind the password.
  await page.getByRole('button', { name: 'Show Secret Key…' }).click();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Show Secret Key' }).click();
  await page.getByRole('button', { name: 'Print Emergency Kit…' }).click();
  await expect(page.getByRole('img', { name: 'The Emergency Kit page as it will print' })).toBeVisible();
  await expectAccessible(page, 'the print preview');
  await page.getByRole('button', { name: 'Print', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(/^Not printed: This window runs without a screen/);

  // The Secret Key is on disk only where the user saved it: not in HOME, TMPDIR or the data folder.
  const compact = secretKey.replace(/-/g, '');
  for (const form of [secretKey, compact]) expect(filesContaining([alice.home, alice.temp, alice.dataDir], form).filter((file) => file !== picked)).toEqual([]);
});

test('signs in on a second device with the Secret Key, then locks and unlocks with the password alone', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const alice = await device(testInfo, 'alice');
  const secretKey = await createAccount(alice.page, alice.dataDir, 'alice@example.com');
  await alice.page.getByRole('checkbox', { name: /I wrote my Secret Key down/ }).check();
  await alice.page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  const info = await alice.page.evaluate(() => window.latchkey.invoke('app.info', {}));
  if (!info.ok) throw new Error('app.info failed');

  const laptop = await device(testInfo, 'laptop', ['--server-url', info.value.server.url]);
  const { page } = laptop;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectAccessible(page, 'sign-in');
  await page.getByRole('textbox', { name: 'Email address' }).fill('alice@example.com');
  // Typed loosely, as people do: lower case, spaces instead of dashes.
  await page.getByRole('textbox', { name: 'Secret Key' }).fill(secretKey.toLowerCase().replace(/-/g, ' '));
  await page.getByLabel('Account password').fill('not my password at all 123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email, Secret Key or account password is not right. Check all three and try again.');
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectWindow(page, 30_000);

  await openSettings(page);
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock alice@example.com' })).toBeVisible();
  await expectAccessible(page, 'unlock');
  await page.getByLabel('Account password').fill('wrong password entirely 99');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not right.');
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expectWindow(page, 30_000);
});

test('sign-up sends a new code on request (the first then stops working) and says a password difference once; a locked account offers Forgot your password?', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const laptop = await device(testInfo, 'laptop');
  const { page, dataDir } = laptop;
  const email = 'newcomer@example.com';
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Your name' }).fill('New Comer');
  await page.getByRole('button', { name: 'Send verification code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  await expect(page.getByText(`We sent an 8-digit code to ${email}.`)).toBeVisible();
  const first = await latestCode(dataDir, email);

  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByRole('status')).toHaveText('We sent a new code. The earlier one no longer works.');
  await expectAccessible(page, 'sign-up: a new code sent');
  await expect.poll(() => latestCode(dataDir, email)).not.toBe(first);
  const second = await latestCode(dataDir, email);
  await page.getByRole('textbox', { name: 'Verification code' }).fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).not.toHaveText('');
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Verification code' }).fill(second);
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(page.getByRole('heading', { name: 'Choose your account password' })).toBeVisible();
  await page.getByLabel('Account password').fill(password);
  await page.getByLabel('Type it again').fill(`${password}!`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('The two passwords are different.')).toHaveCount(1);
  await page.getByLabel('Type it again').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Keep your Emergency Kit' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('checkbox', { name: /I wrote my Secret Key down/ }).check();
  await page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  await expectWindow(page);
  await openSettings(page);
  // Headings drawn in their order: the section's above each of its subheadings.
  const size = (name: string) => page.getByRole('heading', { name, exact: true }).evaluate((heading) => parseFloat(getComputedStyle(heading).fontSize));
  const section = await size('Sign-In & Recovery');
  for (const sub of ['Account password', 'Secret Key and Emergency Kit', 'Two-step verification', 'Recovery code']) expect(await size(sub), sub).toBeLessThan(section);

  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Unlock ${email}` })).toBeVisible();
  const forgot = page.getByRole('button', { name: 'Forgot your password?' });
  await expect(forgot).toHaveAttribute('aria-expanded', 'false');
  await forgot.click();
  await expect(forgot).toHaveAttribute('aria-expanded', 'true');
  await expectAccessible(page, 'unlock: forgot your password');
  await page.getByRole('button', { name: 'Use recovery code' }).click();
  await expect(page.getByRole('heading', { name: 'Use your recovery code' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email address' })).toHaveValue(email);
});
