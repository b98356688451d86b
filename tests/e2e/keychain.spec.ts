/**
 * The keychain error screen: the app restarts on a session with no Secret Service (as when the
 * keyring daemon has stopped), and unlocking, or signing in on a new device, shows the keychain's
 * own message with what to do, not "Something went wrong inside Latchkey".
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, password, serverUrlOf, signInWith, useDevices } from './support/accounts';

useDevices();

const keychainMessage = 'The system keychain is not available. On Linux, Latchkey needs a Secret Service such as GNOME Keyring or KWallet running in your session.';

test('with the keyring daemon gone, unlock and sign-in show the keychain’s own message and what to do', async ({}, testInfo) => {
  // Three app starts and a sign-up.
  test.setTimeout(180_000);
  const laptop = await device(testInfo, 'laptop');
  const secretKey = await openNewAccount(laptop.page, laptop.dataDir, 'alice@example.com');
  await laptop.stop();

  // The session bus the app is given has no Secret Service on it: the keyring daemon is not running.
  const noKeyring = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(laptop.temp, 'no-session-bus')}` };
  const restarted = await device(testInfo, 'laptop', [], noKeyring, laptop.dataDir);
  const page = restarted.page;
  await page.getByRole('button', { name: /alice@example\.com/ }).click();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByText(keychainMessage, { exact: false })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Something went wrong inside Latchkey/)).toHaveCount(0);
  await expectAccessible(page, 'unlock: the keychain is not available');

  // A new device signing in to the same account (on the laptop's embedded server) meets the same message: it must save the Secret Key there.
  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(page)], noKeyring);
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(phone.page, { email: 'alice@example.com', secretKey, password });
  await expect(phone.page.getByText(keychainMessage, { exact: false })).toBeVisible({ timeout: 30_000 });
  await expect(phone.page.getByText(/Something went wrong inside Latchkey/)).toHaveCount(0);
});
