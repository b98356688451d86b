/**
 * The account's name on every device (docs/security-design.md §8.8). The name is sealed as the
 * account profile (envelope 0x0F) under a key derived from the account key, and the server
 * keeps it as bytes it cannot read or change. A device takes the server's name when the profile
 * opens under this account's key and is newer than the one it took last; a profile that does
 * not open is refused ('untrusted-data'): the device keeps the name it has, and says so (the
 * account's `nameRefused`, until a profile opens or the device writes one). A device that
 * knows a name the server does not have yet (made before profiles, or after an organizer's
 * recovery replaced the account key) writes it as the first version.
 */
import { AccountProfileError, accountName } from '../../../shared/crypto/account-profile';
import { DecryptionError, EnvelopeError } from '../../../shared/crypto/errors';
import { IpcError } from '../../../shared/ipc/result';
import { accountProfileRoutes } from '../../../shared/server-api/account-profile';
import type { RouteResponse } from '../../../shared/server-api/http';
import { openAccountProfile, sealAccountProfile } from '../crypto/account-profile';
import type { SettingsStore } from '../settings/settings';
import { SyncApiError } from '../sync/client';
import { fromWire, toWire } from '../sync/wire';
import { refused, type AccountSession } from './account-session';
import type { OpenAccount } from './account-material';

export type ServedProfile = RouteResponse<typeof accountProfileRoutes.get>;
/** What sealing and opening the account's profile takes: its session, its open keys and its id on the server. */
export type NameContext = { session: AccountSession; open: OpenAccount; serverAccountId: string };

const REFUSED = 'The sync server sent a name for this account that this account did not write, so it was not used. This device keeps the name it had.';

export class AccountNames {
  /** Accounts (local ids) whose server profile was refused at their last refresh. */
  readonly #refused = new Set<string>();

  constructor(private readonly settings: Pick<SettingsStore, 'account' | 'saveAccount'>) {}

  /** Whether the account's server profile was refused at its last refresh (this device shows its own name). */
  refused(localUuid: string): boolean {
    return this.#refused.has(localUuid);
  }

  /** The server's profile, read while the account unlocks; null when it cannot be read (offline: the device keeps its name). */
  read(session: AccountSession): Promise<ServedProfile | null> {
    return session.call(accountProfileRoutes.get).catch(() => null);
  }

  /**
   * Takes the name in `served` (the server's profile, read now when not given), or writes this
   * device's name when the server has none. Throws IpcError 'untrusted-data' for a profile this
   * account did not seal as the version served, leaving the device's name as it was.
   */
  async refresh(localUuid: string, context: NameContext, served?: ServedProfile | null): Promise<void> {
    const profile = served === undefined ? await context.session.call(accountProfileRoutes.get) : served;
    const account = this.settings.account(localUuid);
    if (!profile || !account) return;
    if (profile.profile === null) {
      // A name the server has not heard of yet: this device's, when it has one of its own (not just the email).
      if (account.displayName !== account.email) await this.#write(localUuid, context, account.displayName, 1).catch(() => undefined);
      return;
    }
    const name = this.#open(localUuid, context, profile.version, profile.profile);
    // An older profile than the one taken last (a server rolling back) changes nothing.
    if (profile.version < (account.profileVersion ?? 0)) return;
    this.settings.saveAccount({ ...account, displayName: name, profileVersion: profile.version });
  }

  /** Gives the account a new name, on the server for every device and here; once more if another device wrote first. */
  async rename(localUuid: string, context: NameContext, name: string, tries = 2): Promise<void> {
    let normal: string;
    try {
      normal = accountName(name);
    } catch (error) {
      if (error instanceof AccountProfileError) throw new IpcError('invalid-input', `Enter a name of 1 to 100 characters, without line breaks.`);
      throw error;
    }
    const current = await context.session.call(accountProfileRoutes.get);
    try {
      await this.#write(localUuid, context, normal, current.version + 1);
    } catch (error) {
      if (tries > 1 && error instanceof SyncApiError && error.code === 'stale_account_profile') return this.rename(localUuid, context, name, tries - 1);
      refused()(error);
    }
  }

  async #write(localUuid: string, { session, open, serverAccountId }: NameContext, name: string, version: number): Promise<void> {
    const profile = toWire(sealAccountProfile(open.accountKey.expose(), serverAccountId, version, name));
    await session.attempt(accountProfileRoutes.put, { body: { version, profile } });
    this.#refused.delete(localUuid);
    const account = this.settings.account(localUuid);
    if (account) this.settings.saveAccount({ ...account, displayName: name, profileVersion: version });
  }

  #open(localUuid: string, { open, serverAccountId }: NameContext, version: number, profile: string): string {
    try {
      const name = openAccountProfile(open.accountKey.expose(), serverAccountId, version, fromWire(profile));
      this.#refused.delete(localUuid);
      return name;
    } catch (error) {
      if (!(error instanceof DecryptionError || error instanceof EnvelopeError || error instanceof AccountProfileError)) throw error;
      this.#refused.add(localUuid);
      throw new IpcError('untrusted-data', REFUSED);
    }
  }
}
