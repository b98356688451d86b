/** The IPC handlers of the recovery code setup wizard. */
import type { Handlers } from '../ipc/router';
import type { RecoveryDependencies } from './dependencies';

export function recoverySetupHandlers(_dependencies: RecoveryDependencies): Pick<Handlers, never> {
  return {};
}
