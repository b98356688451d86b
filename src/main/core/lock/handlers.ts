/** The IPC handlers of the idle lock: activity reports and its setting. */
import { IpcError } from '../../../shared/ipc/result';
import type { Handlers } from '../ipc/router';
import { SettingsError, type SettingsStore } from '../settings/settings';
import type { AutoLock } from './auto-lock';

type LockHandlers = Pick<Handlers, 'lock.activity' | 'lock.settings' | 'lock.saveSettings'>;

export function lockHandlers({ autoLock, settings }: { autoLock: AutoLock; settings: SettingsStore }): LockHandlers {
  return {
    'lock.activity': async () => (autoLock.activity(), {}),
    'lock.settings': async () => ({ idleLockMinutes: settings.idleLockMinutes }),
    'lock.saveSettings': async ({ idleLockMinutes }) => {
      try {
        settings.setIdleLockMinutes(idleLockMinutes);
      } catch (error) {
        if (error instanceof SettingsError) throw new IpcError(error.reason === 'invalid' ? 'invalid-input' : 'write-failed', error.message);
        throw error;
      }
      return { idleLockMinutes: settings.idleLockMinutes };
    },
  };
}
