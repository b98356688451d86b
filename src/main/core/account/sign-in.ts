/**
 * Sign-in with the two secrets: one Argon2id derivation gives the OPAQUE password and the
 * Account Unlock Key; OPAQUE proves the password to the server without sending it; the
 * session's answer carries the sealed account key and keyset, which are opened here.
 */
import { IpcError, type IpcErrorCode } from '../../../shared/ipc/result';
import { accountRoutes, type AccountState, type KdfDescription } from '../../../shared/server-api/account';
import type { RandomSource } from '../../../shared/crypto/random';
import { generateSecretKey, type SecretKey } from '../../../shared/crypto/secret-key';
import { LatchkeyCryptoError } from '../../../shared/crypto/errors';
import type { AccountKeys } from '../crypto/derivation';
import { opaqueFinishLogin, opaqueStartLogin } from '../crypto/opaque-client';
import { SyncApiError, type SyncServerClient } from '../sync/client';
import { deriveKeys, openAccountMaterial, type OpenAccount } from './account-material';
import { thisDevice } from './device';
import { passwordStrength } from './password-strength';

export interface SignedInAccount {
  state: AccountState;
  sessionToken: string;
  sessionId: string;
  open: OpenAccount;
  /** The server's new device token for this device (absent from a server without them). */
  deviceToken?: string;
}

/** The email, Secret Key or password is wrong; which one is not said, nor whether the email has an account. */
export class WrongCredentialsError extends Error {
  constructor() {
    super('The email, Secret Key or account password is not right. Check all three and try again.');
    this.name = 'WrongCredentialsError';
  }
}

/** `deviceToken`: the one this device got at its last sign-in to the account, if any; its attempts then count apart from strangers'. */
export async function signIn(
  api: SyncServerClient,
  { email, secretKey, password, deviceToken }: { email: string; secretKey: SecretKey; password: string; deviceToken?: string },
): Promise<SignedInAccount> {
  const { kdf } = await api.call(accountRoutes.loginParameters, { body: { email } });
  const keys = await deriveKeys({ password, email, kdf, secretKey });
  try {
    return await signInWithKeys(api, email, secretKey, keys, deviceToken);
  } finally {
    keys.dispose();
  }
}

/** Sign-in with keys already derived (right after sign-up, which derived them once already). */
export async function signInWithKeys(api: SyncServerClient, email: string, secretKey: SecretKey, keys: AccountKeys, deviceToken?: string): Promise<SignedInAccount> {
  const started = opaqueStartLogin(keys.authSecret);
  const { loginId, loginResponse } = await api.call(accountRoutes.loginStart, { body: { email, startLoginRequest: started.startLoginRequest, deviceToken } });
  let finishLoginRequest: string;
  try {
    ({ finishLoginRequest } = opaqueFinishLogin({ secret: keys.authSecret, clientLoginState: started.clientLoginState, loginResponse }));
  } catch (error) {
    if (error instanceof LatchkeyCryptoError) throw new WrongCredentialsError();
    throw error;
  }
  const session = await api.call(accountRoutes.loginFinish, { body: { loginId, finishLoginRequest, device: thisDevice(), issueDeviceToken: true } }).catch((error: unknown) => {
    throw error instanceof SyncApiError && error.code === 'invalid_credentials' ? new WrongCredentialsError() : error;
  });
  if (session.account.accountId !== secretKey.accountId) throw new WrongCredentialsError();
  const { account, sessionToken, sessionId } = session;
  return { state: account, sessionToken, sessionId, open: openAccountMaterial(keys, account), deviceToken: session.deviceToken };
}

/**
 * The first sign-in after a recovery reset the account (a recovery code, or a Family
 * Organizer), with the keys the reset derived, or derived again when the user retries. The
 * account is already recovered when this fails, so the message says so and asks for the same
 * new password again.
 */
export async function signInAfterReset(
  api: SyncServerClient,
  account: { email: string; secretKey: SecretKey; kdf: KdfDescription; deviceToken?: string },
  password: string,
  derived?: AccountKeys,
): Promise<SignedInAccount> {
  const keys = derived ?? (await deriveKeys({ password, email: account.email, kdf: account.kdf, secretKey: account.secretKey }));
  try {
    return await signInWithKeys(api, account.email, account.secretKey, keys, account.deviceToken);
  } catch (error) {
    if (!(error instanceof WrongCredentialsError || error instanceof SyncApiError)) throw error;
    throw new IpcError(afterResetCode(error), `Your account was recovered, but this device could not sign in yet: ${afterResetReason(error)}. Try again with the same new password.`);
  } finally {
    if (!derived) keys.dispose();
  }
}

function afterResetCode(error: WrongCredentialsError | SyncApiError): IpcErrorCode {
  if (error instanceof WrongCredentialsError) return 'wrong-password';
  return error.code === 'unreachable' ? 'offline' : error.code === 'rate_limited' ? 'rate-limited' : 'refused';
}

function afterResetReason(error: WrongCredentialsError | SyncApiError): string {
  if (error instanceof WrongCredentialsError) return 'that is not the new password you just chose';
  if (error.code === 'unreachable') return 'the sync server cannot be reached';
  if (error.code === 'rate_limited') return 'too many attempts, so wait a few minutes first';
  return `the sync server refused it (${error.code})`;
}

/** The new credentials a recovery sets, and what the reset knows of the account. */
export interface NewCredentials {
  email: string;
  accountId: string;
  kdf: KdfDescription;
  password: string;
  random: RandomSource;
}

/**
 * The end both recoveries share (with a recovery code, and by a Family Organizer): the new
 * password must be strong enough; a new Secret Key (same account id) is made and the keys
 * derived from both; `reset` sends the server what it needs and answers the record that the
 * reset went through, which from then on holds the Secret Key (so a failed sign-in can be
 * retried with it); then this device signs in with the same keys, which never outlive the call.
 */
export async function resetAndSignIn<Done, Result>(
  credentials: NewCredentials,
  reset: (keys: AccountKeys, secretKey: SecretKey) => Promise<Done>,
  signIn: (done: Done, keys: AccountKeys) => Promise<Result>,
): Promise<Result> {
  const { email, accountId, kdf, password, random } = credentials;
  const strength = await passwordStrength(password, [email]);
  if (!strength.acceptable) throw new IpcError('weak-password', strength.feedback);
  const secretKey = generateSecretKey(random, accountId);
  const keys = await deriveKeys({ password, email, kdf, secretKey });
  let done: { record: Done } | undefined;
  try {
    done = { record: await reset(keys, secretKey) };
    return await signIn(done.record, keys);
  } catch (error) {
    if (!done) secretKey.secret.dispose();
    throw error;
  } finally {
    keys.dispose();
  }
}
