/**
 * The Sign-In & Recovery section of an account, as a user meets it: changing the password
 * (then using it on another device), seeing and copying the Secret Key, and signing out
 * another device, which is refused at its next unlock and asked to sign in again. Every step
 * that could expose a secret checks that it asked for the password first.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, filesContaining, openNewAccount, openSettings, password, serverUrlOf, signInWith, useDevices, type Device } from './support/accounts';
import { tabTo } from './support/keyboard';

useDevices();

const email = 'alice@example.com';
const newPassword = 'copper kettle meadow 2231 tundra';

async function lock(page: Page) {
  await openSettings(page);
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: `Unlock ${email}` })).toBeFocused();
}

async function unlock(page: Page, accountPassword: string) {
  await page.getByLabel('Account password').fill(accountPassword);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** No file on any device holds any of `secrets`, in any of HOME, TMPDIR and the data folder. */
function expectNoStrayCopies(devices: Device[], secrets: string[]) {
  const folders = devices.flatMap((one) => [one.home, one.temp, one.dataDir]);
  for (const secret of secrets) expect(filesContaining(folders, secret), `files holding ${secret.slice(0, 4)}…`).toEqual([]);
}

test('changes the password after checking the current one; the other devices unlock and sign in with the new one only', async ({}, testInfo) => {
  // Three devices and a dozen key derivations.
  test.setTimeout(240_000);
  const alice = await device(testInfo, 'alice');
  const secretKey = await openNewAccount(alice.page, alice.dataDir, email);
  const laptop = await device(testInfo, 'laptop', ['--server-url', await serverUrlOf(alice.page)]);
  await laptop.page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(laptop.page, { email, secretKey, password });
  await expectWindow(laptop.page, 30_000);

  const { page } = alice;
  await openSettings(page);
  await page.getByRole('button', { name: 'Change password…' }).click();
  await expect(page.getByRole('heading', { name: 'Change your account password' })).toBeFocused();
  await page.getByLabel('Current password').fill('not my password at all 77');
  await page.getByLabel('New password').fill(newPassword);
  await page.getByLabel('Type it again').fill(newPassword);
  await expect(page.getByRole('button', { name: 'Change password' })).toBeEnabled();
  await expectAccessible(page, 'change password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not right.', { timeout: 30_000 });

  // The refused attempt changed nothing: the laptop still unlocks with the old password.
  await lock(laptop.page);
  await unlock(laptop.page, password);
  await expectWindow(laptop.page, 30_000);

  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Your account password is changed' })).toBeFocused({ timeout: 30_000 });
  await expect(page.getByText('Your other devices stay signed in. They ask for the new password the next time they unlock.')).toBeVisible();
  await expectAccessible(page, 'password changed');
  await page.getByRole('button', { name: 'Done' }).click();

  // This device: the new password unlocks, the old one does not.
  await lock(page);
  await unlock(page, password);
  await expect(page.getByRole('alert')).toHaveText('That password is not right.', { timeout: 30_000 });
  await unlock(page, newPassword);
  await expectWindow(page, 30_000);

  // The laptop stayed signed in, with the Secret Key in its keychain: only the new password unlocks it.
  await lock(laptop.page);
  await unlock(laptop.page, password);
  await expect(laptop.page.getByRole('alert')).toHaveText('That password is not right.', { timeout: 30_000 });
  await unlock(laptop.page, newPassword);
  await expectWindow(laptop.page, 30_000);

  // A new device signs in with the Secret Key and the new password; the old password is refused.
  const desktop = await device(testInfo, 'desktop', ['--server-url', await serverUrlOf(alice.page)]);
  await desktop.page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(desktop.page, { email, secretKey, password });
  await expect(desktop.page.getByRole('alert')).toHaveText('The email, Secret Key or account password is not right. Check all three and try again.', { timeout: 30_000 });
  await desktop.page.getByLabel('Account password').fill(newPassword);
  await desktop.page.getByRole('button', { name: 'Sign in' }).click();
  await expectWindow(desktop.page, 30_000);

  expectNoStrayCopies([alice, laptop, desktop], [secretKey, secretKey.replace(/-/g, ''), password, newPassword]);
});

test('shows and copies the Secret Key only after the password, with the keyboard alone, and hides it on leaving', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  const secretKey = await openNewAccount(page, alice.dataDir, email);
  await openSettings(page);

  await tabTo(page, 'Show Secret Key…');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Show your Secret Key' })).toBeFocused();
  await expectAccessible(page, 'show Secret Key: password');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Account password')).toBeFocused();
  await page.keyboard.type('wrong password entirely 99');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('That password is not right.', { timeout: 30_000 });
  await expect(page.getByRole('textbox', { name: 'Secret Key' })).toHaveCount(0);
  await expect(page.getByText(secretKey)).toHaveCount(0);

  await page.getByLabel('Account password').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your Secret Key' })).toBeFocused({ timeout: 30_000 });
  await expect(page.getByRole('textbox', { name: 'Secret Key' })).toHaveText(secretKey);
  await expectAccessible(page, 'show Secret Key: shown');

  await tabTo(page, 'Copy Secret Key');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Secret Key copied. Latchkey clears it from the clipboard in 90 seconds.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secretKey);

  await tabTo(page, 'Hide Secret Key');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Alice Example' })).toBeFocused();
  await expect(page.getByText(secretKey)).toHaveCount(0);
  // Coming back asks for the password again.
  await page.getByRole('button', { name: 'Show Secret Key…' }).click();
  await expect(page.getByRole('heading', { name: 'Show your Secret Key' })).toBeFocused();
  await page.getByRole('button', { name: 'Cancel' }).click();

  expectNoStrayCopies([alice], [secretKey, secretKey.replace(/-/g, ''), password]);
});

test('lists the signed-in devices and signs another one out; that device is refused at its next unlock and signs in again', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  const secretKey = await openNewAccount(page, alice.dataDir, email);
  const laptop = await device(testInfo, 'laptop', ['--server-url', await serverUrlOf(page)]);
  await laptop.page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(laptop.page, { email, secretKey, password });
  await expectWindow(laptop.page, 30_000);

  // Both devices, this one marked; the list is read again when the page opens.
  await openSettings(page);
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: /Alice Example/ }).click();
  await openSettings(page);
  const devices = page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(devices.filter({ hasText: 'This device' }).getByRole('button')).toHaveCount(0);
  await expect(page.getByText(/^Off\. Turn it on/)).toBeVisible();
  await expectAccessible(page, 'the account page with two devices');

  const other = devices.filter({ hasNotText: 'This device' });
  await other.getByRole('button', { name: /^Sign out / }).click();
  const asked = /^Sign out .*\? It will need your Secret Key and password to sign in again\.$/;
  const question = page.getByRole('group', { name: asked });
  await expect(question.getByText(asked)).toBeFocused();
  await expectAccessible(page, 'sign out a device: confirm');
  // Signing another device out is a change to how the account is reached: the password again, checked by the server.
  await question.getByLabel('Account password').fill('not the password 123');
  await question.getByRole('button', { name: 'Sign out device' }).click();
  await expect(question.getByRole('alert')).toHaveText('That password is not right.');
  await expect(devices).toHaveCount(2);
  await question.getByLabel('Account password').fill(password);
  await question.getByRole('button', { name: 'Sign out device' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Signed out .+\.$/);
  await expect(devices).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Sign out all other devices' })).toHaveCount(0);

  // The laptop learns at its next server call: unlocking is refused, and it offers to sign in again.
  await lock(laptop.page);
  await unlock(laptop.page, password);
  await expect(laptop.page.getByRole('alert')).toHaveText('This device was signed out of this account. Sign in again with your Secret Key and password.', { timeout: 30_000 });
  await expect(laptop.page.getByRole('button', { name: 'Sign in again' })).toBeFocused();
  await expect(laptop.page.getByLabel('Account password')).toHaveCount(0);
  await expectAccessible(laptop.page, 'unlock refused: signed out');
  await laptop.page.getByRole('button', { name: 'Sign in again' }).click();
  await expect(laptop.page.getByRole('heading', { name: 'Sign in to Latchkey' })).toBeFocused();
  await expect(laptop.page.getByRole('textbox', { name: 'Email address' })).toHaveValue(email);
  await signInWith(laptop.page, { email, secretKey, password });
  await expectWindow(laptop.page, 30_000);
  // Signed in again, it is the same account on the laptop, not a second copy.
  await openSettings(laptop.page);
  await laptop.page.getByRole('button', { name: 'All accounts' }).click();
  await expect(laptop.page.getByRole('list', { name: 'Accounts on this device' }).getByRole('listitem')).toHaveCount(1);

  // Sign out all others, after confirming.
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: /Alice Example/ }).click();
  await openSettings(page);
  await expect(devices).toHaveCount(2);
  await page.getByRole('button', { name: 'Sign out all other devices' }).click();
  const all = page.getByRole('group', { name: 'Sign out the other device? Each will need your Secret Key and password to sign in again.' });
  await expect(all).toBeVisible();
  await all.getByRole('button', { name: 'Cancel' }).click();
  await expect(devices).toHaveCount(2);
  await page.getByRole('button', { name: 'Sign out all other devices' }).click();
  await all.getByLabel('Account password').fill(password);
  await all.getByRole('button', { name: 'Sign out all other devices' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed out 1 other device.');
  await expect(devices).toHaveCount(1);

  expectNoStrayCopies([alice, laptop], [secretKey, secretKey.replace(/-/g, ''), password]);
});
