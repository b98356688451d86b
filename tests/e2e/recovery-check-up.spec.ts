/**
 * The recovery check-up: the reminder to check the recovery code and the readiness checklist.
 * Devices of one account on one sync server, some started days later by their clock
 * (LATCHKEY_CLOCK_OFFSET_DAYS, browser host): the reminder shows once it is due, on the vault
 * and on Sign-In & Recovery; "Remind me later" (keyboard only) hides it there and on the other
 * devices, until it is due again. The checklist records a kit saved at sign-up, takes "I have
 * my Emergency Kit" for one that was not, and warns of the email catch-22 until the
 * authenticator app is chosen, in one click.
 */
import { join } from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { createAccount, device, openNewAccount, openSettings, serverUrlOf, signIn, useDevices, type Device } from './support/accounts';
import { tabTo } from './support/keyboard';
import { setUpRecoveryCode } from './support/recovery';
import { turnOnAuthenticator } from './support/two-factor';
import { addItem } from './support/vault';
import { password } from './support/accounts';

useDevices();

const banner = (page: Page) => page.getByRole('region', { name: 'Check your recovery code' });
/** The checklist's summary: once it shows, the check-up status (and with it the reminder) has been read. */
const summary = (page: Page) => page.getByRole('heading', { name: /^Recovery readiness: \d of \d ready$/ });
const checklist = (page: Page) => page.getByRole('list', { name: /^Recovery readiness/ });
const line = (page: Page, text: RegExp) => checklist(page).getByRole('listitem').filter({ hasText: text });

/** Another device signed in to `owner`'s account, its clock `days` ahead; on its Settings page with the check-up read. */
async function laterDevice(testInfo: TestInfo, owner: Device, name: string, email: string, secretKey: string, days: number): Promise<Page> {
  const { page } = await device(testInfo, name, ['--server-url', await serverUrlOf(owner.page)], { LATCHKEY_CLOCK_OFFSET_DAYS: String(days) });
  await signIn(page, email, secretKey);
  await openSettings(page);
  await expect(summary(page)).toBeVisible();
  return page;
}

test('the reminder shows once due, on the vault and on Sign-In & Recovery; "Remind me later" holds on every device until it is due again', async ({}, testInfo) => {
  test.skip(testInfo.project.metadata.host !== 'browser', 'the clock offset is a browser-host variable');
  test.setTimeout(300_000);
  const email = 'alice@example.com';
  const alice = await device(testInfo, 'alice');
  const secretKey = await openNewAccount(alice.page, alice.dataDir, email);
  await openSettings(alice.page);
  await setUpRecoveryCode(alice.page);
  await expect(summary(alice.page)).toBeVisible();
  await expect(line(alice.page, /^Ready Recovery code set up .*; never checked\./)).toBeVisible();
  await expect(banner(alice.page)).toHaveCount(0);

  // Eight days later the first reminder (a week after the setup) is due.
  const laptop = await laterDevice(testInfo, alice, 'laptop', email, secretKey, 8);
  await expect(banner(laptop)).toBeVisible();
  await expectAccessible(laptop, 'Sign-In & Recovery with the reminder and the checklist');
  await laptop.getByRole('button', { name: 'All items' }).click();
  await expect(banner(laptop)).toBeVisible();
  await expect(laptop.getByRole('button', { name: 'New item' })).toBeEnabled();
  await expectAccessible(laptop, 'the vault with the reminder');
  await laptop.getByRole('button', { name: 'Settings', exact: true }).click();

  // The keyboard alone reaches both actions; "Remind me later" hides it.
  await expect(banner(laptop)).toBeVisible();
  await tabTo(laptop, 'Check now');
  await tabTo(laptop, 'Remind me later');
  await laptop.keyboard.press('Enter');
  await expect(laptop.getByRole('status').filter({ hasText: 'We will remind you to check your recovery code again later.' })).toBeVisible();
  await expect(banner(laptop)).toHaveCount(0);

  // Dismissed on one device, not repeated on another at the same time…
  const desktop = await laterDevice(testInfo, alice, 'desktop', email, secretKey, 8);
  await expect(banner(desktop)).toHaveCount(0);
  // …but back two days later.
  const tablet = await laterDevice(testInfo, alice, 'tablet', email, secretKey, 10);
  await expect(banner(tablet)).toBeVisible();
});

test('the email catch-22: warned while email is the only check and the vault holds its Gmail login; one click to the authenticator app ends it', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const email = 'alice.example@gmail.com';
  const { page, dataDir } = await device(testInfo, 'alice');
  await openNewAccount(page, dataDir, email);
  await addItem(page, { title: 'Google account', username: email, urls: 'https://accounts.google.com' });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();

  const trap = line(page, /password is saved in this vault/);
  await expect(trap).toBeVisible();
  await expect(trap).toContainText(/^To do Recovery checks only your email, and your \S+ password is saved in this vault\./);
  await expect(trap.getByRole('button', { name: 'Set up the authenticator app first' })).toBeVisible();
  await expectAccessible(page, 'Sign-In & Recovery with the catch-22 warning');
  // "Open the login" opens that very item.
  await trap.getByRole('button', { name: 'Open the login' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('Google account');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();

  await turnOnAuthenticator(page);
  await line(page, /password is saved in this vault/)
    .getByRole('button', { name: 'Use my authenticator app instead' })
    .click();
  await expect(page.getByRole('heading', { name: 'Identity checks for recovery' })).toBeFocused();
  await expect(page.getByRole('checkbox', { name: 'A code from your authenticator app' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'A code sent to your email' })).toBeChecked();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Identity checks saved' })).toBeFocused({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(line(page, /^Ready Recovery does not depend on an email password kept only in this vault\.$/)).toBeVisible();
  await expect(line(page, /password is saved in this vault/)).toHaveCount(0);
  await expect(line(page, /^Ready Two-step verification is on\.$/)).toBeVisible();
});

test('the checklist: a kit saved at sign-up is ready; for a kit not kept, "I have my Emergency Kit"', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const saver = await device(testInfo, 'saver');
  await createAccount(saver.page, saver.dataDir, 'saver@example.com');
  const kitPath = join(saver.home, 'Documents', 'kit.pdf');
  await saver.page.getByRole('button', { name: 'Save Emergency Kit…' }).click();
  const sheet = saver.page.getByRole('dialog', { name: 'Save your Latchkey Emergency Kit' });
  await sheet.getByRole('textbox', { name: 'Save as' }).fill(kitPath);
  await sheet.getByRole('button', { name: 'Save' }).click();
  await expect(saver.page.getByRole('status')).toHaveText(`Saved to ${kitPath}`);
  await saver.page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  await openSettings(saver.page);
  await expect(line(saver.page, /^Ready Emergency Kit saved /)).toBeVisible();
  await expect(summary(saver.page)).toHaveText('Recovery readiness: 2 of 4 ready');

  // Kept only by copying the Secret Key: not known to be kept, until the owner says so.
  const copier = await device(testInfo, 'copier');
  await createAccount(copier.page, copier.dataDir, 'copier@example.com');
  await copier.page.getByRole('button', { name: 'Copy Secret Key' }).click();
  await copier.page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  await openSettings(copier.page);
  const kit = line(copier.page, /Emergency Kit/);
  await expect(kit).toContainText(/^To do We do not know whether you kept your Emergency Kit/);
  await expect(summary(copier.page)).toHaveText('Recovery readiness: 1 of 4 ready');
  await expectAccessible(copier.page, 'Sign-In & Recovery, checklist not ready');
  await kit.getByRole('button', { name: 'I have my Emergency Kit' }).click();
  await expect(line(copier.page, /^Ready Emergency Kit marked as kept /)).toBeVisible();
  await expect(summary(copier.page)).toHaveText('Recovery readiness: 2 of 4 ready');
  await expect(line(copier.page, /^To do No recovery code/).getByRole('button', { name: 'Set up a recovery code' })).toBeVisible();
  await expect(line(copier.page, /^To do Two-step verification is off/).getByRole('button', { name: 'Turn on two-step verification' })).toBeVisible();
});
