/**
 * Families, end to end with three data folders against one server (the organizer's embedded
 * server): creating the family, inviting and joining, a shared vault (with a member's security
 * code marked as verified), and the two ways back in
 * for a locked-out member. Recovery by the organizer (both sides done with the keyboard alone)
 * gives the member new keys and every item back, their shared vault included, makes their old
 * recovery code fail, and offers a new one at once; the member's own recovery code instead
 * keeps working and cancels the organizer's recovery, which the organizer's Family section says
 * until dismissed. An organizer made a member again (the
 * family's recovery key is replaced) can no longer recover anyone. Invitations: a wrong code
 * says what to do, one cancelled while the member reads it takes the Join panel back to the
 * code, one sent again replaces the code; and an organizer steps down, staying a member.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, openSettings, serverUrlOf, useDevices, type Device } from './support/accounts';
import { tabTo, tabUntilFocused } from './support/keyboard';
import { latestCode, latestMatch } from './support/mailbox';
import { openRecovery, recoverAccount, setUpRecoveryCode, submitRecoveryCode } from './support/recovery';
import { addItem, items } from './support/vault';

useDevices();

const parent = 'parent@family.example';
const kid = 'kid@family.example';
const newPassword = 'amber harbour kettle 2291 spruce';

/** From anywhere in the window: Settings → Family…. */
async function openFamily(page: Page): Promise<void> {
  await openSettings(page);
  await page.getByRole('button', { name: 'Family…' }).click();
}

/** From the window: creates the family and stays on its page. */
async function createFamily(page: Page, name: string): Promise<void> {
  await openFamily(page);
  await expect(page.getByText('This account is not in a family.')).toBeVisible();
  await expectAccessible(page, 'family: none yet');
  // A name of spaces is refused with a reason, and nothing is made.
  await page.getByRole('textbox', { name: 'Family name' }).fill('   ');
  await page.getByRole('button', { name: 'Create family' }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid name: Name your family.');
  await expect(page.getByText('This account is not in a family.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Family name' }).fill(name);
  await page.getByRole('button', { name: 'Create family' }).click();
  await expect(page.getByText(`You are a Family Organizer of ${name}.`)).toBeVisible({ timeout: 30_000 });
}

async function invite(page: Page, email: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Their email address' }).fill(email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Waiting to join' })).toContainText(email);
}

/** The member's device: an account on the organizer's server, with the invitation accepted. */
async function joinFamily(member: Device, organizer: Device, email: string, familyName: string): Promise<void> {
  const { page } = member;
  await openFamily(page);
  const inviteToken = await latestMatch(organizer.dataDir, email, /invitation code is: ([A-Za-z0-9_-]{43})/);
  await page.getByRole('textbox', { name: 'Invitation code' }).fill(inviteToken);
  await page.getByRole('button', { name: 'Check invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`${parent} invited you to ${familyName}.`);
  await expect(page.getByRole('status')).toContainText("an organizer's app opens the member's vaults through the family's recovery group");
  await expectAccessible(page, 'family: an invitation checked');
  // The organizer tells their security code out of band; a wrong one is refused and nothing is joined.
  const shown = await organizer.page.getByText(/^Your security code: /).textContent();
  const organizerCode = /([0-9A-HJKMNP-TV-Y]{4}(?: [0-9A-HJKMNP-TV-Y]{4}){5})/.exec(shown ?? '')![1]!;
  await page.getByRole('textbox', { name: "Organizer's security code" }).fill('0000 0000 0000 0000 0000 0000');
  await page.getByRole('button', { name: `Join ${familyName}` }).click();
  await expect(page.getByRole('alert')).toContainText('not signed by the organizer you trust');
  await page.getByRole('textbox', { name: "Organizer's security code" }).fill(organizerCode.toLowerCase());
  await page.getByRole('button', { name: `Join ${familyName}` }).click();
  await expect(page.getByText(`You are a member of ${familyName}.`)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(2);
}

/** The organizer's family with the kid invited, and the kid's device with an account on the organizer's server (not joined yet). */
async function invited(testInfo: Parameters<typeof device>[0]) {
  const organizer = await device(testInfo, 'parent');
  await openNewAccount(organizer.page, organizer.dataDir, parent, 'Pat Parent');
  await createFamily(organizer.page, 'The Appleseeds');
  await invite(organizer.page, kid);
  const member = await device(testInfo, 'kid', ['--server-url', await serverUrlOf(organizer.page)]);
  await openNewAccount(member.page, organizer.dataDir, kid, 'Kim Kid');
  return { organizer, member };
}

/** Sets up the organizer (with an item) and the member (with a recovery code and two items, one from before joining). */
async function family(testInfo: Parameters<typeof device>[0]) {
  const organizer = await device(testInfo, 'parent');
  await openNewAccount(organizer.page, organizer.dataDir, parent, 'Pat Parent');
  await createFamily(organizer.page, 'The Appleseeds');
  await expectAccessible(organizer.page, 'family: organizer');
  await invite(organizer.page, kid);

  const member = await device(testInfo, 'kid', ['--server-url', await serverUrlOf(organizer.page)]);
  await openNewAccount(member.page, organizer.dataDir, kid, 'Kim Kid');
  await addItem(member.page, { title: 'Kid mail', username: kid, password: 'kid-mail-secret-1' });
  await member.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const oldCode = await setUpRecoveryCode(member.page);
  await joinFamily(member, organizer, kid, 'The Appleseeds');
  await member.page.getByRole('button', { name: 'Settings', exact: true }).click();
  // The account's own security code, on Sign-In & Recovery, for others to compare.
  await expect(member.page.getByRole('heading', { name: 'Security code' })).toBeVisible();
  await expect(member.page.getByText(/^[0-9A-HJKMNP-TV-Y]{4}( [0-9A-HJKMNP-TV-Y]{4}){5}$/)).toBeVisible();
  await expectAccessible(member.page, 'account: security code');
  await member.page.getByRole('button', { name: 'All items' }).click();
  await addItem(member.page, { title: 'Kid games', username: 'kim', password: 'kid-games-secret-2' });
  return { organizer, member, oldCode };
}

/** On the organizer's family page, with the keyboard alone: "Recover account…" for `email`, after reading what it does. */
async function startRecovery(page: Page, email: string): Promise<void> {
  // The member shows once the page has looked again since they joined.
  await expect(page.getByRole('button', { name: `Recover account of ${email}` })).toBeVisible({ timeout: 30_000 });
  await tabTo(page, `Recover account of ${email}`);
  await page.keyboard.press('Enter');
  const question = page.getByRole('group', { name: /^Recover the account of/ });
  await expect(question).toContainText('Their recovery code stops working, and they will be asked to make a new one.');
  await expect(question).toContainText('If they still have their recovery code, they can use it instead and keep it.');
  await expectAccessible(page, 'family: recover a member, asked first');
  await tabTo(page, 'Recover account');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Recovery started: we emailed ${email}.` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Recoveries under way' })).toContainText('waiting for them to choose a new password');
}

/**
 * On the member's vault screen: makes the shared vault `name` with one item and gives `email`
 * access to it, reading what each step says.
 */
async function shareVault(page: Page, name: string, email: string): Promise<void> {
  await page.getByRole('button', { name: 'New shared vault…' }).click();
  await expect(page.getByRole('heading', { name: 'New shared vault' })).toBeFocused();
  await expect(page.getByText('Your Private vault stays yours alone.')).toBeVisible();
  await expectAccessible(page, 'vault: new shared vault');
  await page.getByRole('textbox', { name: 'Vault name' }).fill(name);
  await page.getByRole('button', { name: 'Make shared vault' }).click();
  await expect(page.getByRole('heading', { name })).toBeFocused({ timeout: 30_000 });
  await expect(page.getByRole('status')).toHaveText(`Made the shared vault ${name}. Only you can open it until you give others access.`);
  await expect(page.getByRole('navigation', { name: 'Vaults' }).getByRole('button', { name: /shared/ })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page, 'vault: a shared vault');
  await addItem(page, { title: 'Movie night', username: 'family', password: 'popcorn-and-secrets-3' });
  await page.getByRole('button', { name: 'Who has access…' }).click();
  await expect(page.getByRole('heading', { name: `Who has access to ${name}` })).toBeFocused();
  await expect(page.getByRole('list', { name: 'People with access' })).toHaveText(/kid@family\.example\s*owner/);
  await expectAccessible(page, 'vault: who has access');
  // Each person's security code, to compare out of band; marking it verified keeps it in the trust record.
  const candidates = page.getByRole('list', { name: 'Family members without access' });
  await expect(candidates.getByLabel(`${email}'s security code`, { exact: true })).toHaveText(/^[0-9A-HJKMNP-TV-Y]{4}( [0-9A-HJKMNP-TV-Y]{4}){5}$/);
  await expect(candidates).toContainText('not verified');
  await page.getByRole('button', { name: `Mark ${email}'s security code as verified` }).click();
  await expect(page.getByRole('status')).toHaveText(`${email}'s security code is marked as verified.`);
  await expect(page.getByRole('button', { name: `Mark ${email}'s security code as verified` })).toHaveCount(0);
  await expect(candidates).not.toContainText('not verified');
  await expectAccessible(page, 'vault: who has access, a member verified');
  await page.getByRole('button', { name: `Give access to ${email}` }).click();
  await expect(page.getByRole('status')).toHaveText(`${email} can now open ${name}.`);
  await expect(page.getByRole('list', { name: 'People with access' })).toContainText(email);
  await expect(page.getByText('Everyone in your family already has access.')).toBeVisible();
  // Taking it away is asked first, and says what it cannot undo.
  await page.getByRole('button', { name: `Take away access for ${email}` }).click();
  await expect(page.getByRole('group', { name: /^Take away/ })).toContainText('Anything they already copied or saved elsewhere stays with them');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('button', { name: 'Back to the vault' }).click();
}

/** Switches the vault screen to the vault named `name`. */
async function switchVault(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Vaults' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('an organizer recovers a member: new keys, every item back, the old recovery code refused, and a new one made at once', async ({}, testInfo) => {
  // Four devices, three accounts' key derivations, and a vault that looks again every 15 s.
  test.setTimeout(480_000);
  const { organizer, member, oldCode } = await family(testInfo);
  await shareVault(member.page, 'Streaming', parent);
  await startRecovery(organizer.page, kid);

  // Locked out, on another device: both ways back in are offered and explained; the member's side is done with the keyboard alone.
  const laptop = await device(testInfo, 'kid-laptop', ['--server-url', await serverUrlOf(organizer.page)]);
  const { page } = laptop;
  await tabTo(page, 'Sign in');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Having trouble signing in?');
  await page.keyboard.press('Enter');
  await expect(page.getByText('It keeps working afterwards. If an organizer of your family started recovering you, using your code cancels that.')).toBeVisible();
  await expect(page.getByText('Your recovery code then stops working, and you make a new one.')).toBeVisible();
  await expectAccessible(page, 'sign-in: both ways back in');
  await tabTo(page, 'Recovered by my Family Organizer');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Recovery by your Family Organizer' })).toBeFocused();
  await expectAccessible(page, 'organizer recovery: email');
  await tabUntilFocused(page, page.getByRole('textbox', { name: 'Email address' }));
  await page.keyboard.type(kid);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  await tabUntilFocused(page, page.getByRole('textbox', { name: 'Verification code' }));
  await page.keyboard.type(await latestCode(organizer.dataDir, kid));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Choose a new account password' })).toBeFocused();
  await expect(page.getByText('An organizer of The Appleseeds is recovering your account.')).toBeVisible();
  await tabUntilFocused(page, page.getByLabel('Account password'));
  await page.keyboard.type(newPassword);
  await tabUntilFocused(page, page.getByLabel('Type it again'));
  await page.keyboard.type(newPassword);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Save your new Emergency Kit' })).toBeFocused({ timeout: 30_000 });
  await tabTo(page, 'Copy Secret Key');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Continue');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your account is recovered' })).toBeFocused();
  await expect(page.getByText('Your recovery code no longer works.')).toBeVisible();
  await expectAccessible(page, 'organizer recovery: done');

  // The app offers a new recovery code at once.
  const newCode = await setUpRecoveryCode(page, newPassword);

  // Until the organizer completes it, the vault says why it is empty.
  await page.getByRole('button', { name: 'All items' }).click();
  await expect(page.getByRole('alert')).toContainText('Your Family Organizer has to finish your recovery before your items come back');

  // The organizer's page shows the member is ready (it looks again by itself), and completes it with the keyboard.
  await expect(organizer.page.getByRole('button', { name: `Complete the recovery of ${kid}` })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(organizer.page, 'family: a recovery to complete');
  await tabTo(organizer.page, `Complete the recovery of ${kid}`);
  await organizer.page.keyboard.press('Enter');
  await expect(organizer.page.getByRole('status').filter({ hasText: `${kid} has their items back.` })).toBeVisible();

  // The member's vault opens by itself with every item, decrypted under the new keys.
  await expect(items(page)).toHaveCount(2, { timeout: 30_000 });
  await expect(items(page).filter({ hasText: 'Kid mail' })).toBeVisible();
  await expect(items(page).filter({ hasText: 'Kid games' })).toBeVisible();
  await page.getByRole('button', { name: 'Kid mail', exact: true }).click();
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('kid-mail-secret-1');
  // The shared vault came back too, and the organizer still has access to it.
  await switchVault(page, 'Streaming');
  await expect(items(page)).toHaveText([/Movie night/]);
  await organizer.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await organizer.page.getByRole('button', { name: 'All items' }).click();
  await switchVault(organizer.page, 'Streaming');
  await expect(items(organizer.page)).toHaveText([/Movie night/]);
  await expectAccessible(organizer.page, 'vault: a shared vault, as a member');

  // The old code fails at the server; the new one works.
  const spare = await device(testInfo, 'spare', ['--server-url', await serverUrlOf(organizer.page)]);
  await spare.page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(spare.page);
  expect(await submitRecoveryCode(spare.page, kid, oldCode)).toBe('refused');
  expect(await submitRecoveryCode(spare.page, kid, newCode)).toBe('accepted');
});

test("a member's own recovery code, used while an organizer's recovery waits, keeps working and cancels it", async ({}, testInfo) => {
  test.setTimeout(300_000);
  const { organizer, oldCode } = await family(testInfo);
  await startRecovery(organizer.page, kid);

  const laptop = await device(testInfo, 'kid-laptop', ['--server-url', await serverUrlOf(organizer.page)]);
  await laptop.page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(laptop.page);
  // Both are told that the organizer's recovery is cancelled: the member on screen, the organizer by email.
  await recoverAccount(laptop.page, { email: kid, code: oldCode, newPassword, mailFolder: organizer.dataDir, recoveredSays: `The recovery ${parent} started is cancelled.` });
  expect(await latestMatch(organizer.dataDir, parent, /(recovered their account with their own recovery code)/)).toBe('recovered their account with their own recovery code');
  await laptop.page.getByRole('button', { name: 'All items' }).click();
  await expect(items(laptop.page)).toHaveCount(2, { timeout: 30_000 });

  // The organizer's recovery is gone (the page looks again by itself).
  await expect(organizer.page.getByRole('list', { name: 'Recoveries under way' })).toHaveCount(0, { timeout: 30_000 });
  // The organizer is told in the app too, until they dismiss it.
  const notice = organizer.page.getByRole('region', { name: 'Recoveries no longer needed' });
  await expect(notice).toContainText(`${kid} recovered their account with their own recovery code`);
  await expect(notice).toContainText('so the recovery you started was cancelled');
  await expectAccessible(organizer.page, 'Family: the member recovered by themselves');
  await notice.getByRole('button', { name: `Dismiss the notice about ${kid}` }).click();
  await expect(organizer.page.getByText(`The notice about ${kid} was dismissed.`)).toBeVisible();
  await expect(notice).toHaveCount(0);
  await openFamily(organizer.page);
  await expect(organizer.page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await expect(notice).toHaveCount(0);
  // And the code still works.
  const spare = await device(testInfo, 'spare', ['--server-url', await serverUrlOf(organizer.page)]);
  await spare.page.getByRole('button', { name: 'Sign in' }).click();
  await openRecovery(spare.page);
  expect(await submitRecoveryCode(spare.page, kid, oldCode)).toBe('accepted');
});

test('an organizer made a member again, with the keyboard alone: the screen says the recovery key is replaced, and their app can no longer recover anyone', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const { organizer, member } = await invited(testInfo);
  await joinFamily(member, organizer, kid, 'The Appleseeds');

  const { page } = organizer;
  await page.getByRole('button', { name: `Make an organizer: ${kid}` }).click();
  await page.getByRole('group', { name: /^Make .* a Family Organizer\?/ }).getByRole('button', { name: 'Make organizer' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${kid} is now a Family Organizer.` })).toBeVisible();
  await openFamily(member.page);
  await expect(member.page.getByText('You are a Family Organizer of The Appleseeds.')).toBeVisible();

  // Removing an organizer says the same before it is confirmed.
  await page.getByRole('button', { name: `Remove ${kid} from the family` }).click();
  await expect(page.getByRole('group', { name: /^Remove .* from the family\?/ })).toContainText("They can no longer recover anyone: your app replaces the family's recovery key");
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();

  // Before confirming, the organizer reads what it does; then confirms with the keyboard.
  await tabTo(page, `Make a member: ${kid}`);
  await page.keyboard.press('Enter');
  const question = page.getByRole('group', { name: /^Make .* a member\?/ });
  await expect(question).toContainText("They can no longer recover anyone: your app replaces the family's recovery key, so any copy their devices kept stops working.");
  await expectAccessible(page, 'family: make an organizer a member, asked first');
  await tabTo(page, 'Make member');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `${kid} is now a member, and the family's recovery key was replaced.` })).toBeVisible({ timeout: 30_000 });

  // The demoted organizer's screen, still showing the organizer's buttons, is refused; then it shows them as a member.
  await member.page.getByRole('button', { name: `Recover account of ${parent}` }).click();
  await member.page.getByRole('group', { name: /^Recover the account of/ }).getByRole('button', { name: 'Recover account' }).click();
  await expect(member.page.getByRole('alert')).toContainText('Only a Family Organizer can do that.');
  await expect(member.page.getByText('You are a member of The Appleseeds.')).toBeVisible({ timeout: 30_000 });
  await expect(member.page.getByRole('button', { name: `Recover account of ${parent}` })).toHaveCount(0);
  await expect(member.page.getByRole('group', { name: /^Recover the account of/ })).toHaveCount(0);
  await expectAccessible(member.page, 'family: an organizer made a member');
});

test('invitations cancelled and sent again, a refused code says what to do, and an organizer steps down to a member; the Family section names the family and the role', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const { organizer, member } = await invited(testInfo);
  const { page } = member;
  await openSettings(page);
  await expect(page.getByRole('region', { name: 'Family' })).toContainText('This account is not in a family.');
  await openFamily(page);

  // A mistyped code: what the person can do, not which field failed.
  const code = page.getByRole('textbox', { name: 'Invitation code' });
  await code.fill('from-the-email');
  await page.getByRole('button', { name: 'Check invitation' }).click();
  await expect(page.getByRole('alert')).toContainText('That invitation code does not work');
  await expect(page.getByRole('alert')).toContainText('ask the organizer to send the invitation again');
  await expect(page.getByRole('alert')).not.toContainText('Invalid');

  // Checked, then cancelled by the organizer before joining: the Join panel goes back to the code.
  await code.fill(await latestMatch(organizer.dataDir, kid, /invitation code is: ([A-Za-z0-9_-]{43})/));
  await page.getByRole('button', { name: 'Check invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`${parent} invited you to The Appleseeds.`);
  await organizer.page.getByRole('button', { name: `Cancel the invitation to ${kid}` }).click();
  await expect(organizer.page.getByRole('status').filter({ hasText: `The invitation to ${kid} was cancelled: its code no longer works.` })).toBeVisible();
  await expect(organizer.page.getByRole('list', { name: 'Waiting to join' })).toHaveCount(0);
  const shown = await organizer.page.getByText(/^Your security code: /).textContent();
  const organizerCode = /([0-9A-HJKMNP-TV-Y]{4}(?: [0-9A-HJKMNP-TV-Y]{4}){5})/.exec(shown ?? '')![1]!;
  await page.getByRole('textbox', { name: "Organizer's security code" }).fill(organizerCode);
  await page.getByRole('button', { name: 'Join The Appleseeds' }).click();
  await expect(page.getByRole('alert')).toContainText('That invitation code does not work');
  await expect(page.getByRole('textbox', { name: "Organizer's security code" })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check invitation' })).toBeVisible();
  await expectAccessible(page, 'family: a refused invitation code');

  // Invited again, then sent again: only the newest code works.
  await invite(organizer.page, kid);
  const replaced = await latestMatch(organizer.dataDir, kid, /invitation code is: ([A-Za-z0-9_-]{43})/);
  await organizer.page.getByRole('button', { name: `Send the invitation to ${kid} again` }).click();
  await expect(organizer.page.getByRole('status').filter({ hasText: `A new invitation was sent to ${kid}; the code in the earlier email no longer works.` })).toBeVisible();
  await expectAccessible(organizer.page, 'family: an invitation sent again');
  await expect.poll(() => latestMatch(organizer.dataDir, kid, /invitation code is: ([A-Za-z0-9_-]{43})/)).not.toBe(replaced);
  await code.fill(replaced);
  await page.getByRole('button', { name: 'Check invitation' }).click();
  await expect(page.getByRole('alert')).toContainText('That invitation code does not work');
  await code.fill(await latestMatch(organizer.dataDir, kid, /invitation code is: ([A-Za-z0-9_-]{43})/));
  await page.getByRole('button', { name: 'Check invitation' }).click();
  await page.getByRole('textbox', { name: "Organizer's security code" }).fill(organizerCode);
  await page.getByRole('button', { name: 'Join The Appleseeds' }).click();
  await expect(page.getByText('You are a member of The Appleseeds.')).toBeVisible({ timeout: 30_000 });

  // The organizer steps down, after reading what it does, and stays a member.
  const op = organizer.page;
  await expect(op.getByRole('combobox', { name: 'New organizer' })).toHaveValue(/.+/, { timeout: 30_000 });
  await expect(op.getByRole('combobox', { name: 'New organizer' }).getByRole('option')).toHaveText([kid]);
  await op.getByRole('button', { name: 'Step down…' }).click();
  await expect(op.getByRole('group', { name: /^Step down and make/ })).toContainText("Your app replaces the family's recovery key");
  await expectAccessible(op, 'family: step down, asked first');
  await op.getByRole('button', { name: 'Step down', exact: true }).click();
  await expect(op.getByRole('status').filter({ hasText: `${kid} is now a Family Organizer, and you are a member.` })).toBeVisible({ timeout: 30_000 });
  await expect(op.getByText('You are a member of The Appleseeds.')).toBeVisible();
  await expect(op.getByRole('heading', { name: 'Invite someone' })).toHaveCount(0);
  await expect(op.getByRole('heading', { name: 'Step down as organizer' })).toHaveCount(0);
  await expectAccessible(op, 'family: stepped down');

  // The new organizer's account page says so.
  await page.getByRole('button', { name: 'Back to account' }).click();
  await expect(page.getByRole('region', { name: 'Family' })).toContainText('You are a Family Organizer of The Appleseeds.', { timeout: 30_000 });

  // The former organizer, locked out on another device, asks the new one to recover them.
  const laptop = await device(testInfo, 'parent-laptop', ['--server-url', await serverUrlOf(op)]);
  await laptop.page.getByRole('button', { name: 'Sign in' }).click();
  await laptop.page.getByRole('button', { name: 'Having trouble signing in?' }).click();
  await laptop.page.getByRole('button', { name: 'Recovered by my Family Organizer' }).click();
  await laptop.page.getByRole('textbox', { name: 'Email address' }).fill(parent);
  await laptop.page.getByRole('button', { name: 'Ask my organizer to recover my account' }).click();
  await expect(laptop.page.getByRole('status')).toContainText(`If ${parent} is in a family, we emailed its organizers`);
  await expectAccessible(laptop.page, 'organizer recovery: asked the organizer');
  expect(await latestMatch(organizer.dataDir, kid, /(asks you to recover their account)/)).toBe('asks you to recover their account');
  await openFamily(page);
  const requests = page.getByRole('list', { name: 'Asking you to recover them' });
  await expect(requests).toContainText(parent, { timeout: 30_000 });
  await expectAccessible(page, 'family: a member asks to be recovered');
  await page.getByRole('button', { name: `Start recovering ${parent}` }).click();
  await page.getByRole('group', { name: /^Recover the account of/ }).getByRole('button', { name: 'Recover account' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Recovery started: we emailed ${parent}.` })).toBeVisible({ timeout: 30_000 });
  await expect(requests).toHaveCount(0);
});
