/**
 * Save, preview and print a kit, the same way in both hosts. Saving writes only to the
 * path the user picked, atomically and owner-only; printing writes no file at all.
 */
import { writeChosenFile } from '../platform/atomic-file';
import type { PrintOutcome, PrintPort, SaveDialogPort } from '../platform/ports';
import type { KitContent } from './kit-content';
import { suggestedKitFileName } from './kit-content';
import { renderKitHtml } from './kit-html';

export type SaveOutcome = { status: 'saved'; path: string } | { status: 'cancelled' };

export function createKitService({ saveDialog, printer }: { saveDialog: SaveDialogPort; printer: PrintPort }) {
  return {
    async save(content: KitContent, email: string): Promise<SaveOutcome> {
      const path = await saveDialog.chooseSavePath({ title: `Save your ${content.title}`, suggestedName: suggestedKitFileName(content, email) });
      if (path === null) return { status: 'cancelled' };
      // pdf-lib and its fonts load with the first kit saved, not with every start (a command-line process is one command).
      const { renderKitPdf } = await import('./kit-pdf');
      await writeChosenFile(path, await renderKitPdf(content));
      return { status: 'saved', path };
    },

    /** A PNG data URL of the page exactly as it will print. */
    async preview(content: KitContent): Promise<string> {
      const png = await printer.preview(renderKitHtml(content));
      return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    },

    print(content: KitContent): Promise<PrintOutcome> {
      return printer.print(renderKitHtml(content));
    },
  };
}

export type KitService = ReturnType<typeof createKitService>;
