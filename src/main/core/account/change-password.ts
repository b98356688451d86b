/**
 * Changing the account password of an unlocked account: `stepUp` proves the current one to
 * the server again (with the second factor where the session has not passed it), then the
 * server stores a new OPAQUE record and the same account key wrapped under the new Account
 * Unlock Key, together. The Secret Key, the salt and the data stay as they are.
 */
import { IpcError } from '../../../shared/ipc/result';
import { accountRoutes } from '../../../shared/server-api/account';
import type { SyncServerClient } from '../sync/client';
import { deriveKeys, registerCredential, wrapForServer } from './account-material';
import type { Accounts } from './accounts';
import { passwordStrength } from './password-strength';
import { translateSessionError } from './session-errors';

export async function changePassword(
  { accounts, api }: { accounts: Accounts; api: SyncServerClient },
  localUuid: string,
  { currentPassword, newPassword, stepUp }: { currentPassword: string; newPassword: string; stepUp: () => Promise<string> },
): Promise<void> {
  const { email, sessionToken, secretKey, open } = accounts.unlocked(localUuid);
  const name = accounts.list().find((account) => account.accountId === localUuid)?.name ?? email;
  if (newPassword === currentPassword) throw new IpcError('bad-request', 'The new password is the same as the current one. Choose a different one.');
  const strength = passwordStrength(newPassword, [email, name]);
  if (!strength.acceptable) throw new IpcError('bad-request', strength.feedback);
  const stepUpToken = await stepUp();
  const state = await api.call(accountRoutes.account, { sessionToken }).catch(translateSessionError);
  const keys = await deriveKeys({ password: newPassword, email, kdf: state.kdf, secretKey });
  try {
    const registrationRecord = await registerCredential(keys, async (registrationRequest) => (await api.call(accountRoutes.passwordChangeStart, { sessionToken, body: { registrationRequest } })).registrationResponse);
    await api.call(accountRoutes.passwordChangeFinish, { sessionToken, stepUpToken, body: { registrationRecord, wrappedAccountKey: wrapForServer(open.accountKey, keys, state.accountId) } });
  } catch (error) {
    translateSessionError(error);
  } finally {
    keys.dispose();
  }
}
