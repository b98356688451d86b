/**
 * Changing the account password of an unlocked account: `stepUp` proves the current one to
 * the server again (with the second factor where the session has not passed it), then the
 * server stores a new OPAQUE record and the same account key wrapped under the new Account
 * Unlock Key, together. The Secret Key, the salt and the data stay as they are.
 */
import { IpcError } from '../../../shared/ipc/result';
import { accountRoutes } from '../../../shared/server-api/account';
import { deriveKeys, registerCredential, wrapForServer } from './account-material';
import type { Accounts } from './accounts';
import { passwordStrength } from './password-strength';

export async function changePassword(
  accounts: Accounts,
  localUuid: string,
  { currentPassword, newPassword, stepUp }: { currentPassword: string; newPassword: string; stepUp: () => Promise<string> },
): Promise<void> {
  const { email, secretKey, open } = accounts.unlocked(localUuid);
  const session = accounts.session(localUuid);
  const name = accounts.list().find((account) => account.accountId === localUuid)?.name ?? email;
  if (newPassword === currentPassword) throw new IpcError('weak-password', 'The new password is the same as the current one. Choose a different one.');
  const strength = await passwordStrength(newPassword, [email, name]);
  if (!strength.acceptable) throw new IpcError('weak-password', strength.feedback);
  const stepUpToken = await stepUp();
  const state = await session.call(accountRoutes.account);
  const keys = await deriveKeys({ password: newPassword, email, kdf: state.kdf, secretKey });
  try {
    const registrationRecord = await registerCredential(keys, async (registrationRequest) => (await session.call(accountRoutes.passwordChangeStart, { body: { registrationRequest } })).registrationResponse);
    await session.call(accountRoutes.passwordChangeFinish, { stepUpToken, body: { registrationRecord, wrappedAccountKey: wrapForServer(open.accountKey, keys, state.accountId) } });
  } finally {
    keys.dispose();
  }
}
