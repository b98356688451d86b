/** The IPC handlers for using a recovery code when locked out. */
import { IpcError } from '../../../shared/ipc/result';
import { recoveryRoutes } from '../../../shared/server-api/recovery';
import type { Handlers } from '../ipc/router';
import type { RecoveryDependencies } from './dependencies';
import { translateRecoveryError } from './use-messages';
import { RecoveryUse } from './use-recovery';

type RecoveryUseHandlers = Pick<Handlers, 'recoveryUse.start' | 'recoveryUse.verify' | 'recoveryUse.complete' | 'recoveryUse.cancel' | 'recoveryUse.localMailbox'>;

export function recoveryUseHandlers({ api, accounts, localMailbox }: RecoveryDependencies): RecoveryUseHandlers {
  const recovery = new RecoveryUse(api);
  return {
    'recoveryUse.start': async ({ email, code }) => ({ ...(await recovery.start(email, code)), localMailbox }),
    'recoveryUse.verify': async ({ code }) => (await recovery.verify(code), {}),
    'recoveryUse.complete': async ({ password }) => {
      const recovered = await recovery.complete(password);
      // Keep the name this device already knew the account by (the server does not have it).
      const known = accounts.list().find((account) => account.serverUrl === api.baseUrl && account.email.toLowerCase() === recovered.signedIn.state.email.toLowerCase());
      const account = await accounts.add({ email: recovered.email, name: known?.name ?? recovered.email, secretKey: recovered.secretKey, signedIn: recovered.signedIn });
      return { account, secretKey: accounts.emergencyKitDetails(account.accountId).secretKey, signedOut: recovered.signedOut };
    },
    'recoveryUse.cancel': async () => (recovery.cancel(), {}),
    'recoveryUse.localMailbox': async () => {
      const email = recovery.email;
      if (!localMailbox) throw new IpcError('unavailable', 'This app sends real email: look in your inbox.');
      if (!email) throw new IpcError('bad-request', 'Start again with your email address and recovery code.');
      const { messages } = await api.call(recoveryRoutes.localMailbox).catch(translateRecoveryError);
      return {
        messages: messages
          .filter((message) => message.to.toLowerCase().includes(email.toLowerCase()))
          .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.id.localeCompare(a.id))
          .map(({ id, subject, date, text }) => ({ id, subject, date, text })),
      };
    },
  };
}
