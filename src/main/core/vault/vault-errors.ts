/** The vault's failures in words for the person at the screen, each with its IPC error code. */
import { IpcError } from '../../../shared/ipc/result';
import { signedOutError } from '../account/session-errors';
import { SyncApiError } from '../sync/client';

/** The server could not be reached: the vaults stay readable from the offline cache. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof SyncApiError && error.code === 'unreachable';
}

/** A first open offline on a device that has never cached the vault. */
export function noCopyError(): IpcError {
  return new IpcError('unavailable', 'The sync server cannot be reached, and this device has no copy of your vault yet. Try again when you are back online.');
}

/** Changes are refused while offline rather than queued. */
export function offlineWriteError(): IpcError {
  return new IpcError('unavailable', 'You are offline: the sync server cannot be reached, so nothing was changed. Try again when you are back online.');
}

/** Rethrows a server failure as an IpcError the screen can show (anything else as it is). */
export function translate(error: unknown): never {
  if (error instanceof IpcError) throw error;
  if (error instanceof SyncApiError) {
    if (error.code === 'unreachable') throw new IpcError('unavailable', error.message);
    if (error.code === 'unauthorized') throw signedOutError();
    if (error.code === 'second_factor_required') throw new IpcError('bad-request', 'Confirm your second factor, then open the vault again.');
    throw new IpcError('bad-request', `The sync server refused this: ${error.message}`);
  }
  throw error;
}
