/** The vault screen as the specs use it: its item list, and adding an item through the editor. */
import { expect, type Page } from '@playwright/test';

export const items = (page: Page) => page.getByRole('list', { name: 'Items' }).getByRole('listitem');

export async function addItem(page: Page, fields: { title: string; username: string; password?: string; urls?: string }) {
  await page.getByRole('button', { name: 'New item' }).click();
  await expect(page.getByRole('heading', { name: 'New item' })).toBeFocused();
  await page.getByLabel('Title').fill(fields.title);
  await page.getByLabel('Username').fill(fields.username);
  if (fields.password) await page.getByLabel('Password', { exact: true }).fill(fields.password);
  else {
    await page.getByRole('button', { name: 'Generate password' }).click();
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue(/^\S{20}$/);
  }
  if (fields.urls) await page.getByLabel('Websites (one per line)').fill(fields.urls);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved ${fields.title}.`);
}

/** Opens the editor for a new item of `type` (as the Item type menu names it) and fills in its title and the fields labelled in `fill`; does not save. */
export async function newItem(page: Page, type: string, title: string, fill: Record<string, string>) {
  await page.getByRole('button', { name: 'New item' }).click();
  await page.getByLabel('Item type').selectOption({ label: type });
  await page.getByLabel('Title').fill(title);
  for (const [label, value] of Object.entries(fill)) await page.getByLabel(label, { exact: true }).fill(value);
}

export const detailPane = (page: Page) => page.getByRole('region', { name: 'Item detail' });

/** Selects the item in the list: it opens in the detail pane. */
export async function selectItem(page: Page, title: string) {
  await page.getByRole('button', { name: title, exact: true }).click();
  await expect(detailPane(page).getByRole('heading', { name: title, level: 2 })).toBeVisible();
}

/** The list pane's status line in the Private vault (an editor may have a status of its own). */
export const listStatus = (page: Page) => page.getByRole('region', { name: 'Private' }).getByRole('status');
