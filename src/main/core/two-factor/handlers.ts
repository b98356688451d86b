/** The IPC handlers of two-step verification: the authenticator app and security keys. */
import type { Handlers } from '../ipc/router';
import type { TwoFactorService } from './two-factor';

type TwoFactorHandlers = Pick<Handlers, `twoFactor.${string}` & keyof Handlers>;
type SecurityKeyHandlers = Pick<Handlers, `securityKeys.${string}` & keyof Handlers>;

export function twoFactorHandlers(twoFactor: TwoFactorService): TwoFactorHandlers {
  return {
    'twoFactor.status': async ({ accountId }) => twoFactor.status(accountId),
    'twoFactor.begin': async ({ accountId, password }) => twoFactor.begin(accountId, password),
    'twoFactor.activate': async ({ accountId, code }) => twoFactor.activate(accountId, code),
    'twoFactor.verify': async ({ accountId, code }) => twoFactor.verify(accountId, code),
    'twoFactor.disable': async ({ accountId, password, code }) => twoFactor.disable(accountId, password, code),
  };
}

export function securityKeyHandlers(twoFactor: TwoFactorService): SecurityKeyHandlers {
  return {
    'securityKeys.list': async ({ accountId }) => twoFactor.listKeys(accountId),
    'securityKeys.beginRegistration': async ({ accountId, password }) => twoFactor.beginKeyRegistration(accountId, password),
    'securityKeys.finishRegistration': async ({ accountId, name, response }) => twoFactor.finishKeyRegistration(accountId, name, response),
    'securityKeys.beginCheck': async ({ accountId }) => twoFactor.beginKeyCheck(accountId),
    'securityKeys.finishCheck': async ({ accountId, response }) => twoFactor.finishKeyCheck(accountId, response),
    'securityKeys.remove': async ({ accountId, password, keyId }) => twoFactor.removeKey(accountId, password, keyId),
  };
}
