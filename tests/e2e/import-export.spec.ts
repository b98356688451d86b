/**
 * Import and export through the screen in the browser host: a Bitwarden CSV chosen in the
 * open sheet, previewed (counts, the field with no place of its own), imported with progress,
 * then seen in the vault; importing it again adds nothing. A KDBX export after the password is
 * asked again, saved where the save sheet said, opened by keepassxc-cli with every item.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, lockAndUnlock, openNewAccount, openSettings, password, useDevices } from './support/accounts';
import { items } from './support/vault';

useDevices();

const csv = [
  'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp',
  'Social,1,login,Forum,,Pet: rex,0,https://forum.example,ana,pw-forum,',
  ',,login,Mail,,,0,https://mail.example,ana@mail.example,pw-mail,',
  ',,note,Wifi,the key is 42,,0,,,,',
].join('\n');

test('imports a Bitwarden CSV through the screen, again without duplicates, and exports a KDBX file KeePassXC opens', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const ana = await device(testInfo, 'ana');
  const { page } = ana;
  await openNewAccount(page, ana.dataDir, 'ana@example.com', 'Ana Example');
  // Locking drops sign-up's password check, so the export below must ask for the password again.
  await lockAndUnlock(page);
  const file = join(ana.home, 'Documents', 'bitwarden_export.csv');
  writeFileSync(file, csv);

  /** The empty vault's Import…, or Settings → App settings… → Import into Private. */
  const importFile = async (from: 'empty vault' | 'settings') => {
    if (from === 'empty vault') await page.getByRole('region', { name: 'Private' }).getByRole('button', { name: 'Import…' }).click();
    else {
      await openSettings(page);
      await page.getByRole('button', { name: 'App settings…' }).click();
      await page.getByRole('button', { name: 'Import into Private' }).click();
    }
    await expect(page.getByRole('heading', { name: 'Import into Private' })).toBeVisible();
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    const sheet = page.getByRole('dialog', { name: 'Choose the file to import' });
    await sheet.getByRole('textbox', { name: 'Open' }).fill(file);
    await sheet.getByRole('button', { name: 'Open' }).click();
  };

  await expect(page.getByText('No items yet.')).toBeVisible();
  await importFile('empty vault');
  const preview = page.getByLabel('What the file holds');
  await expect(preview).toContainText('2 logins');
  await expect(preview).toContainText('1 secure note');
  await expect(preview).toContainText('“Pet” (1 item): kept as a custom field');
  await expectAccessible(page, 'the import preview');
  await page.getByRole('button', { name: 'Import 3 items' }).click();
  await expect(page.getByRole('region', { name: 'Import into Private' }).getByRole('status')).toHaveText('Imported 3 items into Private.');

  await importFile('settings');
  await expect(preview).toContainText('3 already in the vault (the same in every field) will be skipped.');
  await expect(page.getByRole('button', { name: 'Import 0 items' })).toBeDisabled();
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Export Private' }).click();
  await expect(page.getByRole('heading', { name: 'Export Private' })).toBeVisible();
  await page.getByLabel('Password for the file').fill('file password 1');
  await page.getByLabel('The same password again').fill('file password 1');
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByRole('heading', { name: 'Enter your account password to export' })).toBeVisible();
  await expectAccessible(page, 'the export password check');
  await page.getByLabel('Account password').fill(password);
  await page.getByRole('button', { name: 'Continue the export' }).click();
  const sheet = page.getByRole('dialog', { name: 'Export to a KeePass file' });
  const picked = join(ana.home, 'Documents', 'Private.kdbx');
  await sheet.getByRole('textbox', { name: 'Save as' }).fill(picked);
  await sheet.getByRole('button', { name: 'Save' }).click();
  // Argon2id at 64 MiB / 3 / 4 takes a few seconds on a loaded machine.
  await expect(page.getByRole('form', { name: 'Export Private' }).getByRole('status')).toHaveText(`Exported Private to ${picked}`, { timeout: 60_000 });
  expect(statSync(picked).mode & 0o777).toBe(0o600);
  expect(readdirSync(join(ana.home, 'Documents')).sort()).toEqual(['Private.kdbx', 'bitwarden_export.csv']);
  const listed = execFileSync('keepassxc-cli', ['ls', '-R', '-f', picked], { input: 'file password 1\n', encoding: 'utf8' }).split('\n').filter(Boolean);
  expect(listed.sort()).toEqual(['Forum', 'Mail', 'Wifi']);

  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'All items' }).click();
  await expect(items(page)).toHaveCount(3);
});
