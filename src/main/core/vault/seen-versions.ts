/**
 * What this device has seen of an account, kept across restarts and cache rebuilds by the device
 * state record (docs/security-design.md §8.6): the highest version of every item per vault and
 * the highest signed vault list counter. Read when the account's vaults open, written after a
 * sync or a change took something newer in.
 *
 * Acceptance rules, applied by applyItem (open-vault.ts) and OwnVaultLists:
 * - an item served at a version below the one recorded is refused and reported; the item the
 *   device holds stays (a deletion records its version too, so a deleted item cannot come back
 *   at an older version);
 * - a signed vault list with a counter below the recorded one (under the same signing key) is
 *   refused and reported;
 * - a record that does not open is treated as nothing seen (it cannot protect, but it must not
 *   lock the user out of their items); the next write replaces it.
 */
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { bytesEqual } from '../../../shared/crypto/bytes';
import type { Keyset } from '../crypto/keyset';
import type { OpenAccount } from '../account/account-material';
import type { DeviceStateStore } from '../offline/device-state-store';
import type { AccountVaults, OpenVault } from './open-vault';
import type { OwnVaultLists } from './own-vault-list';

export interface Owner {
  /** The account's local uuid on this device. */
  localUuid: string;
  /** The server's account id. */
  accountId: string;
  keyset: Keyset;
  accountKey: SecretBytes;
}

/** Where an owner's keys come from: the unlocked accounts (Accounts), or a command-line session reading the cache. */
export interface UnlockedKeys {
  unlocked(localUuid: string): { serverAccountId: string; open: Pick<OpenAccount, 'keyset' | 'accountKey'> };
}

export function ownerOf(accounts: UnlockedKeys, localUuid: string): Owner {
  const { serverAccountId, open } = accounts.unlocked(localUuid);
  return { localUuid, accountId: serverAccountId, keyset: open.keyset, accountKey: open.accountKey };
}

export class SeenVersions {
  constructor(
    private readonly store: DeviceStateStore,
    private readonly lists: OwnVaultLists,
  ) {}

  /** The recorded versions (empty when none); the recorded counter goes to the vault lists when it was seen under the account's current signing key. */
  async load(owner: Owner): Promise<Map<string, Map<string, number>>> {
    const state = await this.store.read(owner.localUuid, owner.accountKey, owner.accountId);
    if (!state) return new Map();
    if (bytesEqual(state.signPublicKey, owner.keyset.signPublicKey)) this.lists.remember(owner, state.listCounter);
    return new Map([...state.vaults].map(([vaultId, items]) => [vaultId, new Map(items)]));
  }

  /** Makes the vault record into the account's map (taking in what it saw before it was linked). */
  link(account: AccountVaults, vault: OpenVault): void {
    const recorded = account.seen.get(vault.vaultId) ?? new Map<string, number>();
    for (const [itemId, version] of vault.seen) recorded.set(itemId, Math.max(version, recorded.get(itemId) ?? 0));
    account.seen.set(vault.vaultId, recorded);
    vault.seen = recorded;
  }

  /** Writes the record as it is when the write starts; a failed write is reported to the caller. */
  async save(owner: Owner, account: AccountVaults): Promise<void> {
    for (const vault of account.vaults.values()) this.link(account, vault);
    const { accountId, keyset } = owner;
    await this.store.write(owner.localUuid, owner.accountKey, () => ({ accountId, signPublicKey: keyset.signPublicKey, listCounter: this.lists.highest(owner), vaults: account.seen }));
  }
}
