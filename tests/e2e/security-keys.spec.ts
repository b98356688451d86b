/**
 * Security keys as a user meets them, in the browser host with Chromium's virtual
 * authenticator: registered under a name from Sign-In & Recovery, asked for on a new device
 * (refused while the key is not there, accepted with it), a second key added with the
 * keyboard alone, one removed. And a recovery with a key as the second factor: the recovery
 * needs no second factor, but the items open only after the key.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, openNewAccount, openSettings, password, serverUrlOf, signInWith, useDevices } from './support/accounts';
import { tabUntilFocused } from './support/keyboard';
import { openRecovery, recoverAccount, setUpRecoveryCode } from './support/recovery';
import { keyList, openVaultDirectly, plugInKey, registerKey } from './support/security-keys';
import { appCode, turnOnAuthenticator } from './support/two-factor';
import { addItem, items } from './support/vault';

useDevices();

const email = 'alice@example.com';

test('a named key, once registered, is asked for on a new device: refused without it, accepted with it; a second key is added and one removed', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const alice = await device(testInfo, 'alice');
  const secretKey = await openNewAccount(alice.page, alice.dataDir, email);
  await openSettings(alice.page);
  await expect(alice.page.getByText('No security keys yet.')).toBeVisible();
  const blue = await plugInKey(alice.page);
  await alice.page.getByRole('button', { name: 'Add a security key…' }).click();
  await expectAccessible(alice.page, 'security key: add');
  await alice.page.getByRole('button', { name: 'Cancel' }).click();
  await registerKey(alice.page, 'Blue key', { wrongPasswordFirst: true });
  expect(await blue.credentialCount()).toBe(1);
  await expect(alice.page.getByText('On: a security key. Signing in on a new device asks for it.')).toBeVisible();
  await expect(keyList(alice.page).getByText(/^Added .+, not used to sign in yet$/)).toBeVisible();

  // A new device: email, Secret Key and password are not enough.
  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(page, { email, secretKey, password });
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
  await expectAccessible(page, 'security key: asked at sign-in');
  // No authenticator app on this account: no code field to fall back on.
  await expect(page.getByLabel('Code from your authenticator app')).toHaveCount(0);

  // The key was plugged in, then taken away: refused, and nothing opens.
  await (await plugInKey(page, blue)).unplug();
  await page.getByRole('button', { name: 'Use security key' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^No security key answered: it was cancelled or timed out, or the key is not one registered for this account\. Connect your key and try again\.$/, { timeout: 90_000 });
  const refused = await openVaultDirectly(page);
  expect(refused).toMatchObject({ ok: false });

  // With the key, by keyboard alone.
  const blueOnPhone = await plugInKey(page, blue);
  await tabUntilFocused(page, page.getByRole('button', { name: 'Use security key' }));
  await page.keyboard.press('Enter');
  await expectWindow(page, 30_000);
  expect(await openVaultDirectly(page)).toMatchObject({ ok: true });
  await openSettings(page);
  await expect(keyList(page).getByText(/^Added .+, last used .+$/)).toBeVisible();

  // A second key, with the keyboard alone (one key plugged in at a time).
  await blueOnPhone.unplug();
  const green = await plugInKey(page);
  await tabUntilFocused(page, page.getByRole('button', { name: 'Add a security key…' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Add a security key' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Green key');
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Security key added' })).toBeFocused({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(keyList(page).getByRole('listitem')).toHaveCount(2);
  expect(await green.credentialCount()).toBe(1);
  await expect(page.getByText('On: 2 security keys. Signing in on a new device asks for one of them.')).toBeVisible();

  // Removing one: the password again, by keyboard.
  await tabUntilFocused(page, page.getByRole('button', { name: 'Remove security key Blue key' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Remove “Blue key”' })).toBeFocused();
  await expect(page.getByText('The key will no longer work for signing in. Your other second factors stay.')).toBeVisible();
  await expectAccessible(page, 'security key: remove');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not the password 123');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('That password is not right.', { timeout: 30_000 });
  await page.getByLabel('Account password').fill(password);
  await page.keyboard.press('Enter');
  await expect(keyList(page).getByRole('listitem')).toHaveCount(1);
  await expect(keyList(page).getByText('Green key', { exact: true })).toBeVisible();
  await expectAccessible(page, 'Sign-In & Recovery with a security key');

  // The last one: removing it turns two-step verification off, and says so first.
  await page.getByRole('button', { name: 'Remove security key Green key' }).click();
  await expect(page.getByText(/^This is your only second factor: removing it turns two-step verification off/)).toBeVisible();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Remove key' }).click();
  await expect(page.getByText('No security keys yet.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^Off\. Turn it on/)).toBeVisible();
});

test('with the authenticator app on as well, a new device is offered the key and the code; turning the app off leaves the key asked for', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const alice = await device(testInfo, 'alice');
  const secretKey = await openNewAccount(alice.page, alice.dataDir, email);
  await openSettings(alice.page);
  const secret = await turnOnAuthenticator(alice.page);
  await plugInKey(alice.page);
  await registerKey(alice.page, 'Blue key');
  await expect(alice.page.getByText(/^On: an authenticator app, since .+, and a security key\. Signing in on a new device asks for a code from the app or one of the keys\.$/)).toBeVisible();

  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(page, { email, secretKey, password });
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Use security key' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Or enter a code' })).toBeVisible();
  await expectAccessible(page, 'second factor: key or code');
  // The code is the alternative (this step's: the setup used the previous one).
  await page.getByLabel('Code from your authenticator app').fill(await appCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectWindow(page, 30_000);

  await alice.page.getByRole('button', { name: 'Turn off the authenticator app' }).click();
  await expect(alice.page.getByText('Two-step verification stays on: signing in on a new device will ask for one of your security keys.')).toBeVisible();
  await alice.page.getByLabel('Account password').fill(password);
  await alice.page.getByLabel('Code from your authenticator app').fill(await appCode(secret, 1));
  await alice.page.getByRole('button', { name: 'Turn off' }).click();
  await expect(alice.page.getByText('On: a security key. Signing in on a new device asks for it.')).toBeVisible({ timeout: 30_000 });
});

test('recovery with a security key as the second factor: the recovery needs no second factor, but the items open only after the key', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const alice = await device(testInfo, 'alice');
  await openNewAccount(alice.page, alice.dataDir, email);
  const titles = ['Bank of Example', 'Example Mail'];
  for (const title of titles) await addItem(alice.page, { title, username: `alice+${title.length}@example.com` });
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const key = await plugInKey(alice.page);
  await registerKey(alice.page, 'Blue key');
  const code = await setUpRecoveryCode(alice.page);

  // Another device, locked out, without the key: the recovery itself asks for no second factor…
  const laptop = await device(testInfo, 'laptop', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = laptop;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(page);
  await recoverAccount(page, { email, code, newPassword: 'amber harbour kettle 2291 spruce', mailFolder: alice.dataDir, kitPath: join(laptop.home, 'Documents', 'New Emergency Kit.pdf') });
  // …but nothing of the vault opens until it is given.
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused();
  const beforeSecondFactor = await openVaultDirectly(page);
  expect(beforeSecondFactor).toMatchObject({ ok: false });
  expect(JSON.stringify(beforeSecondFactor)).not.toContain(titles[0]);
  await plugInKey(page, key);
  await page.getByRole('button', { name: 'Use security key' }).click();
  await page.getByRole('button', { name: 'All items' }).click();
  for (const title of titles) await expect(items(page).filter({ hasText: title })).toHaveCount(1);
});
