/**
 * The app's life around its window: a second launch focuses the open window (main.ts holds the
 * single-instance lock), macOS's `activate` re-creates it, closing the last window keeps the
 * app running in the tray, and every way of quitting (Cmd+Q, the menu, the tray) closes the
 * core first, so accounts lock and a copied secret leaves the clipboard, then quits. Imports
 * from 'electron' here are types only.
 */
import type { App } from 'electron';

export interface LifecycleParts {
  app: Pick<App, 'on' | 'quit'>;
  openWindow: () => void;
  /** Closes the core (and whatever else must end before the process does). */
  close: () => Promise<void>;
}

export function wireLifecycle({ app, openWindow, close }: LifecycleParts): void {
  app.on('second-instance', () => openWindow());
  app.on('activate', () => openWindow());
  // A listener here is what stops Electron from quitting when the last window closes.
  app.on('window-all-closed', () => undefined);
  let closing: Promise<void> | undefined;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
