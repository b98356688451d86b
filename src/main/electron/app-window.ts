/**
 * The app window's life: made when first needed (at start, from the tray, on a second launch,
 * on macOS's `activate`), shown and focused when it already exists, its bounds remembered in
 * the data folder (window-state.ts), and reloaded with a notice if its renderer dies. Closing
 * it destroys it; the app stays in the tray (main.ts keeps it running). Imports from
 * 'electron' here are types only.
 */
import type { BrowserWindow, Dialog } from 'electron';
import { readWindowState, writeWindowState } from './window-state';

export interface AppWindowParts {
  /** A new, hardened, hidden window (createWindow + lockDownContents). */
  create: () => BrowserWindow;
  url: string;
  dataDir: string;
  dialog: Pick<Dialog, 'showMessageBox'>;
  /** Where a bounds file that cannot be written is reported (never fatal). */
  report: (message: string) => void;
}

export interface AppWindowKeeper {
  /** The window, made if there is none, then shown and focused. */
  open(): BrowserWindow;
  /** The window if it exists now. */
  current(): BrowserWindow | undefined;
}

export function keepAppWindow({ create, url, dataDir, dialog, report }: AppWindowParts): AppWindowKeeper {
  let window: BrowserWindow | undefined;
  const current = () => (window && !window.isDestroyed() ? window : undefined);

  function make(): BrowserWindow {
    const made = create();
    const state = readWindowState(dataDir);
    if (state) {
      made.setBounds({ x: state.x, y: state.y, width: state.width, height: state.height });
      if (state.maximized) made.maximize();
    }
    made.on('close', () => {
      try {
        const { x, y, width, height } = made.getNormalBounds();
        writeWindowState(dataDir, { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height), maximized: made.isMaximized() });
      } catch (error) {
        report(`could not remember the window's place: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    made.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      made.webContents.reload();
      void dialog.showMessageBox(made, {
        type: 'warning',
        message: "Latchkey's window stopped unexpectedly and was reloaded.",
        detail: 'Your accounts stay as they were. Anything typed into a form that was not saved must be typed again.',
      });
    });
    made.once('ready-to-show', () => made.show());
    void made.loadURL(url);
    return made;
  }

  return {
    open() {
      const existing = current();
      if (!existing) return (window = make());
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    },
    current,
  };
}
