/** The updater's rules that do not depend on main.ts: an update feed that is not HTTPS turns updates off, and the daily check follows the setting. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpsFeed, keepUpdated, UPDATE_CHECK_MS } from '../../../src/main/electron/updates';

function parts(feedUrl: string | undefined) {
  const updater = Object.assign(new EventEmitter(), { autoDownload: false, autoInstallOnAppQuit: false, setFeedURL: vi.fn(), checkForUpdates: vi.fn(() => Promise.resolve(null)), quitAndInstall: vi.fn() });
  const dialog = { showMessageBox: vi.fn(() => Promise.resolve({ response: 0, checkboxChecked: false })) };
  const reported: string[] = [];
  return { updater, dialog, reported, updates: keepUpdated({ updater: updater as never, feedUrl, dialog: dialog as never, anyUnlocked: () => false, report: (message) => reported.push(message) }) };
}

afterEach(() => vi.useRealTimers());

describe('automatic updates', () => {
  it.each(['http://updates.example/', 'file:///tmp/feed', 'ftp://updates.example/', 'not a url', ''])('refuse the feed %j: no feed set, nothing checked, Check for Updates says so', async (feedUrl) => {
    const { updater, dialog, updates, reported } = parts(feedUrl);
    expect(httpsFeed(feedUrl)).toBeNull();
    updates.setAutomatic(true);
    await updates.checkNow();
    expect(updater.setFeedURL).not.toHaveBeenCalled();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: 'Updates are not set up in this build.' }));
    expect(reported[0]).toMatch(/^updates are off/);
  });

  it('check at once and then daily while on, and stop when the setting is turned off', () => {
    vi.useFakeTimers();
    const { updater, updates } = parts('https://updates.example/latchkey');
    updates.setAutomatic(true);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(UPDATE_CHECK_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    updates.setAutomatic(false);
    vi.advanceTimersByTime(3 * UPDATE_CHECK_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });
});
