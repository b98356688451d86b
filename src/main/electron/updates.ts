/**
 * Automatic updates with electron-updater: checked at start and once a day while the setting is
 * on (and whenever the user picks Check for Updates…), downloaded in the background, installed
 * only when the user says "Restart to update" (never behind an unlocked session's back; a quit
 * installs it too). The feed must be HTTPS: any other address turns updates off. That an update
 * is signed is checked by the platform's updater (electron-builder.yml: signed builds, Windows
 * verifies the publisher). Imports from 'electron' and 'electron-updater' here are types only.
 */
import type { Dialog } from 'electron';
import type { AppUpdater } from 'electron-updater';

export const UPDATE_CHECK_MS = 24 * 60 * 60 * 1000;

export interface UpdateParts {
  updater: Pick<AppUpdater, 'on' | 'checkForUpdates' | 'quitAndInstall' | 'setFeedURL' | 'autoDownload' | 'autoInstallOnAppQuit'>;
  /** The feed the build was published to (LATCHKEY_UPDATE_URL at build time), or none. */
  feedUrl: string | undefined;
  dialog: Pick<Dialog, 'showMessageBox'>;
  /** Whether an account is unlocked now: the restart offer then says the accounts will lock. */
  anyUnlocked: () => boolean;
  report: (message: string) => void;
}

export interface Updates {
  /** Turns the start-up and daily checks on or off (the setting); on checks at once. */
  setAutomatic(on: boolean): void;
  /** Check for Updates…: checks now and says what it found. */
  checkNow(): Promise<void>;
}

/** The feed's address if it is HTTPS, else null. */
export function httpsFeed(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export function keepUpdated({ updater, feedUrl, dialog, anyUnlocked, report }: UpdateParts): Updates {
  const feed = httpsFeed(feedUrl);
  let timer: ReturnType<typeof setInterval> | undefined;
  if (feed) {
    updater.setFeedURL({ provider: 'generic', url: feed });
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.on('error', (error) => report(`update failed: ${error.message}`));
    updater.on('update-downloaded', (info) => void offerRestart(info.version));
  } else report(feedUrl ? `updates are off: the feed ${feedUrl} is not HTTPS` : 'updates are off: this build names no update feed');

  async function offerRestart(version: string): Promise<void> {
    const { response } = await dialog.showMessageBox({
      type: 'info',
      buttons: ['Restart to update', 'Later'],
      defaultId: 0,
      cancelId: 1,
      message: `Latchkey ${version} is ready to install.`,
      detail: anyUnlocked() ? 'Restarting locks your unlocked accounts; unlock them again after the update. Choose Later to keep working: the update is installed when you quit.' : 'The update is installed when Latchkey restarts, or when you quit.',
    });
    if (response === 0) updater.quitAndInstall();
  }

  const check = () => (feed ? updater.checkForUpdates() : Promise.resolve(null));

  return {
    setAutomatic(on) {
      clearInterval(timer);
      timer = undefined;
      if (!on || !feed) return;
      void check().catch(() => undefined);
      timer = setInterval(() => void check().catch(() => undefined), UPDATE_CHECK_MS);
      timer.unref?.();
    },
    async checkNow() {
      if (!feed) {
        await dialog.showMessageBox({ type: 'info', message: 'Updates are not set up in this build.', detail: 'Its update feed is missing or is not an HTTPS address.' });
        return;
      }
      try {
        const result = await check();
        // A found update downloads in the background; 'update-downloaded' offers the restart.
        if (!result?.isUpdateAvailable) await dialog.showMessageBox({ type: 'info', message: 'Latchkey is up to date.' });
        else await dialog.showMessageBox({ type: 'info', message: `Latchkey ${result.updateInfo.version} is available.`, detail: 'It downloads in the background; Latchkey offers to restart when it is ready.' });
      } catch (error) {
        await dialog.showMessageBox({ type: 'warning', message: 'Latchkey could not check for updates.', detail: `${error instanceof Error ? error.message : String(error)}\n\nCheck your connection and try again later.` });
      }
    },
  };
}
