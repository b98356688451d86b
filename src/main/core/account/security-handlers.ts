/** The IPC handlers of an account's Sign-In & Recovery settings: password, Secret Key, two-factor status, devices. */
import { IpcError } from '../../../shared/ipc/result';
import { sessionRoutes } from '../../../shared/server-api/session';
import type { Handlers } from '../ipc/router';
import type { Accounts } from './accounts';
import { changePassword } from './change-password';
import type { ReauthGrants } from './reauth-grants';
import type { StepUp } from './step-up';

type AccountSecurityHandlers = Pick<Handlers, 'account.changePassword' | 'secretKey.reveal' | 'devices.list' | 'devices.signOut' | 'devices.signOutOthers' | 'stepUp.securityKeyChallenge'>;

export function accountSecurityHandlers({ accounts, stepUp, grants }: { accounts: Accounts; stepUp: StepUp; grants: ReauthGrants }): AccountSecurityHandlers {
  return {
    'account.changePassword': async ({ accountId, currentPassword, secondFactor, newPassword }) => {
      await changePassword(accounts, accountId, { currentPassword, newPassword, stepUp: () => stepUp.token(accountId, { password: currentPassword, secondFactor }) });
      return {};
    },
    'secretKey.reveal': async ({ accountId, password }) => {
      await accounts.reauthenticate(accountId, password);
      grants.grant(accountId);
      return { secretKey: accounts.emergencyKitDetails(accountId).secretKey };
    },
    'devices.list': async ({ accountId }) => accounts.session(accountId).call(sessionRoutes.list),
    'devices.signOut': async ({ accountId, sessionId, ...proof }) => {
      const { devices } = await accounts.session(accountId).call(sessionRoutes.list);
      const device = devices.find((candidate) => candidate.sessionId === sessionId);
      if (!device) throw new IpcError('not-found', 'That device is no longer signed in.');
      // Signing out this device also forgets its keychain entries: that is 'account.signOut'.
      if (device.current) throw new IpcError('conflict', 'This is the device you are using. To sign it out, use “Sign out of this account”.');
      const stepUpToken = await stepUp.token(accountId, proof);
      await accounts.session(accountId).call(sessionRoutes.signOutOne, { params: { sessionId }, stepUpToken });
      return {};
    },
    'devices.signOutOthers': async ({ accountId, ...proof }) => {
      const stepUpToken = await stepUp.token(accountId, proof);
      return { signedOut: (await accounts.session(accountId).call(sessionRoutes.signOutOthers, { body: {}, stepUpToken })).signedOut };
    },
    'stepUp.securityKeyChallenge': async ({ accountId }) => stepUp.securityKeyChallenge(accountId),
  };
}
