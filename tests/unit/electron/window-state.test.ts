/** The app window's remembered bounds: written atomically, read back, and anything damaged or absurd ignored. */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWindowState, WINDOW_STATE_FILE, writeWindowState } from '../../../src/main/electron/window-state';

let dataDir: string;
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'latchkey-window-state-'))));
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('window state', () => {
  it('is read back as written, owner-only, with no partial file left', () => {
    writeWindowState(dataDir, { x: -1200, y: 40, width: 1000, height: 700, maximized: true });
    expect(readWindowState(dataDir)).toEqual({ x: -1200, y: 40, width: 1000, height: 700, maximized: true });
    expect(readdirSync(dataDir)).toEqual([WINDOW_STATE_FILE]);
    if (process.platform !== 'win32') expect(statSync(join(dataDir, WINDOW_STATE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses to write a state off the schema, and leaves the one there', () => {
    writeWindowState(dataDir, { x: 0, y: 0, width: 800, height: 600, maximized: false });
    for (const bad of [{ x: 0, y: 0, width: 10, height: 600, maximized: false }, { x: 0.5, y: 0, width: 800, height: 600, maximized: false }, { x: 0, y: 0, width: 800, height: 600, maximized: false, extra: 1 }]) {
      expect(() => writeWindowState(dataDir, bad as never)).toThrow();
    }
    expect(readWindowState(dataDir)).toEqual({ x: 0, y: 0, width: 800, height: 600, maximized: false });
  });

  it.each([['missing', null], ['not JSON', '{'], ['too small', '{"x":0,"y":0,"width":1,"height":1,"maximized":false}'], ['an extra field', '{"x":0,"y":0,"width":800,"height":600,"maximized":false,"script":"x"}'], ['far off screen', '{"x":9e9,"y":0,"width":800,"height":600,"maximized":false}']])('ignores a file that is %s', (_what, text) => {
    if (text !== null) writeFileSync(join(dataDir, WINDOW_STATE_FILE), text);
    expect(readWindowState(dataDir)).toBeNull();
  });
});
