/** The browser host's ports against real Chromium (Debian's /usr/bin/chromium), with the print dialog and a dying tab simulated. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserHostPorts } from '../../../src/main/browser/ports';
import { chromiumArgs } from '../../../src/main/browser/window';
import { appOrigins } from '../../../src/shared/app-shell';
import { hostSaveDialogFunction } from '../../../src/shared/ipc/transport';
import type { HostPorts } from '../../../src/main/core/platform/ports';
import { recoveryKitContent } from '../../../src/main/core/kit/kit-content';
import { renderKitHtml } from '../../../src/main/core/kit/kit-html';

let profile: string;
let context: BrowserContext;
let page: Page;
let ports: HostPorts;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'latchkey-ports-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: chromiumArgs });
  await context.route(`${appOrigins.browser}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>app</title>' }));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appOrigins.browser });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${appOrigins.browser}/`);
  ports = browserHostPorts(context, page, true);
});
afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Stands in for the renderer's save sheet: answers with what the user "typed". */
async function saveSheetAnswers(answer: string | null | undefined) {
  await page.evaluate(
    ([name, value]) => {
      (window as unknown as Record<string, unknown>)[name] = async (request: { suggestedName: string }) => (value === undefined ? undefined : value === null ? null : `${value}/${request.suggestedName}`);
    },
    [hostSaveDialogFunction, answer] as const,
  );
}

describe('browser host ports', () => {
  it('asks the in-app save sheet for a path and accepts only an absolute one', async () => {
    const request = { title: 'Save your Latchkey Recovery Kit', suggestedName: 'Latchkey Recovery Kit - alice@example.com.pdf' };
    await saveSheetAnswers('/home/alice/Documents');
    expect(await ports.saveDialog.chooseSavePath(request)).toBe('/home/alice/Documents/Latchkey Recovery Kit - alice@example.com.pdf');
    await saveSheetAnswers(null);
    expect(await ports.saveDialog.chooseSavePath(request)).toBeNull();
    await saveSheetAnswers('relative/folder');
    expect(await ports.saveDialog.chooseSavePath(request)).toBeNull();
  });

  it('previews the kit page as an A4-sized PNG and closes the page it used', async () => {
    const kit = renderKitHtml(recoveryKitContent({ email: 'alice@example.com', signInAddress: 'https://sync.example', recoveryCode: 'R1-ABCDE-FGHJK', checks: ['email'], createdAt: new Date() }));
    const png = Buffer.from(await ports.printer.preview(kit));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([794, 1123]);
    expect(context.pages()).toEqual([page]);
  });

  it('reports, without throwing, that a headless window cannot print', async () => {
    expect(await ports.printer.print('<!doctype html><h1>Kit</h1>')).toEqual({ status: 'failed', reason: expect.stringContaining('cannot show a print dialog') });
  });

  it('prints exactly the kit page, in a tab of its own that is closed afterwards', async () => {
    const content = recoveryKitContent({ email: 'alice@example.com', signInAddress: 'https://sync.example', recoveryCode: 'R1-ABCDE-FGHJK', checks: ['email'], createdAt: new Date() });
    const kit = renderKitHtml(content);
    // Stands in for the print dialog of every tab opened from now on: it notes the page it was given.
    const printed: { title: string; text: string }[] = [];
    await context.exposeBinding('printDialogSaw', (_source, title: string, text: string) => void printed.push({ title, text }));
    await context.addInitScript(() => {
      const dialog = (window as unknown as { printDialogSaw: (title: string, text: string) => void }).printDialogSaw;
      window.print = () => dialog(document.title, document.body.innerText);
    });
    expect(await browserHostPorts(context, page, false).printer.print(kit)).toEqual({ status: 'dialog-closed' });
    await expect.poll(() => printed.length).toBe(1);
    expect(printed[0]?.title).toBe(content.title);
    expect(printed[0]?.text).toContain('R1-ABCDE-FGHJK');
    expect(printed[0]?.text).toContain('alice@example.com');
    expect(context.pages()).toEqual([page]);
  });

  it('reports a print that fails half-way (the kit tab dies) as not printed, without throwing', async () => {
    const crash = (tab: Page) => void tab.close();
    context.on('page', crash);
    try {
      expect(await browserHostPorts(context, page, false).printer.print('<!doctype html><h1>Kit</h1>')).toEqual({ status: 'failed', reason: 'The print dialog could not be shown.' });
    } finally {
      context.off('page', crash);
    }
    expect(context.pages()).toEqual([page]);
  });

  it('writes, reads back and clears the real clipboard', async () => {
    await ports.clipboard.writeSecret('R1-ABCDE-FGHJK');
    expect(await ports.clipboard.readText()).toBe('R1-ABCDE-FGHJK');
    await ports.clipboard.clear();
    expect(await ports.clipboard.readText()).toBe('');
  });
});
