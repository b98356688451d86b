/**
 * The Quick Access window and its global shortcut. The window is small, frameless and on top
 * (window-policy.ts), shows the renderer's `?view=quick-access` page, and goes away when it
 * loses focus or the page closes it (Escape). The shortcut is the one in the settings; a new
 * one replaces the old only once the desktop has accepted it. Imports from 'electron' here are
 * types only.
 */
import type { BrowserWindow, GlobalShortcut } from 'electron';

export interface QuickAccessParts {
  /** A new, hardened, hidden Quick Access window. */
  create: () => BrowserWindow;
  url: string;
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregister'>;
}

export interface QuickAccess {
  open(): void;
  current(): BrowserWindow | undefined;
  /** Makes `accelerator` open Quick Access in place of the one before; false (the one before kept) if the desktop refuses it. */
  useShortcut(accelerator: string): boolean;
}

export function quickAccess({ create, url, globalShortcut }: QuickAccessParts): QuickAccess {
  let window: BrowserWindow | undefined;
  let shortcut: string | undefined;
  const current = () => (window && !window.isDestroyed() ? window : undefined);

  function open(): void {
    const existing = current();
    if (existing) {
      existing.show();
      existing.focus();
      return;
    }
    const made = create();
    made.on('blur', () => made.close());
    made.once('ready-to-show', () => made.show());
    void made.loadURL(url);
    window = made;
  }

  return {
    open,
    current,
    useShortcut(accelerator) {
      if (accelerator === shortcut) return true;
      let accepted: boolean;
      try {
        accepted = globalShortcut.register(accelerator, open);
      } catch {
        accepted = false;
      }
      if (!accepted) return false;
      if (shortcut) globalShortcut.unregister(shortcut);
      shortcut = accelerator;
      return true;
    },
  };
}
