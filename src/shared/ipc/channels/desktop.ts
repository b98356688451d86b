/**
 * Channels of the desktop shell: its settings (the Quick Access shortcut, automatic updates)
 * and Quick Access's search across every unlocked account. Quick Access answers summaries only;
 * a secret leaves the main process only onto the clipboard ('vault.copy').
 */
import { z } from 'zod';
import { id16 } from '../../server-api/vault';
import { emptyRequest } from './common';

export const DEFAULT_QUICK_ACCESS_SHORTCUT = 'CommandOrControl+Shift+Space';

const modifier = '(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|Shift|Super|Meta)';
const key = '(?:[A-Z0-9]|F(?:[1-9]|1[0-9]|2[0-4])|Space|Insert|Home|End|PageUp|PageDown)';
const shortcutMessage = 'Enter a shortcut such as CommandOrControl+Shift+Space: one or more of CommandOrControl, Alt, Shift, Super, then a letter, digit, F-key or Space, joined by +.';
/** An Electron accelerator with at least one modifier (a bare key would steal that key from every other app). */
export const quickAccessShortcut = z.string().trim().max(100, shortcutMessage).regex(new RegExp(`^(?:${modifier}\\+){1,4}${key}$`), shortcutMessage);

export const desktopSettings = z.object({ quickAccessShortcut, autoUpdate: z.boolean() }).strict();
export type DesktopSettings = z.infer<typeof desktopSettings>;

/** How many Quick Access results one search answers. */
export const QUICK_ACCESS_RESULTS = 50;
export const quickAccessItem = z.object({ accountId: z.string().uuid(), vaultId: id16, itemId: id16, title: z.string(), subtitle: z.string() }).strict();
export type QuickAccessItem = z.infer<typeof quickAccessItem>;

export const desktopChannels = {
  'desktop.settings': { request: emptyRequest, response: desktopSettings },
  /** Saves both settings; refused ('unavailable', nothing saved) when the desktop cannot take the shortcut (another app holds it). */
  'desktop.saveSettings': { request: desktopSettings, response: desktopSettings },
  /** Every unlocked account's items matching the query (none for an empty query), best first, from the vaults' search indexes. */
  'quick.search': { request: z.object({ query: z.string().max(200) }).strict(), response: z.object({ items: z.array(quickAccessItem).max(QUICK_ACCESS_RESULTS) }).strict() },
} as const;
