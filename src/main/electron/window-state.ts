/**
 * The app window's place on screen, remembered between runs: `window-state.json` in the data
 * folder, checked with one zod schema on the way in and out and written atomically (owner
 * only) with the repo's writer. A missing, damaged or absurd file is ignored (the window opens
 * at its default size); it never stops the app.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomicallySync } from '../core/platform/atomic-file';

export const WINDOW_STATE_FILE = 'window-state.json';

const coordinate = z.int().min(-100_000).max(100_000);
export const windowStateSchema = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: z.int().min(400).max(20_000),
  height: z.int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/** The remembered state, or null if there is none worth using. */
export function readWindowState(dataDir: string): WindowState | null {
  return readJsonFile(join(dataDir, WINDOW_STATE_FILE), windowStateSchema);
}

/** Saves the state; refuses (throws, writes nothing) one that does not match the schema. */
export function writeWindowState(dataDir: string, state: WindowState): void {
  const checked = windowStateSchema.parse(state);
  writeFileAtomicallySync(join(dataDir, WINDOW_STATE_FILE), Buffer.from(`${JSON.stringify(checked)}\n`));
}
