/** Recovery codes as a user handles them: set one up through the wizard, and use one when locked out. */
import { expect, type Page } from '@playwright/test';
import { password } from './accounts';
import { latestCode } from './mailbox';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXY';

/** `code` with the first symbol of group `group` (1-based) replaced by the next valid symbol. */
export function withTypo(code: string, group: number): string {
  const groups = code.split('-');
  const target = groups[group] as string;
  groups[group] = (alphabet[(alphabet.indexOf(target[0] as string) + 1) % alphabet.length] as string) + target.slice(1);
  return groups.join('-');
}

export const wrongCodeMessage =
  "That recovery code doesn't work with this email address. Check both, and use the code from your latest Recovery Kit. A recovery code only works if one was set up for the account.";

/** From the account page, through the whole wizard (re-authenticating with `accountPassword`); answers the code it showed. */
export async function setUpRecoveryCode(page: Page, accountPassword = password): Promise<string> {
  await page.getByRole('button', { name: /^(Set up|Replace) recovery code$/ }).click();
  await page.getByLabel('Account password').fill(accountPassword);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery code' })).toBeFocused({ timeout: 30_000 });
  const code = await shownCode(page);
  await page.getByRole('checkbox', { name: 'I wrote my recovery code down' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Type your recovery code' }).fill(code);
  await page.getByRole('button', { name: 'Confirm and finish setup' }).click();
  await expect(page.getByRole('heading', { name: 'Recovery code created' })).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  return code;
}

/** The code on the wizard's second step. */
export async function shownCode(page: Page): Promise<string> {
  return ((await page.getByRole('textbox', { name: 'Recovery code' }).textContent()) ?? '').trim();
}

/** From the sign-in screen: "Having trouble signing in?" → "Use recovery code". */
export async function openRecovery(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Having trouble signing in?' }).click();
  await page.getByRole('button', { name: 'Use recovery code' }).click();
  await expect(page.getByRole('heading', { name: 'Use your recovery code' })).toBeFocused();
}

/** On "Use your recovery code": sends the email and code; answers whether the server took the code's proof. */
export async function submitRecoveryCode(page: Page, email: string, code: string): Promise<'accepted' | 'refused'> {
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  // The step after the code is titled by the identity checks the owner allows.
  const accepted = page.getByRole('heading', { name: /^(Check your email|Prove it's you|Enter a code from your authenticator app|Use your security key)$/ });
  const refused = page.getByRole('alert').filter({ hasText: wrongCodeMessage });
  await expect(accepted.or(refused)).toBeVisible({ timeout: 30_000 });
  return (await accepted.isVisible()) ? 'accepted' : 'refused';
}

/**
 * The whole recovery, from "Use your recovery code" to "Continue to Latchkey" (then comes
 * the account page, or first the second factor where the account has one): the identity
 * check (the emailed code, read from the mailbox in `mailFolder`, or `authenticatorCode`),
 * a new password, the new kit kept (saved to `kitPath` when given, else by copying the
 * Secret Key). `recoveredSays`: a line the "recovered" screen must show. Answers the new Secret Key.
 */
export async function recoverAccount(
  page: Page,
  {
    email,
    code,
    newPassword,
    mailFolder,
    kitPath,
    authenticatorCode,
    securityKey = false,
    recoveredSays,
  }: { email: string; code: string; newPassword: string; mailFolder: string; kitPath?: string; authenticatorCode?: string; securityKey?: boolean; recoveredSays?: string },
): Promise<string> {
  expect(await submitRecoveryCode(page, email, code)).toBe('accepted');
  if (securityKey) await page.getByRole('button', { name: 'Use security key' }).click();
  else {
    if (authenticatorCode === undefined) await page.getByRole('textbox', { name: 'Verification code' }).fill(await latestCode(mailFolder, email));
    else await page.getByRole('textbox', { name: 'Code from your authenticator app' }).fill(authenticatorCode);
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await expect(page.getByRole('heading', { name: 'Choose a new account password' })).toBeFocused();
  await page.getByLabel('Account password').fill(newPassword);
  await page.getByLabel('Type it again').fill(newPassword);
  await page.getByRole('button', { name: 'Recover account' }).click();
  await expect(page.getByRole('heading', { name: 'Save your new Emergency Kit' })).toBeFocused({ timeout: 30_000 });
  const secretKey = ((await page.getByRole('textbox', { name: 'Your new Secret Key' }).textContent()) ?? '').trim();
  if (kitPath) {
    const sheet = page.getByRole('dialog', { name: 'Save your Latchkey Emergency Kit' });
    await page.getByRole('button', { name: 'Save Emergency Kit…' }).click();
    await sheet.getByRole('textbox', { name: 'Save as' }).fill(kitPath);
    await sheet.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toHaveText(`Saved to ${kitPath}`);
  } else await page.getByRole('button', { name: 'Copy Secret Key' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Your account is recovered' })).toBeFocused();
  if (recoveredSays !== undefined) await expect(page.getByRole('list')).toContainText(recoveredSays);
  await page.getByRole('button', { name: 'Continue to Latchkey' }).click();
  return secretKey;
}
