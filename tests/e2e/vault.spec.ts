/**
 * The vault as a user meets it: items added, found, edited, deleted and copied on one
 * device, seen on a second, and two devices saving the same item at once without losing
 * either edit.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, filesContaining, signIn, useDevices } from './support/accounts';
import { addItem, items } from './support/vault';

useDevices();

test('keeps login items in the vault, syncs them to a second device, and a stale edit loses nothing', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const alice = await device(testInfo, 'alice');
  const a = alice.page;
  const secretKey = await openNewAccount(a, alice.dataDir, 'alice@example.com');
  await expect(a.getByRole('heading', { name: 'Private' })).toBeFocused();
  await expect(a.getByText('No items yet.')).toBeVisible();
  await expectAccessible(a, 'the empty vault');

  await a.getByRole('button', { name: 'New item' }).click();
  await expectAccessible(a, 'the item editor');
  await a.getByRole('button', { name: 'Cancel' }).click();
  await addItem(a, { title: 'Example Mail', username: 'alice@mail.example', password: 'mail-pass-7391', urls: 'https://mail.example' });
  await addItem(a, { title: 'Bank of Nowhere', username: 'alice.b' });
  await expect(items(a)).toHaveCount(2);
  await expectAccessible(a, 'the vault with items');

  // Search filters as the user types, through the main process's index.
  await a.getByLabel('Search items').fill('bank');
  await expect(items(a)).toHaveCount(1);
  await expect(items(a).first()).toContainText('Bank of Nowhere');
  await a.getByLabel('Search items').fill('mail.example');
  await expect(items(a)).toHaveCount(1);
  await expect(items(a).first()).toContainText('Example Mail');
  await a.getByLabel('Search items').fill('');
  await expect(items(a)).toHaveCount(2);

  await a.getByRole('button', { name: 'Example Mail', exact: true }).click();
  await expect(a.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
  await a.getByRole('button', { name: 'Show password' }).click();
  await expect(a.getByLabel('Password', { exact: true })).toHaveValue('mail-pass-7391');
  await a.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(a.getByRole('heading', { name: 'Edit Example Mail' })).toBeFocused();
  await a.getByLabel('Username').fill('alice@mail2.example');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('status')).toHaveText('Saved Example Mail.');

  await a.getByRole('button', { name: 'Copy password for Example Mail' }).click();
  await expect(a.getByRole('status')).toHaveText(/^Password for Example Mail copied\. It will be cleared from the clipboard at .+\.$/);

  await a.getByRole('button', { name: 'Bank of Nowhere', exact: true }).click();
  await a.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(a.getByRole('status')).toHaveText('Moved Bank of Nowhere to Recently Deleted.');
  await expect(items(a)).toHaveCount(1);
  // Deleted permanently from Recently Deleted, after a confirmation.
  await a.getByRole('button', { name: 'Recently Deleted' }).click();
  await a.getByRole('button', { name: 'Bank of Nowhere', exact: true }).click();
  await a.getByRole('button', { name: 'Delete permanently…' }).click();
  await expect(a.getByText('Delete Bank of Nowhere permanently from all your devices? This cannot be undone.')).toBeVisible();
  await expectAccessible(a, 'the delete confirmation');
  await a.getByRole('button', { name: 'Delete permanently', exact: true }).click();
  await expect(a.getByRole('status')).toHaveText('Deleted Bank of Nowhere permanently.');
  await expect(a.getByText('Nothing was deleted recently.')).toBeVisible();
  await a.getByRole('button', { name: 'All items' }).click();
  await expect(items(a)).toHaveCount(1);

  // A second device, signed in to the same account, sees the synced item.
  const info = await a.evaluate(() => window.latchkey.invoke('app.info', {}));
  if (!info.ok) throw new Error('app.info failed');
  const laptop = await device(testInfo, 'laptop', ['--server-url', info.value.server.url]);
  const b = laptop.page;
  await signIn(b, 'alice@example.com', secretKey);
  await expect(items(b)).toHaveCount(1);
  await expect(items(b).first()).toContainText('alice@mail2.example');

  // Both devices edit the same item; A saves first, so B's save is refused and B sees A's version.
  await b.getByRole('button', { name: 'Example Mail', exact: true }).click();
  await b.getByRole('button', { name: 'Edit', exact: true }).click();
  await b.getByLabel('Notes').fill('Edited on the laptop');
  await a.getByRole('button', { name: 'Example Mail', exact: true }).click();
  await a.getByRole('button', { name: 'Edit', exact: true }).click();
  await a.getByLabel('Username').fill('alice@desktop.example');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('status')).toHaveText('Saved Example Mail.');
  await b.getByRole('button', { name: 'Save' }).click();
  await expect(b.getByRole('alert')).toContainText('Someone changed this item on another device before you saved');
  await expect(b.getByLabel('Username')).toHaveValue('alice@desktop.example');
  await expect(b.getByLabel('Notes')).toHaveValue('');
  await expectAccessible(b, 'the conflict message');
  // Nothing lost: the laptop's edit comes back and saves on top of the current version.
  await b.getByRole('button', { name: 'Put my changes back' }).click();
  await expect(b.getByLabel('Notes')).toHaveValue('Edited on the laptop');
  await b.getByLabel('Username').fill('alice@desktop.example');
  await b.getByRole('button', { name: 'Save' }).click();
  await expect(b.getByRole('status')).toHaveText('Saved Example Mail.');

  await a.getByRole('button', { name: 'Sync now' }).click();
  await a.getByRole('button', { name: 'Example Mail', exact: true }).click();
  await expect(a.getByLabel('Notes')).toHaveValue('Edited on the laptop');
  await expect(a.getByRole('textbox', { name: 'Username' })).toHaveValue('alice@desktop.example');

  // A copied password leaves the clipboard when its account locks, long before its 90 seconds.
  await a.getByRole('button', { name: 'Copy password for Example Mail' }).click();
  await expect.poll(() => a.evaluate(() => navigator.clipboard.readText())).toBe('mail-pass-7391');
  await a.getByRole('button', { name: 'Settings', exact: true }).click();
  await a.getByRole('button', { name: 'Lock' }).click();
  await expect(a.getByRole('heading', { name: 'Unlock alice@example.com' })).toBeVisible();
  await expect.poll(() => a.evaluate(() => navigator.clipboard.readText())).toBe('');

  // The item password never reached a file on either device.
  for (const dev of [alice, laptop]) expect(filesContaining([dev.home, dev.temp, dev.dataDir], 'mail-pass-7391')).toEqual([]);
});
