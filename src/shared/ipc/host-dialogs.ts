/**
 * Dialogs the browser host cannot get from Chromium and asks the renderer to draw instead.
 * (The Electron host uses the operating system's own dialogs and never asks.)
 */
import { z } from 'zod';

/** The kind of file a dialog offers (its name and extensions, without dots). */
export interface FileKind {
  name: string;
  extensions: string[];
}

/** What the main core asks any host's save dialog: a title, a file name to suggest, and the kind of file (a PDF unless said). */
export interface SaveDialogRequest {
  title: string;
  suggestedName: string;
  fileKind?: FileKind;
}

/** What the main core asks any host's open dialog: a title, and the kinds of file to offer first. */
export interface OpenDialogRequest {
  title: string;
  fileKinds: FileKind[];
}

/**
 * What the browser host asks the renderer's file sheet: to save (a full path to start from) or
 * to open an existing file (`kind: 'open'`, the folder to start from).
 */
export const saveSheetRequest = z
  .object({ kind: z.enum(['save', 'open']).default('save'), title: z.string().max(200), suggestedName: z.string().max(255), defaultPath: z.string().min(1).max(4096) })
  .strict();
export type SaveSheetRequest = z.output<typeof saveSheetRequest>;

/** Draws the save sheet; resolves with the absolute path the user chose, or null if they cancelled. */
export type SaveDialogHandler = (request: SaveSheetRequest) => Promise<string | null>;

export interface HostDialogs {
  /** Registers the renderer's save sheet; returns a function that unregisters it. */
  handleSaveDialog(handler: SaveDialogHandler): () => void;
}
