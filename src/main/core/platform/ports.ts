/**
 * What the main core needs from the desktop around it: a save dialog, an open dialog, a
 * printer and the clipboard. Each host implements these once: src/main/electron with Electron's own APIs,
 * src/main/browser through Chromium (and, for the save dialog, an in-app sheet).
 */

import type { OpenDialogRequest, SaveDialogRequest } from '../../../shared/ipc/host-dialogs';

export interface SaveDialogPort {
  /** The absolute path the user picked, or null if they cancelled. */
  chooseSavePath(request: SaveDialogRequest): Promise<string | null>;
}

export interface OpenDialogPort {
  /** The absolute path of the existing file the user picked, or null if they cancelled. */
  chooseOpenPath(request: OpenDialogRequest): Promise<string | null>;
}

export type PrintOutcome =
  | { status: 'printed' }
  | { status: 'cancelled' }
  /** The dialog closed and the platform does not say whether anything printed. */
  | { status: 'dialog-closed' }
  | { status: 'failed'; reason: string };

export interface PrintPort {
  /** A PNG picture of `html` laid out as the printed page: what the preview shows. */
  preview(html: string): Promise<Uint8Array>;
  /** Shows the platform's print dialog for `html`. Writes no file. Never throws. */
  print(html: string): Promise<PrintOutcome>;
}

export interface ClipboardPort {
  /**
   * Writes a secret as plain text. No host marks it sensitive: Electron's clipboard API writes
   * one format at a time, so it cannot add the platforms' "concealed" markers (macOS
   * org.nspasteboard.ConcealedType, Windows ExcludeClipboardContentFromMonitorProcessing, KDE
   * x-kde-passwordManagerHint) beside the text, and the web platform has none. What protects
   * it is the core's clearing (secret-clipboard.ts): after 90 seconds and on lock, if it is
   * still there.
   */
  writeSecret(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): Promise<void>;
}

export interface HostPorts {
  saveDialog: SaveDialogPort;
  openDialog: OpenDialogPort;
  printer: PrintPort;
  clipboard: ClipboardPort;
}
