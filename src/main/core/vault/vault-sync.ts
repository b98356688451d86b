/**
 * Syncing an account's held vaults with the server: new vaults opened, lost ones dropped (with
 * their cache), the Private vault made on first use, every vault's changes pulled and cached,
 * and each sync reported ('sync.result'). The server's reads carry the account's lifetime signal
 * (open-vault.ts): when the account locks, a sync in flight stops at once with the
 * 'not-unlocked' error, and nothing after it is taken in, cached or reported. Writes (a new
 * vault, a signed list) are not cut off: the server may have made them already.
 */
import { isDeepStrictEqual } from 'node:util';
import { vaultRoutes, type VaultView } from '../../../shared/server-api/vault';
import type { Accounts } from '../account/accounts';
import type { AccountSession } from '../account/account-session';
import { encryptVaultAttributes } from '../crypto/vault-items';
import type { CachedVault } from '../offline/offline-cache';
import { generateVaultKey, sealVaultKey } from '../crypto/vault-keys';
import type { FamilyService } from '../family/family';
import { toWire } from '../sync/wire';
import type { ItemWriter } from './item-writes';
import { FIRST_CURSOR, PRIVATE_VAULT_NAME, applyItem, closeVault, findPrivateVault, missingItems, newId, openVaultOf, type AccountVaults, type OpenVault, type VaultNotice } from './open-vault';
import type { OwnList, OwnVaultLists } from './own-vault-list';
import { reportedRefresh, type SyncReport } from './sync-report';
import { takeInGrants } from './take-in-grants';
import { isUnreachable, translate } from './vault-errors';
import type { VaultPersistence } from './vault-persistence';

export class VaultSync {
  constructor(
    private readonly accounts: Pick<Accounts, 'unlocked' | 'session'>,
    private readonly persistence: VaultPersistence,
    private readonly lists: OwnVaultLists,
    private readonly family: Pick<FamilyService, 'newVaultGrant'>,
    /** Told what every sync did (the 'sync.result' event). */
    private readonly onSynced: (report: SyncReport) => void,
  ) {}

  /**
   * Brings the account's vaults in line with the server; true when the server cannot be reached.
   * One refresh at a time per account, so two at once (opening while the background sync runs)
   * share it and never make two Private vaults.
   */
  refresh(accountId: string, account: AccountVaults): Promise<boolean> {
    account.refreshing ??= reportedRefresh(accountId, account, () => this.#refreshNow(accountId, account), this.onSynced).finally(() => (account.refreshing = null));
    return account.refreshing;
  }

  /**
   * Whether the server has nothing this device's cache lacks (`cached`: each cached vault's grant and cursor): the same vaults
   * with the same grants, and no change after any cursor (one empty page each). 'offline' when the server cannot be reached.
   * Reading nothing of the items, it lets the command line's unlock skip opening them (VaultService.pull).
   */
  async unchanged(accountId: string, cached: readonly Pick<CachedVault, 'vault' | 'cursor'>[]): Promise<'current' | 'changed' | 'offline'> {
    const session = this.#session(accountId);
    try {
      const { vaults } = await session.attempt(vaultRoutes.list, {});
      const byId = new Map(cached.map((entry) => [entry.vault.vaultId, entry]));
      const same = vaults.length === cached.length && vaults.every(({ createdAt: _createdAt, ...grant }) => isDeepStrictEqual(byId.get(grant.vaultId)?.vault, grant));
      // No copy yet (the Private vault is made on first use), a vault never pulled, or another list: opened as `open` does.
      if (!same || cached.length === 0 || cached.some(({ cursor }) => cursor === FIRST_CURSOR)) return 'changed';
      const pages = await Promise.all(cached.map(({ vault, cursor }) => session.attempt(vaultRoutes.changes, { params: { vaultId: vault.vaultId }, query: { since: cursor } })));
      return pages.every((page, index) => page.items.length === 0 && !page.hasMore && page.cursor === cached[index]!.cursor) ? 'current' : 'changed';
    } catch (error) {
      return isUnreachable(error) ? 'offline' : translate(error);
    }
  }

  /** Makes a vault on the server: a new key sealed to this account (and to the family's recovery group when in one); shared if it is named. */
  async create(accountId: string, sharedName?: string): Promise<OpenVault> {
    const vaultId = newId();
    const key = generateVaultKey();
    try {
      const sealedVaultKey = toWire(sealVaultKey(key, vaultId, this.#signer(accountId).keyset.boxPublicKey));
      const shared = sharedName === undefined ? undefined : { attributes: toWire(encryptVaultAttributes(key, vaultId, { name: sharedName })) };
      const recoveryGrant = await this.family.newVaultGrant(accountId, vaultId, key);
      const { vault } = await this.#session(accountId).attempt(vaultRoutes.create, { body: { vaultId, sealedVaultKey, ...(recoveryGrant && { recoveryGrant }), ...(shared && { shared }) } });
      const { createdAt: _createdAt, ...grant } = vault;
      const signer = this.#signer(accountId);
      await this.lists.add(signer, await this.lists.read(signer), [{ grant, key }]);
      return openVaultOf(grant, sharedName ?? PRIVATE_VAULT_NAME, key, FIRST_CURSOR);
    } catch (error) {
      key.dispose();
      return translate(error);
    }
  }

  /** Holds a vault just made in the account, unless the account locked meanwhile (then it is wiped, and the lock is the answer). */
  hold(account: AccountVaults, vault: OpenVault): void {
    if (account.lifetime.signal.aborted) closeVault(vault);
    account.lifetime.signal.throwIfAborted();
    account.vaults.set(vault.vaultId, vault);
  }

  /** What a write needs: the server as this account, and the cache write after it. */
  writer(accountId: string, account: AccountVaults): ItemWriter {
    return { session: this.#session(accountId), persist: (vault) => this.persistence.persist(accountId, account, vault) };
  }

  async #refreshNow(accountId: string, account: AccountVaults): Promise<boolean> {
    const { signal } = account.lifetime;
    let listed: { vaults: VaultView[]; canShare: boolean };
    let own: OwnList;
    try {
      [listed, own] = await Promise.all([this.#session(accountId).attempt(vaultRoutes.list, { signal }), this.lists.read(this.#signer(accountId), signal)]);
    } catch (error) {
      if (isUnreachable(error)) return true;
      return translate(error);
    }
    signal.throwIfAborted();
    account.canShare = listed.canShare;
    const notices: VaultNotice[] = own.refused ? [{ kind: 'refused-list', vaultId: null }] : [];
    const current = new Set(listed.vaults.map((vault) => vault.vaultId));
    for (const [vaultId, vault] of account.vaults) {
      if (current.has(vaultId)) continue;
      if (this.lists.keepsUnlisted(own, vault.grant)) {
        notices.push({ kind: 'unavailable-vault', vaultId });
        continue;
      }
      account.vaults.delete(vaultId);
      closeVault(vault);
      await this.persistence.forget(accountId, vaultId);
    }
    takeInGrants(account, this.#signer(accountId).keyset, (grant, key) => this.lists.accepts(own, grant, key), listed.vaults, notices);
    account.notices = notices;
    if (!findPrivateVault(account) && !own.refused) {
      this.hold(account, await this.create(accountId));
    } else if (own.list === null) {
      // An account from before signed lists: its first list is what this device holds.
      await this.lists.add(this.#signer(accountId), own, [...account.vaults.values()].filter((vault) => vault.grant.role === 'owner'));
    }
    const pulls = await Promise.all([...account.vaults.values()].map((vault) => this.#pull(accountId, account, vault)));
    signal.throwIfAborted();
    for (const { vaultId, refused, missing } of account.vaults.values()) {
      if (refused.size > 0) notices.push({ kind: 'refused-item', vaultId });
      if (missing > 0) notices.push({ kind: 'missing-item', vaultId });
    }
    await this.persistence.saveSeen(accountId, account);
    return pulls.some(Boolean);
  }

  /**
   * Pulls every change after the vault's cursor and caches the result. True when the server cannot
   * be reached. A refused item holds the cursor before its page, so an honest answer brings it
   * later; a pull from the first change that misses an item seen holds it at the start.
   */
  async #pull(accountId: string, account: AccountVaults, vault: OpenVault): Promise<boolean> {
    const start = vault.cursor;
    this.persistence.seen.link(account, vault);
    vault.refused.clear();
    vault.served.clear();
    let [settled, taken, offline] = [start, false, false];
    try {
      for (let more = true; more; ) {
        const page = await this.#session(accountId).attempt(vaultRoutes.changes, { params: { vaultId: vault.vaultId }, query: { since: vault.cursor }, signal: account.lifetime.signal });
        for (const item of page.items) applyItem(vault, item);
        [vault.cursor, more, taken] = [page.cursor, page.hasMore, taken || page.items.length > 0];
        if (vault.refused.size === 0) settled = page.cursor;
      }
    } catch (error) {
      // Never past a page whose refused item the next pull must ask for again.
      vault.cursor = settled;
      if (!isUnreachable(error)) return translate(error);
      offline = true;
    }
    vault.missing = !offline && start === FIRST_CURSOR ? missingItems(vault).length : 0;
    vault.cursor = vault.missing > 0 ? start : settled;
    if (!offline && (taken || vault.cursor !== start)) await this.persistence.persist(accountId, account, vault);
    return offline;
  }

  #signer(accountId: string) {
    const { serverAccountId, open } = this.accounts.unlocked(accountId);
    return { accountId: serverAccountId, keyset: open.keyset, session: this.#session(accountId) };
  }

  #session = (accountId: string): AccountSession => this.accounts.session(accountId);
}
