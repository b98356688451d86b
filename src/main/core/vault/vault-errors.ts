/** The vault's failures in words for the person at the screen, each with its IPC error code. */
import { IpcError } from '../../../shared/ipc/result';
import { refusalOf } from '../account/account-session';
import type { VaultNotice } from './open-vault';

/** The server could not be reached: the vaults stay readable from the offline cache. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof IpcError && error.code === 'offline';
}

/**
 * No Private vault to show: either a first open offline on a device that has never cached it,
 * or a vault list the account's keys did not sign (then no vault is made, since a new one
 * would hide the real one).
 */
export function noPrivateVaultError(notices: readonly VaultNotice[]): IpcError {
  if (notices.some((notice) => notice.kind === 'refused-list')) {
    return new IpcError('untrusted-key', 'The sync server sent a list of your vaults that your own keys did not sign, or one older than this device has seen, so this device opens none of them and makes no new one. Your passwords on the server are unchanged. Try again later, and tell your server’s administrator if this stays.');
  }
  return new IpcError('offline', 'The sync server cannot be reached, and this device has no copy of your vault yet. Try again when you are back online.');
}

/** Changes are refused while offline rather than queued. */
export function offlineWriteError(): IpcError {
  return new IpcError('offline', 'You are offline: the sync server cannot be reached, so nothing was changed. Try again when you are back online.');
}

/** Rethrows a server failure as an IpcError the screen can show (the shared four as the session made them; anything else as it is). */
export function translate(error: unknown): never {
  throw refusalOf(error);
}
