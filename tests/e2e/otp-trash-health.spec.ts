/**
 * One-time passwords, Recently Deleted and Password Health as a user meets them: a setup key
 * pasted and a QR code image chosen, the live code and Copy; an item deleted on one device shows
 * in Recently Deleted on the other, restored there and back on the first; health lists a weak,
 * a reused and a two-step-less login, by title only.
 */
import { expect, test, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { totpCode } from '../../src/main/core/otp/totp-code';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, signIn, useDevices } from './support/accounts';
import { addItem, items, listStatus } from './support/vault';

useDevices();

const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const qrSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The codes of the step now and either side of it (the page and the test read the clock a moment apart). */
function codesNear(key: string, digits: 6 | 8): string[] {
  return [-30_000, 0, 30_000].map((skew) => totpCode({ secret: key, algorithm: 'SHA1', digits, period: 30 }, Date.now() + skew).code);
}


async function shownCode(page: Page): Promise<string> {
  const output = page.getByLabel('Current one-time code');
  await expect(output).toHaveText(/^\d{3,4} \d{3,4}$/);
  return (await output.textContent())!.replace(' ', '');
}

test('one-time passwords: a pasted key, a QR image, the live code and Copy; the secret stays in the main process', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const alice = await device(testInfo, 'alice');
  const a = alice.page;
  await openNewAccount(a, alice.dataDir, 'alice@example.com');

  await a.getByRole('button', { name: 'New item' }).click();
  await a.getByLabel('Title').fill('GitHub');
  await a.getByRole('button', { name: 'Set up one-time password…' }).click();
  const setupField = a.getByLabel('Setup key or otpauth:// link');
  await setupField.fill(`otpauth://hotp/GitHub:alice?secret=${secret}&counter=3`);
  await a.getByRole('button', { name: 'Add one-time password' }).click();
  await expect(a.getByRole('alert')).toContainText('counter-based (HOTP) setup, which Latchkey does not support');
  await expectAccessible(a, 'the one-time password setup');
  await setupField.fill(secret.toLowerCase().replace(/(.{4})/g, '$1 ').trim());
  await a.getByRole('button', { name: 'Add one-time password' }).click();
  await expect(a.getByText('One-time password added.')).toBeVisible();
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(listStatus(a)).toHaveText('Saved GitHub.');

  await a.getByRole('button', { name: 'GitHub', exact: true }).click();
  expect(codesNear(secret, 6)).toContain(await shownCode(a));
  await expect(a.getByRole('progressbar', { name: 'Time left for this code' })).toBeVisible();
  await expectAccessible(a, 'an item with its one-time code');
  await a.getByRole('button', { name: 'Copy code' }).click();
  await expect(a.getByText(/^Copied the one-time code\./)).toBeVisible();
  expect(codesNear(secret, 6)).toContain(await a.evaluate(() => navigator.clipboard.readText()));

  // Saving an edit keeps the setup the window never had.
  await a.getByRole('button', { name: 'Edit', exact: true }).click();
  await a.getByLabel('Notes').fill('Work account');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(listStatus(a)).toHaveText('Saved GitHub.');
  await a.getByRole('button', { name: 'GitHub', exact: true }).click();
  await expect(a.getByRole('region', { name: 'Item detail' }).getByLabel('Notes')).toHaveValue('Work account');
  expect(codesNear(secret, 6)).toContain(await shownCode(a));
  // The editor shows the live code too, and the key is nowhere in the page.
  await a.getByRole('button', { name: 'Edit', exact: true }).click();
  expect(codesNear(secret, 6)).toContain(await shownCode(a));
  await expect(a.locator('body')).not.toContainText(secret);
  await a.getByRole('button', { name: 'Cancel' }).click();

  // A QR code image, decoded in the window: 8 digits.
  const png = await QRCode.toBuffer(`otpauth://totp/Example:alice?secret=${qrSecret}&digits=8&issuer=Example`);
  await a.getByRole('button', { name: 'New item' }).click();
  await a.getByLabel('Title').fill('Example');
  await a.getByRole('button', { name: 'Set up one-time password…' }).click();
  await a.getByLabel('QR code image').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: png });
  await expect(a.getByText('One-time password added.')).toBeVisible();
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(listStatus(a)).toHaveText('Saved Example.');
  await a.getByRole('button', { name: 'Example', exact: true }).click();
  expect(codesNear(qrSecret, 8)).toContain(await shownCode(a));
  // An image with no QR code in it says so and adds nothing.
  await a.getByRole('button', { name: 'Edit', exact: true }).click();
  await a.getByRole('button', { name: 'Remove one-time password' }).click();
  await a.getByRole('button', { name: 'Set up one-time password…' }).click();
  await a.getByLabel('QR code image').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: await blankPng(a) });
  await expect(a.getByRole('alert')).toContainText('No QR code was found in that image');
});

/** A plain white PNG, drawn by the page itself. */
async function blankPng(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 120;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 120, 120);
    return canvas.toDataURL('image/png').split(',')[1]!;
  });
  return Buffer.from(base64, 'base64');
}

test('Recently Deleted syncs: deleted on one device, restored on the other; Password Health by title only', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const alice = await device(testInfo, 'alice');
  const a = alice.page;
  const secretKey = await openNewAccount(a, alice.dataDir, 'alice@example.com');
  await addItem(a, { title: 'Forum', username: 'alice', password: 'password1' });
  await addItem(a, { title: 'Shop', username: 'alice', password: 'Velvet-Harbor-Quasar-2291' });
  await addItem(a, { title: 'Other shop', username: 'alice', password: 'Velvet-Harbor-Quasar-2291' });
  await addItem(a, { title: 'Code host', username: 'alice', password: 'Orbit-Lantern-Gravel-7713', urls: 'https://github.com/login' });
  await expect(items(a)).toHaveCount(4);

  // Password Health: one weak, one group of two, one login on a two-step site without a code.
  await a.getByRole('button', { name: 'Password Health' }).click();
  await expect(a.getByRole('heading', { name: 'Password Health' })).toBeVisible();
  const summary = a.getByRole('list', { name: 'Summary' });
  await expect(summary).toContainText('1 weak password');
  await expect(summary).toContainText('2 items share passwords');
  await expect(summary).toContainText('1 login without two-step codes');
  await expect(a.getByRole('region', { name: 'Reused password 1 of 1' })).toContainText('Other shop');
  await expect(a.getByRole('button', { name: 'Code host' })).toBeVisible();
  await expect(a.locator('body')).not.toContainText('Velvet-Harbor');
  await expectAccessible(a, 'Password Health');
  await a.getByRole('button', { name: 'All items' }).click();

  const info = await a.evaluate(() => window.latchkey.invoke('app.info', {}));
  if (!info.ok) throw new Error('app.info failed');
  const laptop = await device(testInfo, 'laptop', ['--server-url', info.value.server.url]);
  const b = laptop.page;
  await signIn(b, 'alice@example.com', secretKey);
  await expect(items(b)).toHaveCount(4);

  // Deleted on A: in Recently Deleted there, and on B after a sync.
  await a.getByRole('button', { name: 'Forum', exact: true }).click();
  await a.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(a.getByRole('status')).toHaveText('Moved Forum to Recently Deleted.');
  await expect(items(a)).toHaveCount(3);
  await b.getByRole('button', { name: 'Sync now' }).click();
  await expect(items(b)).toHaveCount(3);
  await b.getByRole('button', { name: 'Recently Deleted', exact: true }).click();
  await expect(items(b)).toHaveCount(1);
  await expect(items(b).first()).toContainText('Forum');
  await expectAccessible(b, 'Recently Deleted');

  // Restored on B: back in the list on A.
  await b.getByRole('button', { name: 'Forum', exact: true }).click();
  await b.getByRole('button', { name: 'Restore' }).click();
  await expect(b.getByRole('status')).toHaveText('Restored Forum.');
  await expect(b.getByText('Nothing was deleted recently.')).toBeVisible();
  await b.getByRole('button', { name: 'All items' }).click();
  await expect(items(b)).toHaveCount(4);
  await a.getByRole('button', { name: 'Sync now' }).click();
  await expect(items(a)).toHaveCount(4);
  await a.getByRole('button', { name: 'Recently Deleted', exact: true }).click();
  await expect(a.getByText('Nothing was deleted recently.')).toBeVisible();

  // Empty asks first, then deletes for real on every device.
  await a.getByRole('button', { name: 'All items' }).click();
  await a.getByRole('button', { name: 'Shop', exact: true }).click();
  await a.getByRole('button', { name: 'Delete', exact: true }).click();
  await a.getByRole('button', { name: 'Recently Deleted', exact: true }).click();
  await a.getByRole('button', { name: 'Empty Recently Deleted…' }).click();
  await expect(a.getByText('Delete the item in Recently Deleted permanently, from all your devices? This cannot be undone.')).toBeVisible();
  await a.getByRole('button', { name: 'Empty Recently Deleted', exact: true }).click();
  await expect(a.getByRole('status')).toHaveText('Deleted 1 item permanently.');
  await b.getByRole('button', { name: 'All items' }).click();
  await b.getByRole('button', { name: 'Sync now' }).click();
  await expect(items(b)).toHaveCount(3);
  await b.getByRole('button', { name: 'Recently Deleted', exact: true }).click();
  await expect(b.getByText('Nothing was deleted recently.')).toBeVisible();
});
