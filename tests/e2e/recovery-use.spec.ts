/**
 * Using a recovery code when locked out: "Having trouble signing in?" → "Use recovery code",
 * the code checked on the device (typos name their group), the emailed code, a new password,
 * the new Emergency Kit kept before going on, and what changed said in words. The code is set
 * up through the recovery code wizard first, as a user would. Afterwards another device
 * cannot sign in with the old password and Secret Key, can with the new ones, and the
 * recovery code still works.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { rateLimits } from '../../src/server/rate-limit/rate-limit';
import { recoveryCodeFromData, formatRecoveryCode } from '../../src/shared/crypto/recovery-code';
import { expectAccessible } from './support/accessibility';
import { device, expectWindow, filesContaining, openNewAccount, openSettings, password, serverUrlOf, signInWith, useDevices } from './support/accounts';
import { tabTo, tabUntilFocused } from './support/keyboard';
import { latestCode } from './support/mailbox';
import { openRecovery, recoverAccount, setUpRecoveryCode, submitRecoveryCode, withTypo, wrongCodeMessage } from './support/recovery';
import { appCode, turnOnAuthenticator } from './support/two-factor';
import { addItem, items } from './support/vault';

useDevices();

const email = 'alice@example.com';
const newPassword = 'amber harbour kettle 2291 spruce';
/** The code as people type it: lower case, spaces for dashes. With `typoInGroup`, one symbol of that group (1-based) is wrong. */
function typed(code: string, typoInGroup?: number): string {
  return (typoInGroup === undefined ? code : withTypo(code, typoInGroup)).replace(/-/g, ' ').toLowerCase();
}

test('failure messages: a typo names its group before anything is sent; a code for an address without one says so without telling whether it has an account', async ({}, testInfo) => {
  const phone = await device(testInfo, 'phone');
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(page);
  await expect(page.getByText('A recovery code does not get around two-step verification: if your account uses it, you still need your authenticator app or security key to open your data afterwards. If you lost that too, turn it off from a device that is still signed in.')).toBeVisible();
  await expectAccessible(page, 'recovery: email and code');
  // A well-formed code that belongs to nobody.
  const code = formatRecoveryCode(recoveryCodeFromData(Array.from({ length: 52 }, (_, i) => (i * 7) % 31)));

  await page.getByRole('textbox', { name: 'Email address' }).fill('nobody@example.com');
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(typed(code, 4));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('Check group 4 against your Recovery Kit: it has a typo.');
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(typed(code).slice(0, -3));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^A recovery code has 13 groups of 5 characters\. Something is missing or extra/);
  await page.getByRole('textbox', { name: 'Recovery code' }).fill('K1-ABCDEF-GHJKMN-PQRST-VWXY0-12345-6789A');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^That is a Secret Key, not a recovery code/);
  await expectAccessible(page, 'recovery: a typo named');

  await page.getByRole('textbox', { name: 'Recovery code' }).fill(typed(code));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText(wrongCodeMessage);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Latchkey' })).toBeVisible();
});

test('recovers a locked-out account with the recovery code: new password and Secret Key, kit kept, other devices must sign in again, the code still works', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  const oldSecretKey = await openNewAccount(page, alice.dataDir, email);
  await openSettings(page);
  const code = await setUpRecoveryCode(page);
  const info = await page.evaluate(() => window.latchkey.invoke('app.info', {}));
  if (!info.ok) throw new Error('app.info failed');

  // Locked out: the account is locked here and the password is forgotten.
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'All accounts' }).click();
  await page.getByRole('button', { name: 'Sign in to another account' }).click();
  await openRecovery(page);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(typed(code, 2));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('Check group 2 against your Recovery Kit: it has a typo.');
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(typed(code));
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  await expect(page.getByText(/We sent a code to a•••e@example\.com\. It has \d digits/)).toBeVisible();
  await page.getByRole('button', { name: 'Open local mailbox' }).click();
  const mailbox = page.getByRole('region', { name: 'Local mailbox' });
  const emailed = await latestCode(alice.dataDir, email);
  await expect(mailbox.getByRole('article').first()).toContainText(`Your verification code is: ${emailed}`);
  await expectAccessible(page, 'recovery: emailed code and local mailbox');
  await page.getByRole('textbox', { name: 'Verification code' }).fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^That isn't the code from the email\. \d+ tries? left\.$/);
  // The server also emailed the owner about the wrong code; the code itself is unchanged.
  await page.getByRole('textbox', { name: 'Verification code' }).fill(emailed);
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(page.getByRole('heading', { name: 'Choose a new account password' })).toBeFocused();
  await page.getByLabel('Account password').fill('password1');
  await expect(page.getByRole('button', { name: 'Recover account' })).toBeDisabled();
  await page.getByLabel('Account password').fill(newPassword);
  await page.getByLabel('Type it again').fill(newPassword);
  await expect(page.getByRole('button', { name: 'Recover account' })).toBeEnabled();
  await expectAccessible(page, 'recovery: new password');
  await page.getByRole('button', { name: 'Recover account' }).click();

  await expect(page.getByRole('heading', { name: 'Save your new Emergency Kit' })).toBeFocused({ timeout: 30_000 });
  const newSecretKey = ((await page.getByRole('textbox', { name: 'Your new Secret Key' }).textContent()) ?? '').trim();
  expect(newSecretKey).toMatch(/^K1(-[0-9A-Y]+){6}$/);
  // Same account id (the second group), new secret.
  expect(newSecretKey.split('-')[1]).toBe(oldSecretKey.split('-')[1]);
  expect(newSecretKey).not.toBe(oldSecretKey);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await expectAccessible(page, 'recovery: new Emergency Kit');
  const picked = join(alice.home, 'Documents', 'New kit.pdf');
  await page.getByRole('button', { name: 'Save Emergency Kit…' }).click();
  await page.getByRole('dialog', { name: 'Save your Latchkey Emergency Kit' }).getByRole('textbox', { name: 'Save as' }).fill(picked);
  await page.getByRole('dialog', { name: 'Save your Latchkey Emergency Kit' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved to ${picked}`);
  expect(statSync(picked).mode & 0o777).toBe(0o600);
  expect(execFileSync('pdftotext', [picked, '-'], { encoding: 'utf8' })).toContain(newSecretKey);
  // The new Secret Key is on disk only where the user saved it; the recovery code nowhere.
  for (const form of [newSecretKey, newSecretKey.replace(/-/g, '')]) expect(filesContaining([alice.home, alice.temp, alice.dataDir], form).filter((file) => file !== picked)).toEqual([]);
  for (const form of [code, code.replace(/-/g, '')]) expect(filesContaining([alice.home, alice.temp, alice.dataDir], form)).toEqual([]);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Your account is recovered' })).toBeFocused();
  await expect(page.getByText('Other devices must sign in again.')).toBeVisible();
  await expect(page.getByText('Your recovery code still works.')).toBeVisible();
  await expect(page.getByText('Two-step verification is unchanged.')).toBeVisible();
  await expectAccessible(page, 'recovery: what changed');
  await page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  await expectWindow(page);
  await expect(page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'Alice Example' })).toBeVisible();

  // Another device: the old password and Secret Key are refused, the new ones work.
  const laptop = await device(testInfo, 'laptop', ['--server-url', info.value.server.url]);
  await laptop.page.getByRole('button', { name: 'Sign in' }).click();
  await signInWith(laptop.page, { email, secretKey: oldSecretKey, password });
  await expect(laptop.page.getByRole('alert')).toHaveText('The email, Secret Key or account password is not right. Check all three and try again.', { timeout: 30_000 });
  await signInWith(laptop.page, { email, secretKey: newSecretKey, password: newPassword });
  await expectWindow(laptop.page, 30_000);

  // The recovery code is still valid: the server accepts its proof again and emails a code.
  await openSettings(laptop.page);
  await laptop.page.getByRole('button', { name: 'All accounts' }).click();
  await laptop.page.getByRole('button', { name: 'Sign in to another account' }).click();
  await openRecovery(laptop.page);
  await laptop.page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await laptop.page.getByRole('textbox', { name: 'Recovery code' }).fill(code);
  await laptop.page.getByRole('button', { name: 'Continue' }).click();
  await expect(laptop.page.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  // That device talks to a remote server: no local mailbox to open there.
  await expect(laptop.page.getByRole('button', { name: 'Open local mailbox' })).toHaveCount(0);
  await laptop.page.getByRole('button', { name: 'Start again' }).click();
  await expect(laptop.page.getByRole('heading', { name: 'Use your recovery code' })).toBeFocused();
});

test('with items and two-step verification on: recovery resets the password without the second factor, but the items open only after it; the old device is refused at its next sync and signs in again with the new kit', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const alice = await device(testInfo, 'alice');
  await openNewAccount(alice.page, alice.dataDir, email);
  const titles = ['Bank of Example', 'Example Mail'];
  for (const title of titles) await addItem(alice.page, { title, username: `alice+${title.length}@example.com` });
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const authenticator = await turnOnAuthenticator(alice.page);
  const code = await setUpRecoveryCode(alice.page);

  // Another device, locked out: the recovery itself asks for no second factor…
  const laptop = await device(testInfo, 'laptop', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = laptop;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(page);
  const kitPath = join(laptop.home, 'Documents', 'New Emergency Kit.pdf');
  await recoverAccount(page, { email, code, newPassword, mailFolder: alice.dataDir, kitPath });
  // The first device will sign in with the Secret Key as the new kit prints it.
  const newSecretKey = /K1(?:-[0-9A-Y]+){6}/.exec(execFileSync('pdftotext', [kitPath, '-'], { encoding: 'utf8' }))?.[0] ?? '';
  expect(newSecretKey).toMatch(/^K1(-[0-9A-Y]+){6}$/);
  // …but nothing of the vault opens until it is given.
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused();
  const beforeSecondFactor = await page.evaluate(async () => {
    const accounts = await window.latchkey.invoke('accounts.list', {});
    return accounts.ok ? window.latchkey.invoke('vault.open', { accountId: accounts.value.accounts[0]?.accountId ?? '' }) : accounts;
  });
  expect(beforeSecondFactor).toMatchObject({ ok: false });
  expect(JSON.stringify(beforeSecondFactor)).not.toContain(titles[0]);
  // (Each code works once: the setup used the previous step's, this device takes this step's, the next the one after.)
  await page.getByLabel('Code from your authenticator app').fill(await appCode(authenticator));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'All items' }).click();
  for (const title of titles) await expect(items(page).filter({ hasText: title })).toHaveCount(1);

  // The first device was signed out by the recovery: its next sync is refused, and it signs in again.
  await alice.page.getByRole('button', { name: 'All items' }).click();
  await expect(alice.page.getByRole('alert')).toContainText('This device was signed out of this account. Sign in again');
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await alice.page.getByRole('button', { name: 'Lock' }).click();
  await alice.page.getByLabel('Account password').fill(password);
  await alice.page.getByRole('button', { name: 'Unlock' }).click();
  await alice.page.getByRole('button', { name: 'Sign in again' }).click();
  await signInWith(alice.page, { email, secretKey: newSecretKey, password: newPassword });
  await expect(alice.page.getByRole('heading', { name: 'Two-step verification' })).toBeFocused({ timeout: 30_000 });
  await alice.page.getByLabel('Code from your authenticator app').fill(await appCode(authenticator, 1));
  await alice.page.getByRole('button', { name: 'Verify' }).click();
  await alice.page.getByRole('button', { name: 'All items' }).click();
  for (const title of titles) await expect(items(alice.page).filter({ hasText: title })).toHaveCount(1);
});

test('can be completed with the keyboard alone', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  const { page } = alice;
  await openNewAccount(page, alice.dataDir, email);
  await openSettings(page);
  const code = await setUpRecoveryCode(page);
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'All accounts' }).click();

  await tabTo(page, 'Sign in to another account');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Having trouble signing in?');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Use recovery code');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Use your recovery code' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(typed(code));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused({ timeout: 30_000 });
  await tabUntilFocused(page, page.getByRole('textbox', { name: 'Verification code' }));
  await page.keyboard.type(await latestCode(alice.dataDir, email));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Choose a new account password' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type(newPassword);
  await page.keyboard.press('Tab');
  await page.keyboard.type(newPassword);
  // The strength check runs as you type; Enter works once it has passed.
  await expect(page.getByRole('button', { name: 'Recover account' })).toBeEnabled();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Save your new Emergency Kit' })).toBeFocused({ timeout: 30_000 });
  // Written down, as at sign-up: the box alone lets the person go on, and the kit counts as kept.
  await tabUntilFocused(page, page.getByRole('checkbox', { name: 'I wrote my Secret Key down and will keep it safe' }));
  await page.keyboard.press('Space');
  await tabTo(page, 'Continue');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your account is recovered' })).toBeFocused();
  await tabTo(page, 'Continue to Latchkey');
  await page.keyboard.press('Enter');
  await expectWindow(page);
  await openSettings(page);
  await expect(page.getByText(/Emergency Kit marked as kept /)).toBeVisible();
});

test('wrong recovery codes are refused, each emailing the owner, and after the limit even the right code is locked out', async ({}, testInfo) => {
  const alice = await device(testInfo, 'alice');
  await openNewAccount(alice.page, alice.dataDir, email);
  await openSettings(alice.page);
  const code = await setUpRecoveryCode(alice.page);
  const phone = await device(testInfo, 'phone', ['--server-url', await serverUrlOf(alice.page)]);
  const { page } = phone;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(page);
  // Well-formed codes (their check symbols are right), but not alice's, from a device that never signed in
  // (no device token): the limit of one address for one email (security design §13.5).
  const limit = rateLimits.recoveryStartPerEmailAddress.limit;
  for (let attempt = 0; attempt < limit; attempt++) {
    const wrong = formatRecoveryCode(recoveryCodeFromData(Array.from({ length: 52 }, (_, i) => (i * 7 + attempt) % 31)));
    expect(await submitRecoveryCode(page, email, wrong)).toBe('refused');
  }
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Too many attempts\. Try again in (a minute|\d+ minutes)\.$/);
  await expect(page.getByRole('heading', { name: 'Use your recovery code' })).toBeVisible();
  const notices = () => readdirSync(join(alice.dataDir, 'mailbox')).filter((name) => readFileSync(join(alice.dataDir, 'mailbox', name), 'utf8').includes('A Latchkey account recovery attempt failed'));
  await expect.poll(() => notices().length).toBe(limit);
});
