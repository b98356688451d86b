/** The IPC handlers for using a recovery code when locked out. */
import type { Handlers } from '../ipc/router';
import type { RecoveryDependencies } from './dependencies';

export function recoveryUseHandlers(_dependencies: RecoveryDependencies): Pick<Handlers, never> {
  return {};
}
