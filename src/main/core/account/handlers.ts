/** The IPC handlers of the account capability: sign-up, sign-in, unlock, lock, sign-out. */
import type { Handlers } from '../ipc/router';
import type { SyncServerClient } from '../sync/client';
import { ownSecurityCode } from '../crypto/security-code';
import type { Accounts } from './accounts';
import { translateSignInError } from './sign-in-errors';
import { passwordStrength } from './password-strength';
import type { ReauthGrants } from './reauth-grants';
import { SignUp } from './sign-up';

type AccountHandlers = Pick<Handlers, 'signup.start' | 'signup.verify' | 'password.strength' | 'signup.complete' | 'signin.newDevice' | 'accounts.list' | 'account.unlock' | 'account.lock' | 'account.signOut' | 'account.rename' | 'account.securityCode'>;

export function accountHandlers({ accounts, api, localMailbox, grants }: { accounts: Accounts; api: SyncServerClient; localMailbox: boolean; grants: ReauthGrants }): AccountHandlers {
  const signUp = new SignUp(api);
  return {
    'signup.start': async ({ email, name }) => ({ ...(await signUp.start(email, name).catch(translateSignInError)), localMailbox }),
    'signup.verify': async ({ code }) => (await signUp.verify(code).catch(translateSignInError), {}),
    'password.strength': async ({ password, email, name }) => passwordStrength(password, [email, name]),
    'signup.complete': async ({ password }) => {
      const created = await signUp.complete(password).catch(translateSignInError);
      const account = await accounts.add(created);
      // The user just chose the password; the next step is the Emergency Kit.
      grants.grant(account.accountId);
      return { account, secretKey: accounts.emergencyKitDetails(account.accountId).secretKey };
    },
    'signin.newDevice': async ({ email, secretKey, password }) => ({ account: await accounts.signInNewDevice(email, secretKey, password) }),
    'accounts.list': async () => ({ accounts: accounts.list() }),
    'account.unlock': async ({ accountId, password }) => ({ account: await accounts.unlock(accountId, password) }),
    'account.lock': async ({ accountId }) => (accounts.lock(accountId), {}),
    'account.signOut': async ({ accountId }) => (await accounts.signOut(accountId), {}),
    'account.rename': async ({ accountId, name }) => {
      const { open, serverAccountId } = accounts.unlocked(accountId);
      await accounts.names.rename(accountId, { session: accounts.session(accountId), open, serverAccountId }, name);
      return { account: accounts.list().find((account) => account.accountId === accountId)! };
    },
    'account.securityCode': async ({ accountId }) => ({ securityCode: ownSecurityCode(accounts.unlocked(accountId)) }),
  };
}
