/**
 * The accounts signed in on this device. What is not secret (email, name, server) lives in
 * the settings file; the Secret Key, the session and device tokens live in the OS keychain; an
 * unlocked account's keys live only in memory here, and are wiped when it locks. The
 * account state the server sent (all ciphertext or public) is kept in the offline cache, so
 * the account unlocks when the server cannot be reached.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { accountRoutes, deviceTokenSchema, type AccountState } from '../../../shared/server-api/account';
import { sessionRoutes } from '../../../shared/server-api/session';
import { canonicalSecretKey, formatSecretKey, parseSecretKey, type SecretKey } from '../../../shared/crypto/secret-key';
import { LatchkeyCryptoError } from '../../../shared/crypto/errors';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { IpcError } from '../../../shared/ipc/result';
import type { DeviceKeychain } from '../device/keychain';
import type { OfflineCache } from '../offline/offline-cache';
import type { DeviceAccount, SettingsStore } from '../settings/settings';
import type { SyncServerClient } from '../sync/client';
import type { LockReason } from '../../../shared/ipc/events';
import type { AccountChange, AccountView } from './account-view';
import { derivePasswordKey, deriveKeys, openAccountMaterial, openWithAccountKey, type OpenAccount } from './account-material';
import { signIn, type SignedInAccount } from './sign-in';
import { AccountSession } from './account-session';
import { translateSignInError } from './sign-in-errors';
import { AccountNames } from './account-name';
import { sessionPassedSecondFactor } from './second-factor-passed';

/** Kp derived from the cached account state while the unlock waits for the keychain and the server. */
interface EarlyDerivation {
  state: AccountState;
  passwordKey: Promise<SecretBytes>;
}

interface Unlocked {
  secretKey: SecretKey;
  open: OpenAccount;
  session: AccountSession;
  secondFactorPassed: boolean;
}

export class Accounts {
  readonly #unlocked = new Map<string, Unlocked>();
  readonly #listeners: ((localUuid: string, change: AccountChange) => void)[] = [];
  /** The account's name on every device (account-name.ts): taken from the server at sign-in and unlock. */
  readonly names: AccountNames;

  constructor(
    private readonly settings: SettingsStore,
    private readonly keychain: DeviceKeychain,
    private readonly api: SyncServerClient,
    private readonly cache: OfflineCache,
    /** Whether the vault files are read while the key derives: a window opens onto them at unlock, a command only when it asks. */
    private readonly readVaultsAhead = true,
  ) {
    this.names = new AccountNames(settings);
  }

  list(): AccountView[] {
    return this.settings.accounts().map((account) => this.#view(account));
  }

  /** Remembers an account this device just signed in to, and keeps it unlocked, under its name from the server, else `name`, else the one it had here. */
  async add(details: { email: string; name: string; secretKey: SecretKey; signedIn: SignedInAccount }): Promise<AccountView> {
    const { sessionToken } = details.signedIn;
    const session = new AccountSession(this.api, sessionToken);
    const secondFactorPassed = await sessionPassedSecondFactor(session);
    const existing = this.settings.accounts().find((account) => account.serverAccountId === details.signedIn.state.accountId);
    const localUuid = existing?.localUuid ?? randomUUID();
    await this.keychain.save('secret-key', localUuid, canonicalSecretKey(details.secretKey));
    await this.keychain.save('session-token', localUuid, sessionToken);
    if (details.signedIn.deviceToken) await this.keychain.save('device-token', localUuid, details.signedIn.deviceToken);
    this.settings.saveAccount({ localUuid, email: details.signedIn.state.email, serverUrl: this.api.baseUrl, serverAccountId: details.signedIn.state.accountId, displayName: details.name || existing?.displayName || details.email, lastUnlockedAt: new Date().toISOString(), ...(existing?.trustRecord && { trustRecord: existing.trustRecord }), ...(existing?.profileVersion && { profileVersion: existing.profileVersion }) });
    await this.#remember(localUuid, details.signedIn.state);
    this.#keepUnlocked(localUuid, { secretKey: details.secretKey, open: details.signedIn.open, session, secondFactorPassed });
    await this.names.refresh(localUuid, { session, open: details.signedIn.open, serverAccountId: details.signedIn.state.accountId }).catch(() => undefined);
    return this.#view(this.#require(localUuid));
  }

  /** Remembers an account just recovered on this device (with a recovery code, or by a Family Organizer); answers the new Secret Key for the new Emergency Kit. */
  async addRecovered(recovered: { email: string; secretKey: SecretKey; signedIn: SignedInAccount }): Promise<{ account: AccountView; secretKey: string }> {
    const account = await this.add({ ...recovered, name: '' });
    return { account, secretKey: formatSecretKey(recovered.secretKey) };
  }

  /** Signs in on this device with all three: email, Secret Key and password. */
  async signInNewDevice(email: string, secretKeyText: string, password: string): Promise<AccountView> {
    let secretKey: SecretKey;
    try {
      secretKey = parseSecretKey(secretKeyText);
    } catch (error) {
      throw new IpcError('invalid-input', error instanceof LatchkeyCryptoError ? `That Secret Key is not right: ${error.message}` : 'That Secret Key is not right.');
    }
    const signedIn = await signIn(this.api, { email, secretKey, password, deviceToken: await this.deviceTokenFor(email) }).catch(translateSignInError);
    return this.add({ email, name: '', secretKey, signedIn });
  }

  /**
   * The device token this device got when it last signed in to `email` on this server, if it still has one (§13.5).
   * Only a help against lock-out: without it (unreadable, damaged) the device signs in or recovers as any other would.
   */
  async deviceTokenFor(email: string): Promise<string | undefined> {
    const known = this.settings.accounts().find((account) => account.serverUrl === this.api.baseUrl && account.email.toLowerCase() === email.trim().toLowerCase());
    const token = known ? await this.keychain.load('device-token', known.localUuid).catch(() => null) : null;
    return token !== null && deviceTokenSchema.safeParse(token).success ? token : undefined;
  }

  /** Unlocks with the password alone: the Secret Key comes from the keychain. */
  async unlock(localUuid: string, password: string): Promise<AccountView> {
    const account = this.#require(localUuid);
    // Argon2id starts at once from the KDF description cached at the last unlock, so the keychain read and the
    // server's answers arrive while it runs; it is used only if the server's description is the same (#openState).
    const cached = await this.cache.readAccount(localUuid);
    const early = cached ? { state: cached, passwordKey: derivePasswordKey({ password, email: account.email, kdf: cached.kdf }) } : undefined;
    early?.passwordKey.catch(() => undefined);
    try {
      const { secretKey, session } = await this.#stored(localUuid);
      const profile = this.names.read(session);
      const [opened, secondFactor] = await Promise.allSettled([this.#openWithPassword(localUuid, account, session, secretKey, password, early), sessionPassedSecondFactor(session)]);
      if (opened.status === 'rejected') throw opened.reason;
      const open = opened.value;
      if (secondFactor.status === 'rejected') {
        open.dispose();
        throw secondFactor.reason;
      }
      const secondFactorPassed = secondFactor.value;
      this.#keepUnlocked(localUuid, { secretKey, open, session, secondFactorPassed });
      this.settings.recordUnlock(localUuid);
      await this.names.refresh(localUuid, { session, open, serverAccountId: account.serverAccountId }, await profile).catch(() => undefined);
      return this.#view(this.#require(localUuid));
    } finally {
      // Unused when the server's KDF description differs, or the unlock failed before it.
      void early?.passwordKey.then((key) => key.dispose(), () => undefined);
    }
  }

  /**
   * Unlocks with the account key itself, as a command-line session keeps it wrapped (src/main/cli): the keyset is
   * opened with it from the account state (the server's, or the cache's offline), which proves the key is this account's.
   */
  async resume(localUuid: string, accountKey: SecretBytes): Promise<AccountView> {
    const account = this.#require(localUuid);
    try {
      const { secretKey, session } = await this.#stored(localUuid);
      const [{ state }, secondFactorPassed] = await Promise.all([this.#accountState(localUuid, session), sessionPassedSecondFactor(session)]);
      this.#keepUnlocked(localUuid, { secretKey, open: openWithAccountKey(accountKey, state), session, secondFactorPassed });
      return this.#view(account);
    } catch (error) {
      accountKey.dispose(); // Idempotent: openWithAccountKey owns it and has disposed it when it failed.
      throw error instanceof LatchkeyCryptoError ? new IpcError('not-unlocked', 'That session does not open this account. Unlock it again.') : error;
    }
  }

  /** The Secret Key and the server session this device keeps for the account in the keychain. */
  async #stored(localUuid: string): Promise<{ secretKey: SecretKey; session: AccountSession }> {
    const [secretKeyText, sessionToken] = await Promise.all([this.keychain.load('secret-key', localUuid), this.keychain.load('session-token', localUuid)]);
    if (!secretKeyText || !sessionToken) throw new IpcError('signed-out', 'This device no longer has the Secret Key for this account. Sign in again with your Emergency Kit.');
    // Opening the vault nearly always follows: its cache is read, and the 2FA status asked, while the key is derived.
    if (this.readVaultsAhead) this.cache.readVaultsAhead(localUuid);
    return { secretKey: parseSecretKey(secretKeyText), session: new AccountSession(this.api, sessionToken) };
  }

  /** Checks the password of an unlocked account again, before a sensitive change. */
  async reauthenticate(localUuid: string, password: string): Promise<void> {
    const { session, secretKey } = this.#requireUnlocked(localUuid);
    (await this.#openWithPassword(localUuid, this.#require(localUuid), session, secretKey, password)).dispose();
  }

  /** The server as this unlocked account: the one client every capability calls it with (account-session.ts). */
  session(localUuid: string): AccountSession {
    return this.#requireUnlocked(localUuid).session;
  }

  /** Opens the account's keys with the password; a wrong password is the only way this fails to decrypt. */
  async #openWithPassword(localUuid: string, account: DeviceAccount, session: AccountSession, secretKey: SecretKey, password: string, early?: EarlyDerivation): Promise<OpenAccount> {
    const { state, changed } = await this.#accountState(localUuid, session, early?.state);
    const open = await this.#openState(account, state, secretKey, password, early);
    // Cached for a later offline unlock only once it opened, so a state the server forged (a weakened KDF) is never kept.
    // Not awaited: the write (flushed to disk) is for a later offline unlock, and a read waits for it.
    if (changed) void this.#remember(localUuid, state);
    return open;
  }

  async #openState(account: DeviceAccount, state: AccountState, secretKey: SecretKey, password: string, early?: EarlyDerivation): Promise<OpenAccount> {
    const passwordKey = early && isDeepStrictEqual(early.state.kdf, state.kdf) ? early.passwordKey : undefined;
    const keys = await deriveKeys({ password, email: account.email, kdf: state.kdf, secretKey }, passwordKey);
    try {
      return openAccountMaterial(keys, state);
    } catch {
      throw new IpcError('wrong-password', 'That password is not right.');
    } finally {
      keys.dispose();
    }
  }

  /** What the server last said about this session and the second factor (src/main/core/two-factor). */
  recordSecondFactor(localUuid: string, passed: boolean): void {
    this.#requireUnlocked(localUuid).secondFactorPassed = passed;
  }

  /** The account state from the server, or offline from the cache (`cached`, when already read); `changed`: the server's differs from the cached one. */
  async #accountState(localUuid: string, session: AccountSession, cached?: AccountState): Promise<{ state: AccountState; changed: boolean }> {
    try {
      const state = await session.call(accountRoutes.account);
      return { state, changed: !cached || !isDeepStrictEqual(cached, state) };
    } catch (error) {
      if (error instanceof IpcError && error.code === 'offline') {
        const offline = cached ?? (await this.cache.readAccount(localUuid));
        if (offline) return { state: offline, changed: false };
      }
      throw error;
    }
  }

  /** Keeps the account state for unlocking offline; a cache that cannot be written only costs that. */
  async #remember(localUuid: string, state: AccountState): Promise<void> {
    await this.cache.writeAccount(localUuid, state).catch(() => undefined);
  }

  /** Called whenever an account locks, so other capabilities can drop what they hold for it. */
  onLock(listener: (localUuid: string) => void): void {
    this.onChange((localUuid, change) => change.state === 'locked' && listener(localUuid));
  }

  /** Called on every change: an unlock, a lock (also of an account not unlocked: dropping is idempotent), a removal. */
  onChange(listener: (localUuid: string, change: AccountChange) => void): void {
    this.#listeners.push(listener);
  }

  #keepUnlocked(localUuid: string, unlocked: Unlocked): void {
    this.lock(localUuid);
    this.#unlocked.set(localUuid, unlocked);
    for (const listener of this.#listeners) listener(localUuid, { state: 'unlocked' });
  }

  lock(localUuid: string, reason: LockReason = 'user'): void {
    for (const listener of this.#listeners) listener(localUuid, { state: 'locked', reason });
    const unlocked = this.#unlocked.get(localUuid);
    unlocked?.open.dispose();
    unlocked?.secretKey.secret.dispose();
    this.#unlocked.delete(localUuid);
  }

  lockAll(reason: LockReason = 'user'): void {
    for (const localUuid of [...this.#unlocked.keys()]) this.lock(localUuid, reason);
  }

  /** Signs this device out of the account: the server session ends and the keychain entries go. */
  async signOut(localUuid: string): Promise<void> {
    this.#require(localUuid);
    const sessionToken = await this.keychain.load('session-token', localUuid);
    // Offline, or already signed out elsewhere: the device forgets the account all the same.
    if (sessionToken) await this.api.call(sessionRoutes.signOutThis, { sessionToken, body: {} }).catch(() => undefined);
    this.lock(localUuid, 'sign-out');
    await this.cache.remove(localUuid);
    await this.keychain.delete('secret-key', localUuid);
    await this.keychain.delete('session-token', localUuid);
    await this.keychain.delete('device-token', localUuid);
    this.settings.removeAccount(localUuid);
    for (const listener of this.#listeners) listener(localUuid, { state: 'removed' });
  }

  /** The live session and keys of an unlocked account, for the capabilities that act on it. */
  unlocked(localUuid: string): { email: string; serverAccountId: string; secretKey: SecretKey; open: OpenAccount } {
    const account = this.#require(localUuid);
    const { secretKey, open } = this.#requireUnlocked(localUuid);
    return { email: account.email, serverAccountId: account.serverAccountId, secretKey, open };
  }

  /** What an Emergency Kit for this unlocked account says. */
  emergencyKitDetails(localUuid: string): { email: string; secretKey: string; signInAddress: string } {
    const account = this.#require(localUuid);
    return { email: account.email, secretKey: formatSecretKey(this.#requireUnlocked(localUuid).secretKey), signInAddress: account.serverUrl };
  }

  #view(account: DeviceAccount): AccountView {
    const unlocked = this.#unlocked.get(account.localUuid);
    return { accountId: account.localUuid, email: account.email, name: account.displayName, serverUrl: account.serverUrl, unlocked: unlocked !== undefined, needsSecondFactor: unlocked?.secondFactorPassed === false, nameRefused: this.names.refused(account.localUuid) };
  }

  #require(localUuid: string): DeviceAccount {
    const account = this.settings.account(localUuid);
    if (!account) throw new IpcError('not-unlocked', 'That account is not signed in on this device.');
    return account;
  }

  #requireUnlocked(localUuid: string): Unlocked {
    const unlocked = this.#unlocked.get(localUuid);
    if (!unlocked) throw new IpcError('not-unlocked', 'Unlock the account first.');
    return unlocked;
  }
}
