/**
 * Two-step verification with an authenticator app, as a user meets it: turned on from
 * Sign-In & Recovery (password, QR code and setup key, a code), asked for on a new device
 * before the account opens, and turned off with the password and a code. The test plays the
 * authenticator app with otplib and the setup key the screen shows.
 */
import { generate } from 'otplib';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, filesContaining, openNewAccount, password, serverUrlOf, signInWith, useDevices } from './support/accounts';

useDevices();

const email = 'alice@example.com';

/** What the authenticator app shows `stepsAhead` 30-second steps from now (the server accepts one step either side). */
const appCode = (secret: string, stepsAhead = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

async function turnOn(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('heading', { name: 'Set up an authenticator app' })).toBeFocused();
  await expectAccessible(page, '2FA: set up, password');
  await page.getByLabel('Account password').fill('not the password 123');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not right.');
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Add Latchkey to your authenticator app' })).toBeFocused({ timeout: 30_000 });
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toHaveAttribute('src', /^data:image\/png;base64,/);
  const setupKey = page.getByRole('textbox', { name: 'Setup key' });
  // The key can be selected and typed into an app; the grouping spaces are for reading only.
  await setupKey.click({ clickCount: 3 });
  const secret = ((await page.evaluate(() => window.getSelection()?.toString())) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, '2FA: set up, QR code');
  await page.getByLabel('Code from your authenticator app').fill(await appCode(secret, 4));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  await page.getByLabel('Code from your authenticator app').fill(await appCode(secret, -1));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('heading', { name: 'Two-step verification is on' })).toBeFocused();
  await expectAccessible(page, '2FA: on');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(/^On: an authenticator app, since /)).toBeVisible();
  return secret;
}

test('an authenticator app, once on, is asked for on a new device before the account opens, and turns off with the password and a code', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const alice = await device(testInfo, 'alice');
  const secretKey = await openNewAccount(alice.page, alice.dataDir, email);
  await expect(alice.page.getByText(/^Off\. Turn it on/)).toBeVisible();
  await expect(alice.page.getByText('A recovery code does not get around two-step verification: after using one, you still need your authenticator app to read your data.')).toBeVisible();
  const secret = await turnOn(alice.page);

  // A new device: email, Secret Key and password are not enough.
  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(page, { email, secretKey, password });
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
  await expectAccessible(page, '2FA: code at sign-in');
  // With the keyboard alone: a wrong code, then the right one.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Code from your authenticator app')).toBeFocused();
  await page.keyboard.type('000000' === (await appCode(secret)) ? '111111' : '000000');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  await page.getByLabel('Code from your authenticator app').fill('');
  const code = await appCode(secret);
  await page.keyboard.type(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await page.getByRole('button', { name: 'Open vault' }).click();
  await expect(page.getByRole('heading', { name: 'Private' })).toBeFocused();
  await page.getByRole('button', { name: 'Back to account' }).click();
  // This device has passed: locking and unlocking asks only for the password.
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible({ timeout: 30_000 });

  // Turning it off: the password and a code (a later one: each code works once).
  await alice.page.getByRole('button', { name: 'Turn off two-step verification' }).click();
  await expect(alice.page.getByRole('heading', { name: 'Turn off two-step verification' })).toBeFocused();
  await expectAccessible(alice.page, '2FA: turn off');
  await alice.page.getByLabel('Account password').fill(password);
  await alice.page.getByLabel('Code from your authenticator app').fill(await appCode(secret, 1));
  await alice.page.getByRole('button', { name: 'Turn off' }).click();
  await expect(alice.page.getByText(/^Off\. Turn it on/)).toBeVisible();

  // The authenticator secret is on no disk in the clear (the server keeps it sealed).
  expect(filesContaining([alice.home, alice.temp, alice.dataDir, phone.home, phone.temp, phone.dataDir], secret)).toEqual([]);
});
