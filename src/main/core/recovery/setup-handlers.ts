/** The IPC handlers of the recovery code setup wizard. */
import type { CheckUp } from '../check-up/check-up';
import type { Handlers } from '../ipc/router';
import type { RecoveryDependencies } from './dependencies';
import type { RecoveryCodeSetup } from './setup';

type SetupHandlers = Pick<Handlers, 'recoveryCode.status' | 'recoveryCode.begin' | 'recoveryCode.copy' | 'recoveryCode.confirm' | 'recoveryCode.cancel'>;

export function recoverySetupHandlers({ recoverySetup, clipboard, checkUp }: RecoveryDependencies & { recoverySetup: RecoveryCodeSetup; checkUp: Pick<CheckUp, 'afterSetUp'> }): SetupHandlers {
  return {
    'recoveryCode.status': async ({ accountId }) => recoverySetup.status(accountId),
    'recoveryCode.begin': async ({ accountId, ...proof }) => ({ code: await recoverySetup.begin(accountId, proof) }),
    'recoveryCode.copy': async ({ accountId }) => ({ clearsAt: (await clipboard.copy(recoverySetup.code(accountId), accountId)).clearsAt.toISOString() }),
    'recoveryCode.confirm': async ({ accountId, code }) => {
      const status = await recoverySetup.confirm(accountId, code);
      // The new code's first reminder; best effort, so the activated code is reported either way.
      await checkUp.afterSetUp(accountId);
      return status;
    },
    'recoveryCode.cancel': async ({ accountId }) => (recoverySetup.cancel(accountId), {}),
  };
}
