/**
 * A start-up failure of the Electron host: main.ts runs against the electron stand-in with a
 * core that cannot start, and must show the error box that says what happened and what to do,
 * then exit with an error (not hang with no window).
 */
import { describe, expect, it, vi } from 'vitest';
import { standIn } from './electron-stand-in';

vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);
vi.mock('electron-updater', async () => ({ default: { autoUpdater: (await import('./electron-stand-in')).standIn.updater } }));
vi.mock('../../../src/main/core/app/start', () => ({
  backgroundSyncMs: () => 1_000,
  startMainCore: () => Promise.reject(new Error('Latchkey could not read its settings at /home/a/.config/Latchkey/settings.json (EACCES).')),
}));

describe('the Electron host when it cannot start', () => {
  it('shows an error box with the reason and what to do, then exits with an error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('../../../src/main/electron/main');
    await vi.waitFor(() => expect(standIn.app.exit).toHaveBeenCalledWith(1));
    expect(standIn.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, text] = standIn.dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
    expect(title).toBe('Latchkey could not start');
    expect(text).toContain('settings.json (EACCES)');
    expect(text).toContain('What to do:');
  });
});
