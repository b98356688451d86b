/** How a failed call to the server reads on this device: signed out, unreachable, too many attempts, or the server's refusal. */
import { IpcError } from '../../../shared/ipc/result';
import { SyncApiError } from '../sync/client';
import { WrongCredentialsError } from './sign-in';

/** The server no longer knows this device's session: it was signed out (from another device, or it expired). */
export function signedOutError(): IpcError {
  return new IpcError('signed-out', 'This device was signed out of this account. Sign in again with your Secret Key and password.');
}

/** Failures of a signed-in call: a refused session means this device was signed out. */
export function translateSessionError(error: unknown): never {
  if (error instanceof SyncApiError && error.code === 'unauthorized') throw signedOutError();
  translateSignInError(error);
}

/** A rate limit, with the wait the server named (in `retry-after` and the error's details). */
export function tooManyAttempts(error: SyncApiError): IpcError {
  const seconds = error.details.retryAfterSeconds;
  if (seconds === undefined) return new IpcError('bad-request', 'Too many attempts. Wait a few minutes, then try again.');
  const minutes = Math.ceil(seconds / 60);
  return new IpcError('bad-request', `Too many attempts. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`);
}

/** Sign-in failures, in words that name what to check and reveal nothing about the account. */
export function translateSignInError(error: unknown): never {
  if (error instanceof WrongCredentialsError) throw new IpcError('bad-request', error.message);
  if (error instanceof SyncApiError) {
    if (error.code === 'unreachable') throw new IpcError('unavailable', error.message);
    if (error.code === 'rate_limited') throw tooManyAttempts(error);
    throw new IpcError('bad-request', error.message);
  }
  throw error;
}
