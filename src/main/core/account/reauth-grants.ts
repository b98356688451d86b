/**
 * Fresh password checks, held in the main process. Showing, copying or printing the Secret
 * Key needs the account password checked within the last 5 minutes, whatever the renderer
 * shows: a page that calls those channels without it is refused with 'reauth-required'.
 * A grant follows a password check (or the end of a sign-up or recovery, where the user
 * just chose the password), and goes when the account locks or signs out.
 */
import { IpcError } from '../../../shared/ipc/result';
import { systemClock, type Clock } from '../lock/auto-lock';
import type { Accounts } from './accounts';

/** How long a password check opens the Secret Key channels. */
export const REAUTH_GRANT_MS = 5 * 60_000;

export class ReauthGrants {
  /** When the password of each account was last checked. */
  readonly #checkedAt = new Map<string, number>();

  constructor(
    accounts: Pick<Accounts, 'onLock'>,
    private readonly clock: Pick<Clock, 'now'> = systemClock,
  ) {
    // Signing out locks the account first, so this covers it too.
    accounts.onLock((localUuid) => this.#checkedAt.delete(localUuid));
  }

  /** The account's password was just checked (or chosen). */
  grant(localUuid: string): void {
    this.#checkedAt.set(localUuid, this.clock.now());
  }

  /** Throws 'reauth-required' unless the account's password was checked in the last 5 minutes. */
  require(localUuid: string): void {
    const checkedAt = this.#checkedAt.get(localUuid);
    const age = checkedAt === undefined ? Infinity : this.clock.now() - checkedAt;
    // A clock set back is no reason to trust an old check.
    if (age >= 0 && age < REAUTH_GRANT_MS) return;
    this.#checkedAt.delete(localUuid);
    throw new IpcError('reauth-required', 'Enter your account password again to continue.');
  }
}
