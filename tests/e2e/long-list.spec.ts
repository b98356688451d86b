/**
 * The item list past what it draws and reads at once (bench/item-list.ts measures it at
 * 100,000): 300 items imported through the screen, more than one window of rows and many times
 * the rows drawn, whose elements are handed from rows scrolled out to rows scrolled in. Every
 * row drawn shows its own item, the keyboard reaches both ends, and a row scrolled out takes
 * the focus with it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { device, openNewAccount, useDevices } from './support/accounts';

useDevices();

const COUNT = 300;
const list = (page: Page) => page.getByRole('list', { name: 'Items' });
const detail = (page: Page) => page.getByRole('region', { name: 'Item detail' });
const row = (page: Page, n: number) => page.getByRole('button', { name: `Item ${n}`, exact: true });

/**
 * Each drawn row's position in the list (aria-posinset) and the title it shows, once the rows drawn are those at the
 * scroller's position (the row at its top among them) and every one has its item (a row not read yet is drawn as a
 * disabled "Loading…" button).
 */
async function drawnRows(page: Page): Promise<[number, string][]> {
  let drawn: [number, string][] = [];
  await expect
    .poll(async () => {
      const { top, rows } = await page.getByTestId('item-scroller').evaluate((scroller) => {
        const items = [...scroller.querySelectorAll('li')];
        const height = items[0]?.offsetHeight ?? 1;
        return { top: Math.floor(scroller.scrollTop / height) + 1, rows: items.map((item) => [Number(item.getAttribute('aria-posinset')), item.querySelector('button:enabled')?.textContent ?? ''] as [number, string]) };
      });
      drawn = rows;
      return rows.some(([at]) => at === top) && rows.every(([, title]) => title !== '');
    })
    .toBe(true);
  return drawn;
}

async function scrollTo(page: Page, fraction: number): Promise<void> {
  await page.getByTestId('item-scroller').evaluate((scroller, at) => {
    scroller.scrollTop = Math.round((scroller.scrollHeight - scroller.clientHeight) * at);
  }, fraction);
}

test('scrolls and moves through 300 items: each drawn row shows its own item, the keyboard reaches both ends', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const ana = await device(testInfo, 'ana');
  const { page } = ana;
  await page.setViewportSize({ width: 1280, height: 800 });
  await openNewAccount(page, ana.dataDir, 'ana@example.com', 'Ana Example');
  const file = join(ana.home, 'Documents', 'passwords.csv');
  const rows = Array.from({ length: COUNT }, (_, i) => `Item ${i + 1},https://site${i + 1}.example,user${i + 1},pw-${i + 1}`);
  writeFileSync(file, ['name,url,username,password', ...rows].join('\n'));
  await page.getByRole('region', { name: 'Private' }).getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('button', { name: 'Choose a file…' }).click();
  const sheet = page.getByRole('dialog', { name: 'Choose the file to import' });
  await sheet.getByRole('textbox', { name: 'Open' }).fill(file);
  await sheet.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('button', { name: `Import ${COUNT} items` }).click();
  await expect(page.getByRole('region', { name: 'Import into Private' }).getByRole('status')).toHaveText(`Imported ${COUNT} items into Private.`);
  await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All items', exact: true }).click();
  await expect(list(page).getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(COUNT));

  // Wherever the list is scrolled to, every row drawn is the item at its place (titles sort naturally: Item 1, 2, … 300).
  for (const fraction of [0, 0.5, 1, 0.25, 0.9, 0]) {
    await scrollTo(page, fraction);
    const drawn = await drawnRows(page);
    expect(drawn.length, `rows drawn at ${fraction}`).toBeGreaterThan(5);
    for (const [at, title] of drawn) expect(title, `the row at ${at}, scrolled to ${fraction}`).toBe(`Item ${at}`);
  }

  // The keyboard: End, Home, PageDown and the arrows move the focus and open the item, across windows of rows.
  await row(page, 1).focus();
  await page.keyboard.press('End');
  await expect(row(page, COUNT)).toBeFocused();
  await expect(detail(page).getByRole('heading', { name: `Item ${COUNT}` })).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(row(page, COUNT - 1)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(row(page, 1)).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(row(page, 11)).toBeFocused();
  await expect(detail(page).getByRole('heading', { name: 'Item 11' })).toBeVisible();
  await expect(row(page, 11)).toHaveAttribute('aria-current', 'true');

  // A focused row scrolled far out of view takes the focus with it, even where the rows were read before (their elements
  // reused as they are): no row drawn for another item holds it.
  await scrollTo(page, 0.5);
  await drawnRows(page);
  expect(await page.evaluate(() => document.activeElement?.closest('[aria-label="Items"]') ?? null)).toBeNull();
  await scrollTo(page, 0);
  await expect(row(page, 11)).toHaveAttribute('aria-current', 'true');

  // Search narrows the same list.
  await page.getByLabel('Search items').fill('29');
  await expect(list(page).getByRole('listitem').first()).toHaveAttribute('aria-setsize', '13');
  const found = (await drawnRows(page)).map(([, title]) => title);
  expect(found.length).toBeGreaterThan(5);
  expect(found).toEqual(['Item 29', 'Item 129', 'Item 229', ...Array.from({ length: 10 }, (_, i) => `Item ${290 + i}`)].slice(0, found.length));
});
