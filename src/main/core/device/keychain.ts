/**
 * Device secrets in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux) through @napi-rs/keyring, never in a file: for each account signed in
 * on this device, its Secret Key, its sign-in session token and its device token (which the
 * server counts apart from strangers' sign-in attempts, docs/security-design.md §13.5).
 *
 * Entries live under the service "Latchkey". The entry's account name carries the
 * installation id of the data folder as well as the account's local uuid, e.g.
 * `secret-key:<installationId>:<accountUuid>`, so two installations on one machine (two
 * --data-dir folders, as the end-to-end tests run two "devices") never see or overwrite each
 * other's entries, and deleting one data folder's account leaves the other's alone.
 *
 * All calls are asynchronous (AsyncEntry runs them off the main thread). On Linux the entry
 * is pinned to the Secret Service: without one the library would silently fall back to the
 * kernel keyring, which forgets everything at reboot. Failures become a KeychainError that
 * says what went wrong; neither an error nor anything else here ever contains the secret.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { z } from 'zod';
import { IpcError, type IpcErrorCode } from '../../../shared/ipc/result';

export const KEYCHAIN_SERVICE = 'Latchkey';

/** Longer values are refused: Windows Credential Manager stores at most 2560 bytes (UTF-16). */
export const MAX_SECRET_LENGTH = 1024;

export type KeychainOperation = 'save' | 'load' | 'delete';

export type KeychainFailure =
  /** No keychain to talk to: on Linux, no Secret Service (e.g. GNOME Keyring, KWallet) on the session bus. */
  | 'unavailable'
  /** The keychain is there but refused access: locked and the unlock prompt was dismissed, or denied. */
  | 'locked'
  /** More than one entry matches (another program wrote one with the same name). */
  | 'ambiguous'
  /** The stored value is not text Latchkey wrote. */
  | 'corrupt'
  /** A bad argument (not a uuid, an empty or too long value); nothing was sent to the keychain. */
  | 'invalid-input'
  | 'other';

const operationText: Record<KeychainOperation, string> = {
  save: 'save your sign-in secrets to',
  load: 'read your sign-in secrets from',
  delete: 'remove your sign-in secrets from',
};

/** What a device keeps per account: the Secret Key, the token of its server session, and its device token. */
export type DeviceSecretKind = 'secret-key' | 'session-token' | 'device-token';

const failureText: Record<KeychainFailure, string> = {
  unavailable:
    'The system keychain is not available. On Linux, Latchkey needs a Secret Service such as GNOME Keyring or KWallet running in your session.',
  locked: 'The system keychain is locked or refused access. Unlock it (on Linux, your login keyring; on macOS, allow Latchkey when the Keychain asks; on Windows, sign in to your Windows account) and try again.',
  ambiguous: 'The system keychain holds more than one matching entry for this account. Remove the extra entries and try again.',
  corrupt: 'The entry in the system keychain is not one Latchkey wrote.',
  'invalid-input': 'The request was not valid.',
  other: 'The system keychain reported an error.',
};

export class KeychainError extends Error {
  constructor(
    readonly reason: KeychainFailure,
    readonly operation: KeychainOperation,
    /**
     * What the keychain library said, for logs and bug reports (never the secret). Absent
     * for 'invalid-input'.
     */
    readonly detail?: string,
  ) {
    super(`Latchkey could not ${operationText[operation]} the system keychain. ${failureText[reason]}`);
    this.name = 'KeychainError';
  }
}

const uuidSchema = z.uuid();

export interface DeviceKeychainOptions {
  /** The data folder's installation id (settings' `installationId`), a uuid. */
  installationId: string;
}

export class DeviceKeychain {
  readonly installationId: string;
  /**
   * Entries by name, built once: the constructor blocks the main thread while it checks the
   * store (6-13 ms on Linux), each call after it only asks the keychain. An entry is a name, not
   * a copy of the secret: every call reads or writes the keychain itself.
   */
  readonly #entries = new Map<string, AsyncEntry>();

  constructor(options: DeviceKeychainOptions) {
    if (!uuidSchema.safeParse(options.installationId).success) {
      throw new TypeError('DeviceKeychain: installationId must be a uuid.');
    }
    this.installationId = options.installationId;
  }

  /** The keychain entry's account name for one secret of `accountUuid` on this installation. */
  entryName(kind: DeviceSecretKind, accountUuid: string): string {
    return `${kind}:${this.installationId}:${accountUuid}`;
  }

  /** Saves (or replaces) one secret of the account with local uuid `accountUuid`. */
  async save(kind: DeviceSecretKind, accountUuid: string, secret: string): Promise<void> {
    checkAccountUuid(accountUuid, 'save');
    checkSecret(secret);
    const entry = this.entry(kind, accountUuid, 'save', secret);
    try {
      await entry.setPassword(secret);
    } catch (error) {
      this.forget(kind, accountUuid);
      throw keychainError(error, 'save', secret);
    }
  }

  /** The saved secret, or null if this installation has none for the account. */
  async load(kind: DeviceSecretKind, accountUuid: string): Promise<string | null> {
    checkAccountUuid(accountUuid, 'load');
    const entry = this.entry(kind, accountUuid, 'load');
    let value: string | null;
    try {
      value = await entry.getPassword();
    } catch (error) {
      this.forget(kind, accountUuid);
      throw keychainError(error, 'load');
    }
    // Written by something else (Latchkey never stores an empty value): treat as damaged.
    if (value === '') throw new KeychainError('corrupt', 'load', 'the entry is empty');
    return value;
  }

  /** Removes a saved secret. True if there was one, false if there was nothing to remove. */
  async delete(kind: DeviceSecretKind, accountUuid: string): Promise<boolean> {
    checkAccountUuid(accountUuid, 'delete');
    const entry = this.entry(kind, accountUuid, 'delete');
    try {
      return await entry.deleteCredential();
    } catch (error) {
      throw keychainError(error, 'delete');
    } finally {
      this.forget(kind, accountUuid);
    }
  }

  private entry(kind: DeviceSecretKind, accountUuid: string, operation: KeychainOperation, secret?: string): AsyncEntry {
    const name = this.entryName(kind, accountUuid);
    const known = this.#entries.get(name);
    if (known) return known;
    try {
      // The constructor connects to the store, so an absent Secret Service throws here.
      const entry = new AsyncEntry(KEYCHAIN_SERVICE, name, { linux: { store: 'secret-service' } });
      this.#entries.set(name, entry);
      return entry;
    } catch (error) {
      throw keychainError(error, operation, secret);
    }
  }

  /** After a failure the next call builds its entry afresh, in case the store behind this one went away. */
  private forget(kind: DeviceSecretKind, accountUuid: string): void {
    this.#entries.delete(this.entryName(kind, accountUuid));
  }
}

function checkAccountUuid(accountUuid: string, operation: KeychainOperation): void {
  if (!uuidSchema.safeParse(accountUuid).success) {
    throw new KeychainError('invalid-input', operation, 'the account uuid is not a uuid');
  }
}

function checkSecret(secret: unknown): void {
  // The messages say what is wrong with the value, never what it is.
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new KeychainError('invalid-input', 'save', 'the Secret Key is empty');
  }
  if (secret.length > MAX_SECRET_LENGTH) {
    throw new KeychainError('invalid-input', 'save', `the Secret Key is longer than ${MAX_SECRET_LENGTH} characters`);
  }
  // A lone surrogate cannot be encoded, and would come back as a different value.
  if (/\p{Cs}/u.test(secret)) {
    throw new KeychainError('invalid-input', 'save', 'the Secret Key is not well-formed text');
  }
}

/**
 * Sorts a keyring error by its message, which is all the library gives (its `code` is
 * always "GenericFailure"). The messages come from keyring-rs's error variants:
 * PlatformFailure "Platform failure: …", NoStorageAccess "Couldn't access platform storage: …",
 * Ambiguous "… matched by … credentials", BadEncoding "… not valid UTF-8", and so on.
 */
function keychainError(error: unknown, operation: KeychainOperation, secret?: string): KeychainError {
  const message = redact(error instanceof Error ? error.message : String(error), secret);
  return new KeychainError(classify(message), operation, message);
}

function classify(message: string): KeychainFailure {
  if (/couldn'?t access platform (secure )?storage|access (is )?denied|prompt was dismissed|locked/i.test(message)) return 'locked';
  if (/platform failure|dbus|secret service|no such file|connection refused|not available|unavailable/i.test(message)) return 'unavailable';
  if (/ambiguous|matched by \d+ credentials/i.test(message)) return 'ambiguous';
  if (/utf-?8|encod/i.test(message)) return 'corrupt';
  return 'other';
}

/** Keeps the detail short and free of the secret, should a platform ever echo it. */
function redact(message: string, secret: string | undefined): string {
  const safe = secret ? message.split(secret).join('[redacted]') : message;
  return safe.length > 300 ? `${safe.slice(0, 300)}…` : safe;
}

const ipcCodes: Partial<Record<KeychainFailure, IpcErrorCode>> = { unavailable: 'keychain-unavailable', locked: 'keychain-locked', ambiguous: 'keychain-failed', corrupt: 'keychain-failed', other: 'keychain-failed' };

/** A keychain failure as the renderer sees it: its code and the keychain's own message (what went wrong, what to do); null for anything else. */
export function keychainIpcError(error: unknown): IpcError | null {
  const code = error instanceof KeychainError ? ipcCodes[error.reason] : undefined;
  return code ? new IpcError(code, (error as KeychainError).message) : null;
}
