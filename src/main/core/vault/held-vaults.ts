/**
 * The decrypted vaults held in memory per unlocked account: loaded once (one promise per
 * account, so two first opens at once share one load and never make two Private vaults), and
 * wiped when the account locks. Wiping aborts the account's lifetime (open-vault.ts), so a sync
 * or write still in flight for it stops and caches and reports nothing.
 */
import type { Accounts } from '../account/accounts';
import { closeAccountVaults, heldVault, type AccountVaults, type OpenVault } from './open-vault';
import { translate } from './vault-errors';

export class HeldVaults {
  readonly #accounts = new Map<string, Promise<AccountVaults>>();
  /** Accounts whose vaults were loaded ahead at unlock and not asked for yet: their first ask counts as the one that loaded them. */
  readonly #ahead = new Set<string>();

  constructor(
    accounts: Pick<Accounts, 'onLock' | 'onChange'>,
    private readonly load: (accountId: string) => Promise<AccountVaults>,
    /** Whether the vaults load as the account unlocks (a window opens onto them), or when first asked for (a command). */
    loadAtUnlock = true,
  ) {
    accounts.onLock((accountId) => this.#close(accountId));
    // The vaults load from this device's cache as the account unlocks, while the window draws itself and asks for them.
    accounts.onChange((accountId, change) => {
      if (!loadAtUnlock || change.state !== 'unlocked' || this.#accounts.has(accountId)) return;
      this.#ahead.add(accountId);
      this.account(accountId).catch(() => undefined);
    });
  }

  /** Whether the account's vaults were loaded (or are loading) since it unlocked, by an ask before this one. */
  isLoaded(accountId: string): boolean {
    return this.#accounts.has(accountId) && !this.#ahead.delete(accountId);
  }

  /** The account's vaults, loaded on first use; a failed load is forgotten, so the next call tries again. */
  account(accountId: string): Promise<AccountVaults> {
    let account = this.#accounts.get(accountId);
    if (!account) {
      account = this.load(accountId);
      this.#accounts.set(accountId, account);
      account.catch(() => this.#accounts.get(accountId) === account && this.#accounts.delete(accountId));
    }
    return account.catch(translate);
  }

  /** One held vault and its account (a write caches both); 'not-found' once the account lost it. */
  async vault(accountId: string, vaultId: string): Promise<{ account: AccountVaults; vault: OpenVault }> {
    const account = await this.account(accountId);
    return { account, vault: heldVault(account, vaultId) };
  }

  #close(accountId: string): void {
    this.#ahead.delete(accountId);
    const account = this.#accounts.get(accountId);
    this.#accounts.delete(accountId);
    void account?.then(closeAccountVaults, () => undefined);
  }
}
