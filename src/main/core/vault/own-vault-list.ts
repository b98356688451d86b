/**
 * Which vaults an account holds as its own, by its own signature (docs/security-design.md §8.6):
 * the signed vault list read from the server, checked against the account's keyset, account id
 * and the highest counter this device has seen, and signed again (counter + 1) when a vault is
 * made or first accepted.
 *
 * Acceptance rules, applied by the vault service:
 * - a vault the account owns (Private, or a shared vault it made) opens only when its id, kind,
 *   role and key commitment are in the verified list;
 * - a shared vault another member gave the account (role member) is not in the list: whether the
 *   giver's key is trusted is the sharing trust check's decision (the seam is the `role ===
 *   'member'` branch of `accepts`); today every such vault that opens is taken in, and one the
 *   server stops listing is let go, as its owner may take access away;
 * - a list that fails to verify accepts nothing new; a vault the server stops listing is kept
 *   until a verified list leaves it out.
 * - An account with no list yet (made before lists existed) starts one from what this device
 *   already holds and the vaults that open with its keyset (trust on first use, once).
 */
import { toHex } from '../../../shared/crypto/bytes';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { VaultListError, type VaultList, type VaultListEntry } from '../../../shared/crypto/vault-list';
import { vaultRoutes } from '../../../shared/server-api/vault';
import type { Keyset } from '../crypto/keyset';
import { isListed, signVaultList, vaultKeyCommitment, verifyVaultList, VaultListRefusedError } from '../crypto/signed-vault-list';
import type { AccountSession } from '../account/account-session';
import { SyncApiError } from '../sync/client';
import { fromWire, toWire } from '../sync/wire';
import type { VaultGrant } from './open-vault';

export interface OwnList {
  /** The verified list, or null when the account has none yet. */
  list: VaultList | null;
  /** The server's list did not verify (signature, account or counter): nothing new is accepted. */
  refused: boolean;
}

interface Signer {
  accountId: string;
  keyset: Keyset;
  session: AccountSession;
}

export class OwnVaultLists {
  /**
   * The highest counter seen per account and signing key (this run, and earlier runs by the device state record). A recovery that gives the
   * account a new keyset starts a new list (the server drops the old one), so counters count
   * per key.
   */
  readonly #highest = new Map<string, number>();

  /** `signal`: the read stops (failing with its reason) when the account locks. */
  async read({ accountId, keyset, session }: Signer, signal?: AbortSignal): Promise<OwnList> {
    const answer = await session.attempt(vaultRoutes.signedList, { signal });
    const highest = this.highest({ accountId, keyset });
    if (answer.signedList === null) return { list: null, refused: highest > 0 };
    try {
      const list = verifyVaultList(fromWire(answer.signedList), keyset.signPublicKey, accountId, highest);
      this.#highest.set(counterKey(accountId, keyset), list.counter);
      return { list, refused: false };
    } catch (error) {
      if (error instanceof VaultListError || error instanceof VaultListRefusedError) return { list: null, refused: true };
      throw error;
    }
  }

  /** The highest counter seen for this account and key (for the device state record). */
  highest({ accountId, keyset }: Omit<Signer, 'session'>): number {
    return this.#highest.get(counterKey(accountId, keyset)) ?? 0;
  }

  /** Takes in a counter seen in an earlier run (the device state record): a list below it is refused from now on. */
  remember({ accountId, keyset }: Omit<Signer, 'session'>, counter: number): void {
    const key = counterKey(accountId, keyset);
    this.#highest.set(key, Math.max(this.#highest.get(key) ?? 0, counter));
  }

  /** Whether a grant whose key opened may be held as this account's own. */
  accepts(own: OwnList, grant: VaultGrant, key: SecretBytes): boolean {
    if (own.refused) return false;
    if (own.list === null || grant.role === 'member') return true;
    return isListed(own.list, grant, key);
  }

  /** An own vault the server stopped listing is kept (shown as unavailable) until a verified list leaves it out: a signed removal. */
  keepsUnlisted(own: OwnList, grant: VaultGrant): boolean {
    return grant.role === 'owner' && (own.list === null || own.list.vaults.some((entry) => entry.vaultId === grant.vaultId));
  }

  /** Signs and stores the list with these vaults added (or replaced): counter + 1. */
  async add(signer: Signer, own: OwnList, vaults: { grant: VaultGrant; key: SecretBytes }[], tries = 3): Promise<OwnList> {
    if (own.refused || vaults.length === 0) return own;
    const added: VaultListEntry[] = vaults.map(({ grant, key }) => ({ vaultId: grant.vaultId, kind: grant.kind, role: grant.role, keyCommitment: vaultKeyCommitment(key, grant.vaultId) }));
    const ids = new Set(added.map((entry) => entry.vaultId));
    const list: VaultList = {
      accountId: signer.accountId,
      counter: (own.list?.counter ?? 0) + 1,
      vaults: [...(own.list?.vaults ?? []).filter((entry) => !ids.has(entry.vaultId)), ...added],
    };
    try {
      await signer.session.attempt(vaultRoutes.putSignedList, { body: { counter: list.counter, signedList: toWire(signVaultList(signer.keyset, list)) } });
    } catch (error) {
      // Another device wrote first: take its list in and add ours to it.
      if (tries > 1 && error instanceof SyncApiError && error.code === 'vault_list_conflict') return this.add(signer, await this.read(signer), vaults, tries - 1);
      throw error;
    }
    this.#highest.set(counterKey(signer.accountId, signer.keyset), list.counter);
    return { list, refused: false };
  }
}

function counterKey(accountId: string, keyset: Keyset): string {
  return `${accountId}:${toHex(keyset.signPublicKey)}`;
}
