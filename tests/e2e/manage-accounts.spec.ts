/**
 * Manage Accounts with two accounts at once (list, add, switch, sign out of one while the
 * other stays), the embedded server's local mailbox, reachable from the screens, and a name the
 * sync server forged for an account, refused and said so.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'libsql';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, filesContaining, lockAndUnlock, openNewAccount, openSettings, password, useDevices } from './support/accounts';
import { latestCode } from './support/mailbox';

useDevices();


test('two accounts at once: add a second, switch between them, sign out of one and the other stays', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const laptop = await device(testInfo, 'laptop');
  const { page } = laptop;
  const aliceKey = await openNewAccount(page, laptop.dataDir, 'alice@example.com', 'Alice Example');
  await openSettings(page);
  await page.getByRole('button', { name: 'All accounts' }).click();
  await expect(page.getByRole('heading', { name: 'Manage Accounts' })).toBeFocused();
  const bobKey = await openNewAccount(page, laptop.dataDir, 'bob@example.com', 'Bob Example');
  // Both unlocked accounts are in the window's sidebar, the one shown marked.
  const sidebarAccounts = page.getByRole('list', { name: 'Accounts' });
  await expect(sidebarAccounts.getByRole('button')).toHaveText(['Alice Example', 'Bob Example']);
  await expect(sidebarAccounts.getByRole('button', { name: 'Bob Example' })).toHaveAttribute('aria-current', 'page');
  await openSettings(page);
  await expect(page.getByRole('heading', { name: 'Bob Example' })).toBeVisible();

  await page.getByRole('button', { name: 'All accounts' }).click();
  const accounts = page.getByRole('list', { name: 'Accounts on this device' }).getByRole('listitem');
  await expect(accounts).toHaveCount(2);
  await expect(accounts.nth(0)).toContainText('Alice Examplealice@example.comUnlocked');
  await expect(accounts.nth(1)).toContainText('Bob Examplebob@example.comUnlocked');
  await expectAccessible(page, 'Manage Accounts with two accounts');

  // Switch: each account opens its own page, with its own Secret Key behind its own password.
  await page.getByRole('button', { name: /Alice Example/ }).click();
  await openSettings(page);
  await expect(page.getByRole('heading', { name: 'Alice Example' })).toBeFocused();
  await expect(page.getByText('Signed in as alice@example.com')).toBeVisible();
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock alice@example.com' })).toBeFocused();
  await page.getByRole('button', { name: 'All accounts' }).click();
  await expect(accounts.nth(0)).toContainText('Locked');
  await expect(accounts.nth(1)).toContainText('Unlocked');
  await page.getByRole('button', { name: /Bob Example/ }).click();
  await openSettings(page);
  await expect(page.getByText('Signed in as bob@example.com')).toBeVisible();
  await page.getByRole('button', { name: 'Show Secret Key…' }).click();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Show Secret Key' }).click();
  await expect(page.getByRole('textbox', { name: 'Secret Key' })).toHaveText(bobKey, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Hide Secret Key' }).click();

  // Sign out of Bob, after confirming; Alice stays, and unlocks with her password.
  await page.getByRole('button', { name: 'Sign out of this account…' }).click();
  const question = page.getByRole('group', { name: /^Sign out of this account on this device\?/ });
  await expect(question).toBeVisible();
  await expectAccessible(page, 'sign out of this account: confirm');
  await question.getByRole('button', { name: 'Sign out of this account' }).click();
  await expect(page.getByRole('heading', { name: 'Manage Accounts' })).toBeFocused();
  await expect(accounts).toHaveCount(1);
  await expect(accounts.nth(0)).toContainText('alice@example.com');
  await page.getByRole('button', { name: /Alice Example/ }).click();
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expectWindow(page, 30_000);
  await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('button')).toHaveText(['Alice Example']);

  // Rename Alice from Manage Accounts: the name is sealed for the server and shown here and in the sidebar.
  await openSettings(page);
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: 'Rename alice@example.com' }).click();
  const rename = page.getByRole('form', { name: 'Rename alice@example.com' });
  await expect(rename.getByLabel('Account name')).toHaveValue('Alice Example');
  await expectAccessible(page, 'Manage Accounts: rename an account');
  await rename.getByLabel('Account name').fill('Alice at Home');
  await rename.getByRole('button', { name: 'Save name' }).click();
  await expect(rename).toHaveCount(0);
  await expect(accounts.nth(0)).toContainText('Alice at Homealice@example.comUnlocked');
  await page.getByRole('button', { name: /Alice at Home/ }).click();
  await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('button')).toHaveText(['Alice at Home']);

  for (const secret of [aliceKey, bobKey, aliceKey.replace(/-/g, ''), bobKey.replace(/-/g, ''), password]) {
    expect(filesContaining([laptop.home, laptop.temp, laptop.dataDir], secret)).toEqual([]);
  }
});

test('the local mailbox shows the verification email, next to the code step and on its own screen', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const laptop = await device(testInfo, 'laptop');
  const { page } = laptop;
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByRole('textbox', { name: 'Email address' }).fill('alice@example.com');
  await page.getByRole('textbox', { name: 'Your name' }).fill('Alice Example');
  await page.getByRole('button', { name: 'Send verification code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  const code = await latestCode(laptop.dataDir, 'alice@example.com');

  await page.getByRole('button', { name: 'Open local mailbox' }).click();
  const mailbox = page.getByRole('region', { name: 'Local mailbox' });
  await expect(mailbox.getByRole('article')).toHaveCount(1);
  await expect(mailbox.getByRole('article').first()).toContainText(`Your Latchkey verification code is: ${code}`);
  await expect(mailbox.getByRole('article').first()).toContainText('To alice@example.com');
  await expectAccessible(page, 'sign-up: code with the local mailbox open');
  await page.getByRole('button', { name: 'Close local mailbox' }).click();
  await expect(mailbox).toHaveCount(0);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();

  // From the welcome screen: the mailbox on a screen of its own.
  await page.getByRole('button', { name: 'Open local mailbox' }).click();
  await expect(page.getByRole('heading', { name: 'Your local mailbox' })).toBeFocused();
  await expect(mailbox.getByRole('article').first()).toContainText(`Your Latchkey verification code is: ${code}`);
  await expectAccessible(page, 'the local mailbox screen');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Latchkey' })).toBeVisible();

  // Through Manage Accounts too, once the device has an account.
  await openNewAccount(page, laptop.dataDir, 'bob@example.com', 'Bob Example');
  await openSettings(page);
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: 'Open local mailbox' }).click();
  await expect(mailbox.getByRole('article')).toHaveCount(2);
  await expect(mailbox.getByRole('article').first()).toContainText('To bob@example.com');
});

test('a device on a remote server has no local mailbox to open', async ({}, testInfo) => {
  const server = await device(testInfo, 'server');
  const info = await server.page.evaluate(() => window.latchkey.invoke('app.info', {}));
  if (!info.ok) throw new Error('app.info failed');
  const laptop = await device(testInfo, 'laptop', ['--server-url', info.value.server.url]);
  await expect(laptop.page.getByText(/^Connected/)).toBeVisible();
  await expect(laptop.page.getByRole('button', { name: 'Open local mailbox' })).toHaveCount(0);
  const answer = await laptop.page.evaluate(() => window.latchkey.invoke('localMailbox.list', {}));
  expect(answer).toEqual({ ok: false, error: { code: 'unavailable', message: 'This app sends real email: look in your inbox.' } });
});

test("a name the sync server forged for the account is not used, and Manage Accounts says so", async ({}, testInfo) => {
  test.setTimeout(120_000);
  const laptop = await device(testInfo, 'laptop');
  const { page } = laptop;
  await openNewAccount(page, laptop.dataDir, 'carol@example.com', 'Carol Example');
  // The server replaces the account's sealed profile with bytes the account never sealed (its own database, behind its API).
  const db = new Database(join(laptop.dataDir, 'server.sqlite'));
  try {
    expect(db.prepare('UPDATE account_profiles SET record = ?').run(randomBytes(96).toString('base64url')).changes).toBe(1);
  } finally {
    db.close();
  }
  await lockAndUnlock(page);
  await openSettings(page);
  await page.getByRole('button', { name: 'All accounts' }).click();
  const carol = page.getByRole('list', { name: 'Accounts on this device' }).getByRole('listitem');
  await expect(carol).toContainText('Carol Examplecarol@example.comUnlocked');
  await expect(carol.getByText('The sync server sent a name for this account that the account did not write, so it was not used.')).toBeVisible();
  await expectAccessible(page, 'Manage Accounts with a refused name');
  // A rename seals a new profile: the notice goes, and the name is the new one.
  await carol.getByRole('button', { name: 'Rename carol@example.com' }).click();
  await page.getByLabel('Account name').fill('Carol Renamed');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(carol).toContainText('Carol Renamedcarol@example.comUnlocked');
  await expect(carol.getByText(/did not write/)).toHaveCount(0);
});
