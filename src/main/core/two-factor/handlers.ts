/** The IPC handlers of two-step verification. */
import type { Handlers } from '../ipc/router';
import type { TwoFactorService } from './two-factor';

type TwoFactorHandlers = Pick<Handlers, 'twoFactor.status' | 'twoFactor.begin' | 'twoFactor.activate' | 'twoFactor.verify' | 'twoFactor.disable'>;

export function twoFactorHandlers(twoFactor: TwoFactorService): TwoFactorHandlers {
  return {
    'twoFactor.status': async ({ accountId }) => twoFactor.status(accountId),
    'twoFactor.begin': async ({ accountId, password }) => twoFactor.begin(accountId, password),
    'twoFactor.activate': async ({ accountId, code }) => twoFactor.activate(accountId, code),
    'twoFactor.verify': async ({ accountId, code }) => twoFactor.verify(accountId, code),
    'twoFactor.disable': async ({ accountId, password, code }) => twoFactor.disable(accountId, password, code),
  };
}
