/**
 * An unlocked account's vaults in the main process, as the handlers see them: its Private vault
 * and any family shared vault it has access to. The parts, each with one job:
 * - held-vaults.ts: the decrypted vaults in memory, per account, until it locks;
 * - vault-persistence.ts: the offline cache and device state record they open from and are written back to;
 * - vault-sync.ts: the sync with the server (stopped by the account's lifetime signal on lock);
 * - vault-listing.ts and search-index.ts: the queries (listing, search, counts);
 * - item-writes.ts, bulk.ts: the changes, refused while offline rather than queued, so a write always meets the server's version check.
 */
import type { CopyField, ItemCategory } from '../../../shared/ipc/channels/vault';
import type { ItemFields } from '../../../shared/vault/item-fields';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import type { Accounts } from '../account/accounts';
import type { FamilyService } from '../family/family';
import type { OfflineCache } from '../offline/offline-cache';
import { findPrivateVault, heldItem, revealItem, type OpenVault, type VaultItem, type VaultNotice } from './open-vault';
import { OwnVaultLists } from './own-vault-list';
import type { SyncReport } from './sync-report';
import { deleteItem, saveItem, type ItemWriter, type WriteOutcome } from './item-writes';
import { noPrivateVaultError, translate } from './vault-errors';
import { allItemFields, createItems, type BatchOptions } from './bulk';
import { fieldToCopy } from './item-format';
import { countItems, findItems, listingOf, loginUrlsOf, summariesOf, summaryOfVault, type ItemSummary, type ItemWindow, type VaultListing, type VaultSummary } from './vault-listing';
import { HeldVaults } from './held-vaults';
import { VaultPersistence } from './vault-persistence';
import { VaultSync } from './vault-sync';

export class VaultService {
  readonly #held: HeldVaults;
  readonly #sync: VaultSync;
  readonly #persistence: VaultPersistence;

  constructor(
    accounts: Accounts,
    cache: OfflineCache,
    family: Pick<FamilyService, 'newVaultGrant'>,
    /** Told what every sync did (the 'sync.result' event). */
    onSynced: (report: SyncReport) => void = () => undefined,
    /** Whether an account's vaults load as it unlocks (a window opens onto them) or when first asked for (the command line). */
    loadAtUnlock = true,
  ) {
    const lists = new OwnVaultLists();
    const persistence = (this.#persistence = new VaultPersistence(accounts, cache, lists));
    this.#held = new HeldVaults(accounts, (accountId) => persistence.load(accountId), loadAtUnlock);
    this.#sync = new VaultSync(accounts, persistence, lists, family, onSynced);
  }

  /**
   * Opens the account's vaults (from the offline cache, or from the server, making the Private vault on first use), pulls what
   * changed, and answers every vault and the chosen (else the Private) vault's items matching the query. The screens answer at
   * once from what is held: 'behind' pulls behind the answer, 'held' (a read again when told) only if this call loaded the account.
   */
  async open(accountId: string, vaultId?: string, query = '', pull: 'wait' | 'behind' | 'held' = 'wait'): Promise<{ vaults: VaultSummary[]; canShare: boolean; notices: VaultNotice[] } & VaultListing> {
    const loaded = this.#held.isLoaded(accountId);
    const account = await this.#held.account(accountId);
    const held = pull !== 'wait' && (findPrivateVault(account) !== undefined || (pull === 'held' && loaded && !account.refreshing));
    // Begun after this answer is sent: the pull's request set-up (undici's fetch) ran ahead of the first rows after an unlock.
    if (held && (pull === 'behind' || !loaded)) setImmediate(() => void this.#sync.refresh(accountId, account).catch(() => undefined));
    const offline = held ? account.offline : await this.#sync.refresh(accountId, account);
    const vault = (vaultId && account.vaults.get(vaultId)) || findPrivateVault(account);
    if (!vault) return translate(account.failure ?? noPrivateVaultError(account.notices));
    return { vaults: summariesOf(account), canShare: account.canShare && !offline, notices: account.notices, ...listingOf(vault, vault.vaultId === vaultId ? query : '', offline) };
  }

  /**
   * Brings this device's copy of the account's vaults up to the server's (the command line's unlock, whose later commands read
   * the copy). When they are not held, the server is first asked whether anything changed since the cached cursors
   * (VaultSync.unchanged): if nothing did, nothing is opened. Otherwise they are opened and pulled as `open` does.
   */
  async pull(accountId: string): Promise<'current' | 'pulled' | 'offline'> {
    if (!this.#held.isLoaded(accountId)) {
      const cached = await this.#persistence.cachedCursors(accountId);
      const unchanged = cached && (await this.#sync.unchanged(accountId, cached));
      // The server answered: the copy is as of now, as after a pull.
      if (unchanged === 'current') await this.#persistence.markSynced(accountId);
      if (unchanged === 'current' || unchanged === 'offline') return unchanged;
    }
    return (await this.open(accountId)).offline ? 'offline' : 'pulled';
  }

  async search(accountId: string, vaultId: string, window: ItemWindow): Promise<{ items: ItemSummary[]; total: number }> {
    return findItems(await this.#vault(accountId, vaultId), window);
  }

  /** Every vault's items matching the query (Quick Access), from what is held: no server round trip. */
  async searchEveryVault(accountId: string, query: string, limit: number): Promise<(ItemSummary & { vaultId: string })[]> {
    const account = await this.#held.account(accountId);
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
    return this.#write(accountId, vaultId, (writer, vault) => saveItem(writer, vault, itemId, expectedVersion, fields, removeOtp));
  }

  /** Recently Deleted (recently-deleted.ts): runs one of its writes on a held vault as this account. */
  async recentlyDeleted<T>(accountId: string, vaultId: string, change: (writer: ItemWriter, vault: OpenVault) => Promise<T>): Promise<T> {
    return this.#write(accountId, vaultId, change);
  }

  async delete(accountId: string, vaultId: string, itemId: string, expectedVersion: number): Promise<WriteOutcome<{ outcome: 'deleted' }>> {
    return this.#write(accountId, vaultId, (writer, vault) => deleteItem(writer, vault, itemId, expectedVersion));
  }

  /** The one field to copy; the caller puts it on the secret clipboard. */
  async field(accountId: string, vaultId: string, itemId: string, field: CopyField): Promise<string> {
    return fieldToCopy((await this.item(accountId, vaultId, itemId)).fields, field);
  }

  /** Every live item of a vault with its fields opened (for an export). */
  async allItemFields(accountId: string, vaultId: string): Promise<{ itemId: string; fields: ItemFields }[]> {
    return allItemFields(await this.#vault(accountId, vaultId));
  }

  /** Creates these items (an import), sealed and uploaded in batches; answers how many were created. */
  async createItems(accountId: string, vaultId: string, items: readonly ItemFields[], options: BatchOptions = {}): Promise<number> {
    return this.#write(accountId, vaultId, (writer, vault) => createItems(writer, vault, items, options));
  }

  /** Makes a family shared vault owned by this account: its key sealed to this account and to the family's recovery group, its name encrypted. */
  async createShared(accountId: string, name: string): Promise<VaultSummary> {
    const account = await this.#held.account(accountId);
    const vault = await this.#sync.create(accountId, name);
    this.#sync.hold(account, vault);
    await this.#sync.writer(accountId, account).persist(vault);
    return summaryOfVault(vault);
  }

  /** The own Private vault's items with their URLs (never a password), for the recovery check-up; opens the account as `open` does. */
  async ownLogins(localUuid: string): Promise<{ vaultId: string; itemId: string; urls: string[] }[]> {
    const wasOpen = this.#held.isLoaded(localUuid);
    const account = await this.#held.account(localUuid);
    if (!wasOpen || !findPrivateVault(account)) await this.#sync.refresh(localUuid, account);
    const vault = findPrivateVault(account);
    if (!vault) throw noPrivateVaultError(account.notices);
    return loginUrlsOf(vault);
  }

  /** Runs `use` with a vault's key (to seal it to a new member); the key stays the service's. */
  async withVaultKey<T>(accountId: string, vaultId: string, use: (key: SecretBytes) => T): Promise<T> {
    return use((await this.#vault(accountId, vaultId)).key);
  }

  /** Runs one write on a held vault as this account, the vault cached after it. */
  async #write<T>(accountId: string, vaultId: string, change: (writer: ItemWriter, vault: OpenVault) => Promise<T>): Promise<T> {
    const { account, vault } = await this.#held.vault(accountId, vaultId);
    return change(this.#sync.writer(accountId, account), vault);
  }

  async #vault(accountId: string, vaultId: string): Promise<OpenVault> {
    return (await this.#held.vault(accountId, vaultId)).vault;
  }
}
