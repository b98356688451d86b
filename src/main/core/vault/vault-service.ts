/**
 * An unlocked account's vaults in the main process: its Private vault and any family shared vault
 * it has access to. For each, the vault key, the items' overviews (decrypted, for the list and the
 * search index) and their details (encrypted until one item is opened), in memory only until the
 * account locks. The server's ciphertext and each vault's cursor are kept in the offline cache, so
 * vaults open from there first, then pull what changed, and stay readable offline. Changes are
 * refused while offline rather than queued, so a write always meets the server's version check.
 */
import type { CopyField, ItemCategory } from '../../../shared/ipc/channels/vault';
import type { ItemFields } from '../../../shared/vault/item-fields';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { vaultRoutes, type VaultView } from '../../../shared/server-api/vault';
import type { Accounts } from '../account/accounts';
import { encryptVaultAttributes } from '../crypto/vault-items';
import { generateVaultKey, sealVaultKey } from '../crypto/vault-keys';
import type { FamilyService } from '../family/family';
import type { CachedVault, OfflineCache } from '../offline/offline-cache';
import type { AccountSession } from '../account/account-session';
import { toWire } from '../sync/wire';
import { FIRST_CURSOR, PRIVATE_VAULT_NAME, newId, applyItem, missingItems, closeAccountVaults, closeVault, findPrivateVault, heldItem, heldVault, openGrant, openVaultOf, revealItem, type AccountVaults, type OpenVault, type VaultItem, type VaultNotice } from './open-vault';
import { OwnVaultLists, type OwnList } from './own-vault-list';
import { SeenVersions, ownerOf } from './seen-versions';
import { reportedRefresh, type SyncReport } from './sync-report';
import { takeInGrants } from './take-in-grants';
import { deleteItem, saveItem, type ItemWriter, type WriteOutcome } from './item-writes';
import { isUnreachable, noPrivateVaultError, translate } from './vault-errors';
import { allItemFields, createItems, type BatchOptions } from './bulk';
import { fieldToCopy } from './item-format';
import { countItems, findItems, listingOf, summariesOf, summaryOfVault, type ItemSummary, type ItemWindow, type VaultListing, type VaultSummary } from './vault-listing';

export class VaultService {
  readonly #accounts = new Map<string, Promise<AccountVaults>>();
  readonly #lists: OwnVaultLists;
  readonly #seen: SeenVersions;

  constructor(
    private readonly accounts: Accounts,
    private readonly cache: OfflineCache,
    private readonly family: Pick<FamilyService, 'newVaultGrant'>,
    /** Told what every sync did (the 'sync.result' event). */
    private readonly onSynced: (report: SyncReport) => void = () => undefined,
  ) {
    accounts.onLock((accountId) => this.#close(accountId));
    this.#lists = new OwnVaultLists();
    this.#seen = new SeenVersions(cache.deviceState, this.#lists);
  }

  /**
   * Opens the account's vaults (from the offline cache, or from the server, making the Private vault on first use), pulls what
   * changed, and answers every vault and the chosen (else the Private) vault's items matching the query. The screens answer at
   * once from what is held: 'behind' pulls behind the answer, 'held' (a read again when told) only if this call loaded the account.
   */
  async open(accountId: string, vaultId?: string, query = '', pull: 'wait' | 'behind' | 'held' = 'wait'): Promise<{ vaults: VaultSummary[]; canShare: boolean; notices: VaultNotice[] } & VaultListing> {
    const loaded = this.#accounts.has(accountId);
    const account = await this.#account(accountId);
    const held = pull !== 'wait' && (findPrivateVault(account) !== undefined || (pull === 'held' && loaded && !account.refreshing));
    if (held && (pull === 'behind' || !loaded)) void this.#refresh(accountId, account).catch(() => undefined);
    const offline = held ? account.offline : await this.#refresh(accountId, account);
    const vault = (vaultId && account.vaults.get(vaultId)) || findPrivateVault(account);
    if (!vault) return translate(account.failure ?? noPrivateVaultError(account.notices));
    return { vaults: summariesOf(account), canShare: account.canShare && !offline, notices: account.notices, ...listingOf(vault, vault.vaultId === vaultId ? query : '', offline) };
  }

  async search(accountId: string, vaultId: string, window: ItemWindow): Promise<{ items: ItemSummary[]; total: number }> {
    return findItems(await this.#vault(accountId, vaultId), window);
  }

  /** Every vault's items matching the query (Quick Access), from what is held: no server round trip. */
  async searchEveryVault(accountId: string, query: string, limit: number): Promise<(ItemSummary & { vaultId: string })[]> {
    const account = await this.#account(accountId);
    return [...account.vaults.values()].flatMap((vault) => findItems(vault, { query, category: 'all', offset: 0, limit }).items.map((item) => ({ vaultId: vault.vaultId, ...item })));
  }

  async counts(accountId: string, vaultId: string): Promise<Record<ItemCategory, number>> {
    return countItems(await this.#vault(accountId, vaultId));
  }

  async item(accountId: string, vaultId: string, itemId: string): Promise<VaultItem> {
    const vault = await this.#vault(accountId, vaultId);
    return revealItem(vault, itemId, heldItem(vault, itemId));
  }

  async save(accountId: string, vaultId: string, itemId: string | undefined, expectedVersion: number, fields: ItemFields, removeOtp = false): Promise<WriteOutcome<{ outcome: 'saved'; item: VaultItem }>> {
    return saveItem(this.#writer(accountId), await this.#vault(accountId, vaultId), itemId, expectedVersion, fields, removeOtp);
  }

  /** Recently Deleted (recently-deleted.ts): runs one of its writes on a held vault as this account. */
  async recentlyDeleted<T>(accountId: string, vaultId: string, change: (writer: ItemWriter, vault: OpenVault) => Promise<T>): Promise<T> {
    return change(this.#writer(accountId), await this.#vault(accountId, vaultId));
  }

  async delete(accountId: string, vaultId: string, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'deleted' }>> {
    return deleteItem(this.#writer(accountId), await this.#vault(accountId, vaultId), itemId, expectedVersion);
  }

  /** The one field to copy; the caller puts it on the secret clipboard. */
  async field(accountId: string, vaultId: string, itemId: string, field: CopyField): Promise<string> {
    const vault = await this.#vault(accountId, vaultId);
    return fieldToCopy(revealItem(vault, itemId, heldItem(vault, itemId)).fields, field);
  }

  /** Every live item of a vault with its fields opened (for an export). */
  async allItemFields(accountId: string, vaultId: string): Promise<{ itemId: string; fields: ItemFields }[]> {
    return allItemFields(await this.#vault(accountId, vaultId));
  }

  /** Creates these items (an import), sealed and uploaded in batches; answers how many were created. */
  async createItems(accountId: string, vaultId: string, items: readonly ItemFields[], options: BatchOptions = {}): Promise<number> {
    return createItems(this.#writer(accountId), await this.#vault(accountId, vaultId), items, options);
  }

  /** Makes a family shared vault owned by this account: its key sealed to this account and to the family's recovery group, its name encrypted. */
  async createShared(accountId: string, name: string): Promise<VaultSummary> {
    const account = await this.#account(accountId);
    const vault = await this.#create(accountId, name);
    account.vaults.set(vault.vaultId, vault);
    await this.#persist(accountId, vault);
    return summaryOfVault(vault);
  }

  /** The own Private vault's items with their URLs (never a password), for the recovery check-up; opens the account as `open` does. */
  async ownLogins(localUuid: string): Promise<{ vaultId: string; itemId: string; urls: string[] }[]> {
    const wasOpen = this.#accounts.has(localUuid);
    const account = await this.#account(localUuid);
    if (!wasOpen || !findPrivateVault(account)) await this.#refresh(localUuid, account);
    const vault = findPrivateVault(account);
    if (!vault) throw noPrivateVaultError(account.notices);
    return [...vault.items].filter(([, item]) => item.overview.trashedAt === null).map(([itemId, item]) => ({ vaultId: vault.vaultId, itemId, urls: [...item.overview.urls] }));
  }

  /** Runs `use` with a vault's key (to seal it to a new member); the key stays the service's. */
  async withVaultKey<T>(accountId: string, vaultId: string, use: (key: SecretBytes) => T): Promise<T> {
    return use((await this.#vault(accountId, vaultId)).key);
  }

  #account(accountId: string): Promise<AccountVaults> {
    let account = this.#accounts.get(accountId);
    if (!account) {
      // One promise per account, so two first opens at once do not create two Private vaults.
      account = this.#load(accountId);
      this.#accounts.set(accountId, account);
      account.catch(() => this.#accounts.get(accountId) === account && this.#accounts.delete(accountId));
    }
    return account.catch(translate);
  }

  async #vault(accountId: string, vaultId: string): Promise<OpenVault> {
    return heldVault(await this.#account(accountId), vaultId);
  }

  /** The cached vaults this account's keys open (none on a new device: opening brings the server's). */
  async #load(accountId: string): Promise<AccountVaults> {
    const seen = await this.#seen.load(ownerOf(this.accounts, accountId));
    const account: AccountVaults = { vaults: new Map(), canShare: false, closed: false, refreshing: null, offline: false, failure: null, notices: [], seen };
    for (const cached of await this.cache.readVaults(accountId)) {
      const vault = openGrant(this.#keyset(accountId), cached.vault, cached.cursor);
      if (!vault) continue;
      this.#seen.link(account, vault);
      for (const item of cached.items) applyItem(vault, item);
      account.vaults.set(vault.vaultId, vault);
    }
    return account;
  }

  /**
   * Brings the account's vaults in line with the server: new ones opened, lost ones dropped
   * (with their cache), the Private vault made if there is none yet, then every vault's changes
   * pulled. True when the server cannot be reached. One refresh at a time per account, so two at
   * once (opening while the background sync runs) share it and never make two Private vaults.
   */
  #refresh(accountId: string, account: AccountVaults): Promise<boolean> {
    account.refreshing ??= reportedRefresh(accountId, account, () => this.#refreshNow(accountId, account), this.onSynced).finally(() => (account.refreshing = null));
    return account.refreshing;
  }

  async #refreshNow(accountId: string, account: AccountVaults): Promise<boolean> {
    let listed: { vaults: VaultView[]; canShare: boolean };
    let own: OwnList;
    try {
      [listed, own] = await Promise.all([this.#session(accountId).attempt(vaultRoutes.list), this.#lists.read(this.#signer(accountId))]);
    } catch (error) {
      if (isUnreachable(error)) return true;
      return translate(error);
    }
    if (account.closed) return false;
    account.canShare = listed.canShare;
    const notices: VaultNotice[] = own.refused ? [{ kind: 'refused-list', vaultId: null }] : [];
    const current = new Set(listed.vaults.map((vault) => vault.vaultId));
    for (const [vaultId, vault] of account.vaults) {
      if (current.has(vaultId)) continue;
      if (this.#lists.keepsUnlisted(own, vault.grant)) {
        notices.push({ kind: 'unavailable-vault', vaultId });
        continue;
      }
      account.vaults.delete(vaultId);
      closeVault(vault);
      await this.cache.removeVault(accountId, vaultId).catch(() => undefined);
    }
    takeInGrants(account, this.#keyset(accountId), (grant, key) => this.#lists.accepts(own, grant, key), listed.vaults, notices);
    account.notices = notices;
    if (!findPrivateVault(account) && !own.refused) {
      const vault = await this.#create(accountId);
      account.vaults.set(vault.vaultId, vault);
    } else if (own.list === null) {
      // An account from before signed lists: its first list is what this device holds.
      await this.#lists.add(this.#signer(accountId), own, [...account.vaults.values()].filter((vault) => vault.grant.role === 'owner'));
    }
    const pulls = await Promise.all([...account.vaults.values()].map((vault) => this.#pull(accountId, account, vault)));
    for (const { vaultId, refused, missing } of account.vaults.values()) {
      if (refused.size > 0) notices.push({ kind: 'refused-item', vaultId });
      if (missing > 0) notices.push({ kind: 'missing-item', vaultId });
    }
    await this.#seen.save(ownerOf(this.accounts, accountId), account).catch(() => undefined);
    return pulls.some(Boolean);
  }

  /** Makes a vault on the server: a new key sealed to this account (and to the family's recovery group when in one); shared if it is named. */
  async #create(accountId: string, sharedName?: string): Promise<OpenVault> {
    const vaultId = newId();
    const key = generateVaultKey();
    try {
      const sealedVaultKey = toWire(sealVaultKey(key, vaultId, this.#keyset(accountId).boxPublicKey));
      const shared = sharedName === undefined ? undefined : { attributes: toWire(encryptVaultAttributes(key, vaultId, { name: sharedName })) };
      const recoveryGrant = await this.family.newVaultGrant(accountId, vaultId, key);
      const { vault } = await this.#session(accountId).attempt(vaultRoutes.create, { body: { vaultId, sealedVaultKey, ...(recoveryGrant && { recoveryGrant }), ...(shared && { shared }) } });
      const { createdAt: _createdAt, ...grant } = vault;
      const signer = this.#signer(accountId);
      await this.#lists.add(signer, await this.#lists.read(signer), [{ grant, key }]);
      return openVaultOf(grant, sharedName ?? PRIVATE_VAULT_NAME, key, FIRST_CURSOR);
    } catch (error) {
      key.dispose();
      return translate(error);
    }
  }

  /**
   * Pulls every change after the vault's cursor and caches the result. True when the server cannot
   * be reached. A refused item holds the cursor before its page, so an honest answer brings it
   * later; a pull from the first change that misses an item seen holds it at the start.
   */
  async #pull(accountId: string, account: AccountVaults, vault: OpenVault): Promise<boolean> {
    const start = vault.cursor;
    this.#seen.link(account, vault);
    vault.refused.clear();
    vault.served.clear();
    let [settled, taken, offline] = [start, false, false];
    try {
      for (let more = true; more; ) {
        const page = await this.#session(accountId).attempt(vaultRoutes.changes, { params: { vaultId: vault.vaultId }, query: { since: vault.cursor } });
        if (vault.closed) return false;
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
    if (!offline && (taken || vault.cursor !== start)) await this.#persist(accountId, vault);
    return offline;
  }

  /** Writes the vault's ciphertext and cursor to the offline cache, and the device state record (so a change outlives a quit before the next sync); a failed write costs only offline use. */
  async #persist(accountId: string, vault: OpenVault): Promise<void> {
    // Taken when the write starts; a vault closed by then is not written (its items are gone).
    const snapshot = (): CachedVault | null => (vault.closed ? null : { vault: vault.grant, cursor: vault.cursor, items: [...vault.items.values()].map((item) => item.sealed) });
    await this.cache.writeVault(accountId, vault.vaultId, snapshot).catch(() => undefined);
    const account = await this.#accounts.get(accountId)?.catch(() => undefined);
    if (account && !account.closed) await Promise.resolve().then(() => this.#seen.save(ownerOf(this.accounts, accountId), account)).catch(() => undefined);
  }

  #writer(accountId: string): ItemWriter {
    return { session: this.#session(accountId), persist: (vault) => this.#persist(accountId, vault) };
  }

  #keyset = (accountId: string) => this.#signer(accountId).keyset;

  #signer(accountId: string) {
    const { serverAccountId, open } = this.accounts.unlocked(accountId);
    return { accountId: serverAccountId, keyset: open.keyset, session: this.#session(accountId) };
  }

  #session = (accountId: string): AccountSession => this.accounts.session(accountId);

  #close(accountId: string): void {
    const account = this.#accounts.get(accountId);
    this.#accounts.delete(accountId);
    void account?.then(closeAccountVaults, () => undefined);
  }
}
