/**
 * The Electron host's save and open dialogs, printer and clipboard, with Electron's own APIs.
 * Printing uses a hidden, sandboxed window loaded from memory (a data: URL, never a temp
 * file); the window is closed only after webContents.print has called back.
 */
import type { BrowserWindow as BrowserWindowType, Clipboard, Dialog } from 'electron';
import type { HostPorts, PrintOutcome } from '../core/platform/ports';

interface ElectronParts {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  clipboard: Pick<Clipboard, 'writeText' | 'readText' | 'clear'>;
  /** Creates the hidden window a kit is laid out in. */
  createKitWindow: () => Pick<BrowserWindowType, 'loadURL' | 'webContents' | 'destroy'>;
  appWindow: () => BrowserWindowType | undefined;
  defaultFolder: string;
}

export function electronPorts({ dialog, clipboard, createKitWindow, appWindow, defaultFolder }: ElectronParts): HostPorts {
  async function withKitWindow<T>(html: string, use: (window: ReturnType<typeof createKitWindow>) => Promise<T>): Promise<T> {
    const window = createKitWindow();
    try {
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
      return await use(window);
    } finally {
      window.destroy();
    }
  }

  return {
    saveDialog: {
      async chooseSavePath({ title, suggestedName, fileKind = { name: 'PDF document', extensions: ['pdf'] } }) {
        const options = { title, defaultPath: `${defaultFolder}/${suggestedName}`, filters: [fileKind], properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
        const parent = appWindow();
        const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
    },
    openDialog: {
      async chooseOpenPath({ title, fileKinds }) {
        const options = { title, defaultPath: defaultFolder, filters: [...fileKinds, { name: 'All files', extensions: ['*'] }], properties: ['openFile' as const] };
        const parent = appWindow();
        const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
    printer: {
      preview: (html) => withKitWindow(html, async (window) => (await window.webContents.capturePage()).toPNG()),
      print: (html) =>
        withKitWindow(
          html,
          (window) =>
            new Promise<PrintOutcome>((resolve) => {
              try {
                window.webContents.print({ silent: false, printBackground: true }, (success, failureReason) => {
                  if (success) resolve({ status: 'printed' });
                  else if (/cancel/i.test(failureReason)) resolve({ status: 'cancelled' });
                  else resolve({ status: 'failed', reason: failureReason || 'The printer reported an error.' });
                });
              } catch {
                resolve({ status: 'failed', reason: 'The print dialog could not be shown.' });
              }
            }),
        ),
    },
    clipboard: {
      // Electron writes one format at a time, so it cannot add the platforms' "concealed"
      // markers beside the text; the 90-second clearing still applies.
      writeSecret: async (text) => clipboard.writeText(text),
      readText: async () => clipboard.readText(),
      clear: async () => clipboard.clear(),
    },
  };
}
