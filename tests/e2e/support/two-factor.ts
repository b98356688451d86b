/** Two-step verification as a user sets it up; otplib plays the authenticator app. */
import { expect, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { expectAccessible } from './accessibility';
import { password } from './accounts';

export /** What the authenticator app shows `stepsAhead` 30-second steps from now (the server accepts one step either side). */
const appCode = (secret: string, stepsAhead = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

/** Waits, when fewer than `seconds` of the current 30-second step are left, for the next step to begin. */
async function untilStepHasLeft(seconds: number): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** From the account page: turns the authenticator app on (a wrong password and a wrong code on the way); answers its secret. */
export async function turnOnAuthenticator(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('heading', { name: 'Set up an authenticator app' })).toBeFocused();
  await expectAccessible(page, '2FA: set up, password');
  await page.getByLabel('Account password').fill('not the password 123');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not right.');
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Add Latchkey to your authenticator app' })).toBeFocused({ timeout: 30_000 });
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toHaveAttribute('src', /^data:image\/png;base64,/);
  const setupKey = page.getByRole('textbox', { name: 'Setup key' });
  // The key can be selected and typed into an app; the grouping spaces are for reading only.
  await setupKey.click({ clickCount: 3 });
  const secret = ((await page.evaluate(() => window.getSelection()?.toString())) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, '2FA: set up, QR code');
  await page.getByLabel('Code from your authenticator app').fill(await appCode(secret, 4));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  // The step before now, which the server takes for one more step: taken where at least 10 s of this step are left, so the
  // step has not moved on twice by the time the server checks it (on a loaded machine, a code taken in a step's last
  // seconds was refused).
  await untilStepHasLeft(10);
  await page.getByLabel('Code from your authenticator app').fill(await appCode(secret, -1));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('heading', { name: 'Two-step verification is on' })).toBeFocused();
  await expectAccessible(page, '2FA: on');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(/^On: an authenticator app, since /)).toBeVisible();
  return secret;
}
