/**
 * Two-step verification with an authenticator app, as a user meets it: turned on from
 * Sign-In & Recovery (password, QR code and setup key, a code), asked for on a new device
 * before the account opens, and turned off with the password and a code. The test plays the
 * authenticator app with otplib and the setup key the screen shows.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, filesContaining, lockAndUnlock, openNewAccount, openSettings, password, serverUrlOf, signInWith, useDevices } from './support/accounts';
import { appCode, turnOnAuthenticator } from './support/two-factor';

useDevices();

const email = 'alice@example.com';

test('an authenticator app, once on, is asked for on a new device before the account opens, and turns off with the password and a code', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const alice = await device(testInfo, 'alice');
  const secretKey = await openNewAccount(alice.page, alice.dataDir, email);
  await openSettings(alice.page);
  await expect(alice.page.getByText(/^Off\. Turn it on/)).toBeVisible();
  await expect(alice.page.getByText('A recovery code does not get around two-step verification: after using one, you still need your authenticator app or security key to read your data.')).toBeVisible();
  const secret = await turnOnAuthenticator(alice.page);

  // A new device: email, Secret Key and password are not enough.
  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(page, { email, secretKey, password });
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
  await expectAccessible(page, '2FA: code at sign-in');
  // Manage Accounts does not call the account unlocked until the second factor is given.
  await page.getByRole('button', { name: 'All accounts' }).click();
  await expect(page.getByRole('list', { name: 'Accounts on this device' }).getByRole('listitem')).toHaveText([/Two-step verification needed$/]);
  await page.getByRole('list', { name: 'Accounts on this device' }).getByRole('button').click();
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
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
  await expectWindow(page);
  await expect(page.getByRole('heading', { name: 'Private' })).toBeFocused();
  // This device has passed: locking and unlocking asks only for the password.
  await lockAndUnlock(page);

  // Turning it off: the password and a code (a later one: each code works once).
  await alice.page.getByRole('button', { name: 'Turn off the authenticator app' }).click();
  await expect(alice.page.getByRole('heading', { name: 'Turn off the authenticator app' })).toBeFocused();
  await expect(alice.page.getByText('This turns two-step verification off: afterwards, your password and Secret Key alone open your account on a new device.')).toBeVisible();
  await expectAccessible(alice.page, '2FA: turn off');
  await alice.page.getByLabel('Account password').fill(password);
  await alice.page.getByLabel('Code from your authenticator app').fill(await appCode(secret, 1));
  await alice.page.getByRole('button', { name: 'Turn off' }).click();
  await expect(alice.page.getByText(/^Off\. Turn it on/)).toBeVisible();

  // The authenticator secret is on no disk in the clear (the server keeps it sealed).
  expect(filesContaining([alice.home, alice.temp, alice.dataDir, phone.home, phone.temp, phone.dataDir], secret)).toEqual([]);
});
