/** The IPC handlers for using a recovery code when locked out. */
import type { ReauthGrants } from '../account/reauth-grants';
import type { Handlers } from '../ipc/router';
import type { RecoveryDependencies } from './dependencies';
import { systemRandom } from '../crypto/sodium';
import { RecoveryUse } from './use-recovery';

type RecoveryUseHandlers = Pick<Handlers, 'recoveryUse.start' | 'recoveryUse.verify' | 'recoveryUse.complete' | 'recoveryUse.cancel'>;

export function recoveryUseHandlers({ api, accounts, localMailbox, grants }: RecoveryDependencies & { grants: ReauthGrants }): RecoveryUseHandlers {
  const recovery = new RecoveryUse(api, systemRandom, (email) => accounts.deviceTokenFor(email));
  return {
    'recoveryUse.start': async ({ email, code }) => {
      const { securityKey, ...sent } = await recovery.start(email, code);
      return { ...sent, securityKey: securityKey ?? null, localMailbox };
    },
    'recoveryUse.verify': async (answer) => (await recovery.verify(answer), {}),
    'recoveryUse.complete': async ({ password }) => {
      const recovered = await recovery.complete(password);
      const added = await accounts.addRecovered(recovered);
      // The user just chose the new password; the next step is the new Emergency Kit.
      grants.grant(added.account.accountId);
      return { ...added, signedOut: recovered.signedOut, cancelledFamilyRecovery: recovered.cancelledFamilyRecovery };
    },
    'recoveryUse.cancel': async () => (recovery.cancel(), {}),
  };
}
