/**
 * Dialogs the browser host cannot get from Chromium and asks the renderer to draw instead.
 * (The Electron host uses the operating system's own dialogs and never asks.)
 */
import { z } from 'zod';

export const saveDialogRequest = z.object({ title: z.string().max(200), suggestedName: z.string().min(1).max(255) }).strict();
export type SaveDialogRequest = z.infer<typeof saveDialogRequest>;

/** Draws a save dialog; resolves with the absolute path the user chose, or null if they cancelled. */
export type SaveDialogHandler = (request: SaveDialogRequest) => Promise<string | null>;

export interface HostDialogs {
  /** Registers the renderer's save sheet; returns a function that unregisters it. */
  handleSaveDialog(handler: SaveDialogHandler): () => void;
}
