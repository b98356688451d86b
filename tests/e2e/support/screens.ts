/** Every screen looked at as a person judging the look would: axe in both themes, with a screenshot of each under test-results/screens/. */
import type { Page } from '@playwright/test';
import { expectAccessible } from './accessibility';

export async function lookAt(page: Page, screen: string, file: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${screen} (${colorScheme})`);
    await page.screenshot({ path: `test-results/screens/${file}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: null });
}
