/**
 * The five item types as a user meets them: each created in the editor with its own fields,
 * custom fields, tags and a favourite, listed with its subtitle, reopened in the item detail
 * with reveal, a password change kept in the history, and search finding a word in the notes.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { createAccount, device, useDevices } from './support/accounts';
import { items } from './support/vault';

useDevices();

async function newItem(page: Page, type: string, title: string, fill: Record<string, string>) {
  await page.getByRole('button', { name: 'New item' }).click();
  await page.getByLabel('Item type').selectOption({ label: type });
  await page.getByLabel('Title').fill(title);
  for (const [label, value] of Object.entries(fill)) await page.getByLabel(label, { exact: true }).fill(value);
}

async function save(page: Page, title: string) {
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved ${title}.`);
}

const details = async (page: Page, title: string) => {
  await page.getByRole('button', { name: `Details for ${title}` }).click();
  await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
};

test('creates every item type, reopens each with its fields, keeps password history, and searches notes', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const alice = await device(testInfo, 'alice');
  const a = alice.page;
  await createAccount(a, alice.dataDir, 'types@example.com');
  await a.getByRole('checkbox', { name: /I wrote my Secret Key down/ }).check();
  await a.getByRole('button', { name: 'Continue to Latchkey' }).click();
  await a.getByRole('button', { name: 'Open vault' }).click();
  await expect(a.getByText('No items yet.')).toBeVisible();

  // A login with a custom hidden field, tags and the favourite flag.
  await newItem(a, 'Login', 'Example Mail', { Username: 'alice@mail.example', Password: 'first-pass-1', 'Websites (one per line)': 'https://mail.example', 'Tags (separated by commas)': 'Work, Email' });
  await a.getByRole('button', { name: 'Add hidden field' }).click();
  await a.getByLabel('Name of custom field 1').fill('Recovery PIN');
  await a.getByLabel('Hidden value of custom field 1').fill('8812');
  await a.getByRole('checkbox', { name: 'Favourite' }).check();
  await expectAccessible(a, 'the item editor of a login');
  await save(a, 'Example Mail');

  await newItem(a, 'Secure Note', 'Alarm', { Notes: 'The alarm code is 2468, the word is kingfisher' });
  await save(a, 'Alarm');
  await newItem(a, 'Credit Card', 'Visa', { Cardholder: 'Alice Example', 'Card number': '4111 1111 1111 1234', Expiry: '04/2031', 'Security code': '123', PIN: '0000' });
  await expectAccessible(a, 'the item editor of a card');
  await save(a, 'Visa');
  await newItem(a, 'Identity', 'Me', { 'Full name': 'Alice Example', Address: '1 Example Road', Phone: '+1 555 0100', Email: 'alice@example.com', 'Date of birth': '1990-02-28' });
  await save(a, 'Me');
  await newItem(a, 'Password', 'Router', { Password: 'r0uter!' });
  await save(a, 'Router');

  await expect(items(a)).toHaveCount(5);
  await expect(items(a).filter({ hasText: 'Visa' })).toContainText('•••• 1234');
  await expect(items(a).filter({ hasText: /^Me / })).toContainText('Alice Example');

  // A bad field is refused with a clear message and nothing is saved.
  await newItem(a, 'Credit Card', 'Bad card', { Expiry: '13/2030' });
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('alert')).toContainText('MM/YYYY');
  await a.getByRole('button', { name: 'Cancel' }).click();
  await expect(items(a)).toHaveCount(5);

  // The login reopens with every field; secrets stay hidden until revealed.
  await details(a, 'Example Mail');
  const detail = a.locator('.item-detail');
  await expect(detail).toContainText('alice@mail.example');
  await expect(detail).not.toContainText('first-pass-1');
  await a.getByRole('button', { name: 'Reveal Password' }).click();
  await expect(detail).toContainText('first-pass-1');
  await a.getByRole('button', { name: 'Reveal Recovery PIN' }).click();
  await expect(detail).toContainText('8812');
  await expect(detail).toContainText('Work, Email');
  await expect(a.getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(a, 'the item detail of a login');

  // A password change keeps the earlier one in the history.
  await a.getByRole('button', { name: 'Edit' }).click();
  await a.getByLabel('Password', { exact: true }).fill('second-pass-2');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('heading', { name: 'Password history' })).toBeVisible();
  await a.getByRole('button', { name: /^Reveal Password until / }).click();
  await expect(a.getByRole('definition').filter({ hasText: 'first-pass-1' })).toBeVisible();
  await a.getByRole('button', { name: 'Back to items' }).click();

  // The card reopens, and the favourite toggle sticks.
  await details(a, 'Visa');
  await a.getByRole('button', { name: 'Reveal Card number' }).click();
  await expect(a.locator('.item-detail')).toContainText('4111 1111 1111 1234');
  await expect(a.locator('.item-detail')).toContainText('04/2031');
  await a.getByRole('button', { name: 'Favourite' }).click();
  await expect(a.getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await a.getByRole('button', { name: 'Back to items' }).click();
  await details(a, 'Visa');
  await expect(a.getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await a.getByRole('button', { name: 'Back to items' }).click();

  await details(a, 'Me');
  await expect(a.locator('.item-detail')).toContainText('1 Example Road');
  await expect(a.locator('.item-detail')).toContainText('1990-02-28');
  await a.getByRole('button', { name: 'Back to items' }).click();

  // Search finds a word that is only in a note's text.
  await a.getByLabel('Search items').fill('kingfisher');
  await expect(items(a)).toHaveCount(1);
  await expect(items(a).first()).toContainText('Alarm');
});
