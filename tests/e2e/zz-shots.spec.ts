// Throwaway: screenshots of the security-key screens (not committed).
import { expect, test } from '@playwright/test';
import { device, openNewAccount, password, serverUrlOf, signInWith, useDevices } from './support/accounts';
import { plugInKey, registerKey } from './support/security-keys';
import { turnOnAuthenticator } from './support/two-factor';

useDevices();
const dir = '/tmp/shots-security-keys';
test('shots', async ({}, testInfo) => {
  test.setTimeout(400_000);
  const alice = await device(testInfo, 'alice');
  const secretKey = await openNewAccount(alice.page, alice.dataDir, 'alice@example.com');
  const blue = await plugInKey(alice.page);
  await alice.page.getByRole('button', { name: 'Add a security key…' }).click();
  await alice.page.getByLabel('Name for this key').fill('Blue key');
  await alice.page.screenshot({ path: `${dir}/1-add-key.png`, fullPage: true });
  await alice.page.getByRole('button', { name: 'Cancel' }).click();
  await registerKey(alice.page, 'Blue key');
  await plugInKey(alice.page);
  await blue.unplug();
  await registerKey(alice.page, 'Green key');
  await alice.page.getByRole('heading', { name: 'Two-step verification' }).scrollIntoViewIfNeeded();
  await alice.page.screenshot({ path: `${dir}/2-sign-in-recovery-keys.png`, fullPage: true });
  await alice.page.getByRole('button', { name: 'Remove security key Green key' }).click();
  await alice.page.screenshot({ path: `${dir}/3-remove-key.png`, fullPage: true });
  await alice.page.getByRole('button', { name: 'Cancel' }).click();

  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(alice.page)]);
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(phone.page, { email: 'alice@example.com', secretKey, password });
  await expect(phone.page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
  await phone.page.screenshot({ path: `${dir}/4-prompt-key-only.png`, fullPage: true });
  await phone.page.getByRole('button', { name: 'Use security key' }).click();
  await expect(phone.page.getByRole('alert')).toBeVisible({ timeout: 90_000 });
  await phone.page.screenshot({ path: `${dir}/5-prompt-no-key.png`, fullPage: true });

  await turnOnAuthenticator(alice.page);
  const tablet = await device(testInfo, 'tablet', ['--server-url', await serverUrlOf(alice.page)]);
  await tablet.page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(tablet.page, { email: 'alice@example.com', secretKey, password });
  await expect(tablet.page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
  await tablet.page.screenshot({ path: `${dir}/6-prompt-key-or-code.png`, fullPage: true });
  await alice.page.screenshot({ path: `${dir}/7-sign-in-recovery-both.png`, fullPage: true });
});
