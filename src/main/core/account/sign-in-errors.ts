/**
 * How a failed call made without a session (sign-up, sign-in, the signed-out recovery steps)
 * reads on this device: wrong credentials, or the failures every server call shares.
 */
import { IpcError } from '../../../shared/ipc/result';
import { refusalOf } from './account-session';
import { WrongCredentialsError } from './sign-in';

/** Sign-in failures, in words that name what to check and reveal nothing about the account. */
export function translateSignInError(error: unknown): never {
  if (error instanceof WrongCredentialsError) throw new IpcError('wrong-credentials', error.message);
  throw refusalOf(error);
}
