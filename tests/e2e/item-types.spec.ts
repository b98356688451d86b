/**
 * The five item types as a user meets them: each created in the editor with its own fields,
 * custom fields, tags and a favourite, listed with its subtitle, reopened in the item detail
 * with reveal, a password change kept in the history, and search finding a word in the notes.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, openNewAccount, useDevices } from './support/accounts';
import { detailPane, items, newItem, selectItem } from './support/vault';

useDevices();

async function save(page: Page, title: string) {
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved ${title}.`);
}

test('creates every item type, reopens each with its fields, keeps password history, and searches notes', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const alice = await device(testInfo, 'alice');
  const a = alice.page;
  await openNewAccount(a, alice.dataDir, 'types@example.com');
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
  await expect(items(a).filter({ has: a.getByRole('button', { name: 'Me', exact: true }) })).toContainText('Alice Example');

  // A bad field is refused with a clear message and nothing is saved.
  await newItem(a, 'Credit Card', 'Bad card', { Expiry: '13/2030' });
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('alert')).toContainText('MM/YYYY');
  await a.getByRole('button', { name: 'Cancel' }).click();
  await expect(items(a)).toHaveCount(5);

  // The login reopens with every field; secrets stay hidden until revealed.
  await selectItem(a, 'Example Mail');
  const detail = detailPane(a);
  await expect(detail.getByLabel('Username', { exact: true })).toHaveValue('alice@mail.example');
  await expect(detail.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
  await expect(detail.getByLabel('Recovery PIN', { exact: true })).toHaveAttribute('type', 'password');
  await detail.getByRole('button', { name: 'Show password' }).click();
  await expect(detail.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'text');
  await expect(detail.getByLabel('Password', { exact: true })).toHaveValue('first-pass-1');
  await detail.getByRole('button', { name: 'Show recovery pin' }).click();
  await expect(detail.getByLabel('Recovery PIN', { exact: true })).toHaveAttribute('type', 'text');
  await expect(detail.getByLabel('Recovery PIN', { exact: true })).toHaveValue('8812');
  await expect(detail).toContainText('Work, Email');
  await expect(detail.getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(a, 'the item detail of a login');

  // A password change keeps the earlier one in the history.
  await detail.getByRole('button', { name: 'Edit', exact: true }).click();
  await a.getByLabel('Password', { exact: true }).fill('second-pass-2');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('status')).toHaveText('Saved Example Mail.');
  await expect(detail.getByRole('heading', { name: 'Password history' })).toBeVisible();
  const earlier = detail.getByRole('region', { name: 'Password history' }).getByLabel(/^Password until /);
  await expect(earlier).toHaveAttribute('type', 'password');
  await detail.getByRole('button', { name: /^Show password until / }).click();
  await expect(earlier).toHaveValue('first-pass-1');
  await expect(earlier).toHaveAttribute('type', 'text');

  // The card reopens, and the favourite toggle sticks.
  await selectItem(a, 'Visa');
  await expect(detail.getByLabel('Card number', { exact: true })).toHaveAttribute('type', 'password');
  await detail.getByRole('button', { name: 'Show card number' }).click();
  await expect(detail.getByLabel('Card number', { exact: true })).toHaveValue('4111 1111 1111 1234');
  await expect(detail.getByLabel('Expiry', { exact: true })).toHaveValue('04/2031');
  await detail.getByRole('button', { name: 'Favourite' }).click();
  await expect(detail.getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await selectItem(a, 'Router');
  await selectItem(a, 'Visa');
  await expect(detail.getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');

  await selectItem(a, 'Me');
  await expect(detail.getByLabel('Address', { exact: true })).toHaveValue('1 Example Road');
  await expect(detail.getByLabel('Date of birth', { exact: true })).toHaveValue('1990-02-28');

  // Search finds a word that is only in a note's text.
  await a.getByLabel('Search items').fill('kingfisher');
  await expect(items(a)).toHaveCount(1);
  await expect(items(a).first()).toContainText('Alarm');
});
