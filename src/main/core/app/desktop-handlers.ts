/**
 * The IPC handlers of the desktop shell: its settings, which the host applies (the Electron host
 * registers the Quick Access shortcut and schedules update checks; the browser host has neither,
 * so there they are only kept), and Quick Access's search across every unlocked account.
 */
import { QUICK_ACCESS_RESULTS, type DesktopSettings } from '../../../shared/ipc/channels/desktop';
import { IpcError } from '../../../shared/ipc/result';
import type { Accounts } from '../account/accounts';
import type { Handlers } from '../ipc/router';
import { SettingsError, type SettingsStore } from '../settings/settings';
import type { VaultService } from '../vault/vault-service';

type DesktopHandlers = Pick<Handlers, 'desktop.settings' | 'desktop.saveSettings' | 'quick.search'>;

/** Applies the settings in the host: false if it cannot (the shortcut is taken), and then nothing changed there. */
export type ApplyDesktopSettings = (settings: DesktopSettings) => boolean;

interface DesktopDependencies {
  settings: SettingsStore;
  accounts: Accounts;
  vaults: VaultService;
  apply: ApplyDesktopSettings;
}

export function desktopHandlers({ settings, accounts, vaults, apply }: DesktopDependencies): DesktopHandlers {
  return {
    'desktop.settings': async () => settings.desktop,
    'desktop.saveSettings': async (next) => {
      const before = settings.desktop;
      if (!apply(next)) throw new IpcError('unavailable', `Latchkey cannot use ${next.quickAccessShortcut}: another app may hold it. Choose another shortcut.`);
      try {
        settings.setDesktop(next);
      } catch (error) {
        apply(before);
        if (error instanceof SettingsError) throw new IpcError(error.reason === 'invalid' ? 'bad-request' : 'write-failed', error.message);
        throw error;
      }
      return settings.desktop;
    },
    'quick.search': async ({ query }) => {
      if (query.trim() === '') return { items: [] };
      const open = accounts.list().filter((account) => account.unlocked && !account.needsSecondFactor);
      const found = await Promise.all(open.map(async ({ accountId }) => (await vaults.searchEveryVault(accountId, query, QUICK_ACCESS_RESULTS).catch(() => [])).map(({ vaultId, itemId, title, subtitle }) => ({ accountId, vaultId, itemId, title, subtitle }))));
      return { items: found.flat().slice(0, QUICK_ACCESS_RESULTS) };
    },
  };
}
