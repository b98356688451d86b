/**
 * Dialogs the browser host cannot get from Chromium and asks the renderer to draw instead.
 * (The Electron host uses the operating system's own dialogs and never asks.)
 */
import { z } from 'zod';

/** What the main core asks any host's save dialog: a title and a file name to suggest. */
export interface SaveDialogRequest {
  title: string;
  suggestedName: string;
}

/** What the browser host asks the renderer's save sheet: the same, with a full path to start from. */
export const saveSheetRequest = z.object({ title: z.string().max(200), suggestedName: z.string().min(1).max(255), defaultPath: z.string().min(1).max(4096) }).strict();
export type SaveSheetRequest = z.infer<typeof saveSheetRequest>;

/** Draws the save sheet; resolves with the absolute path the user chose, or null if they cancelled. */
export type SaveDialogHandler = (request: SaveSheetRequest) => Promise<string | null>;

export interface HostDialogs {
  /** Registers the renderer's save sheet; returns a function that unregisters it. */
  handleSaveDialog(handler: SaveDialogHandler): () => void;
}
