/**
 * The browser host's save and open dialogs, printer and clipboard, through Chromium.
 * - Save and open dialogs: Chromium has no dialog that returns a path, so the renderer shows
 *   an in-app "Save as" or "Open" sheet (registered through the browser preload) and hands
 *   back the path.
 * - Printer: the kit page is laid out in its own tab, never on disk; the preview is a
 *   screenshot of that tab, and printing opens Chromium's print dialog in it.
 * - Clipboard: Chromium's, which is the system's. The web platform has no "sensitive" marker.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hostSaveDialogFunction } from '../../shared/ipc/transport';
import type { OpenDialogRequest, SaveDialogRequest, SaveSheetRequest } from '../../shared/ipc/host-dialogs';
import type { HostPorts, PrintOutcome } from '../core/platform/ports';

/** A4 at 96 CSS pixels per inch, the size the print dialog lays the page out at. */
const a4 = { width: 794, height: 1123 };

export function browserHostPorts(context: BrowserContext, appPage: Page, headless: boolean): HostPorts {
  async function withKitPage<T>(html: string, use: (page: Page) => Promise<T>): Promise<T> {
    const page = await context.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      return await use(page);
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /** Draws the renderer's file sheet and answers the absolute path typed there, or null. */
  async function askSheet(request: SaveSheetRequest): Promise<string | null> {
    const path = await appPage.evaluate(([name, value]) => (window as unknown as Record<string, ((r: typeof value) => Promise<unknown>) | undefined>)[name]?.(value) ?? null, [hostSaveDialogFunction, request] as const);
    return typeof path === 'string' && isAbsolute(path) ? path : null;
  }
  const documents = join(homedir(), 'Documents');
  const startFolder = () => (existsSync(documents) ? documents : homedir());

  return {
    saveDialog: {
      chooseSavePath: ({ title, suggestedName }: SaveDialogRequest) => askSheet({ kind: 'save', title, suggestedName, defaultPath: join(startFolder(), suggestedName) }),
    },
    openDialog: {
      chooseOpenPath: ({ title }: OpenDialogRequest) => askSheet({ kind: 'open', title, suggestedName: '', defaultPath: `${startFolder()}/` }),
    },
    printer: {
      // The page lays itself out at A4 on screen; the picture is cut to exactly one sheet.
      preview: (html) => withKitPage(html, (page) => page.screenshot({ type: 'png', fullPage: true, clip: { x: 0, y: 0, ...a4 } })),
      async print(html): Promise<PrintOutcome> {
        if (headless) return { status: 'failed', reason: 'This window runs without a screen, so it cannot show a print dialog. Save the kit as a PDF and print that instead.' };
        try {
          // window.print() returns when the dialog closes; Chromium does not say whether it printed.
          await withKitPage(html, (page) => page.evaluate(() => window.print()));
          return { status: 'dialog-closed' };
        } catch {
          return { status: 'failed', reason: 'The print dialog could not be shown.' };
        }
      },
    },
    clipboard: {
      writeSecret: (text) => appPage.evaluate((value) => navigator.clipboard.writeText(value), text),
      readText: () => appPage.evaluate(() => navigator.clipboard.readText()),
      clear: () => appPage.evaluate(() => navigator.clipboard.writeText('')),
    },
  };
}
