/** The IPC handlers of the recovery code setup wizard. */
import type { Handlers } from '../ipc/router';
import type { RecoveryDependencies } from './dependencies';
import type { RecoveryCodeSetup } from './setup';

type SetupHandlers = Pick<Handlers, 'recoveryCode.status' | 'recoveryCode.begin' | 'recoveryCode.copy' | 'recoveryCode.confirm' | 'recoveryCode.cancel'>;

export function recoverySetupHandlers({ recoverySetup, clipboard }: RecoveryDependencies & { recoverySetup: RecoveryCodeSetup }): SetupHandlers {
  return {
    'recoveryCode.status': async ({ accountId }) => recoverySetup.status(accountId),
    'recoveryCode.begin': async ({ accountId, ...proof }) => ({ code: await recoverySetup.begin(accountId, proof) }),
    'recoveryCode.copy': async ({ accountId }) => ({ clearsAt: (await clipboard.copy(recoverySetup.code(accountId))).clearsAt.toISOString() }),
    'recoveryCode.confirm': async ({ accountId, code }) => recoverySetup.confirm(accountId, code),
    'recoveryCode.cancel': async ({ accountId }) => (recoverySetup.cancel(accountId), {}),
  };
}
