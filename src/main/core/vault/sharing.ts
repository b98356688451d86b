/**
 * Who has access to a family shared vault. Giving access seals the vault key, here in the
 * main process, to the member's public key as the family record lists it; the server only
 * stores the sealed box, and refuses it if that member's key changed meanwhile.
 */
import { IpcError } from '../../../shared/ipc/result';
import type { FamilyView } from '../../../shared/server-api/family';
import { vaultRoutes, type VaultMember } from '../../../shared/server-api/vault';
import type { Accounts } from '../account/accounts';
import { sealVaultKey } from '../crypto/vault-keys';
import type { FamilyService } from '../family/family';
import type { RouteDefinition, RouteResponse } from '../../../shared/server-api/http';
import type { CallOptions } from '../sync/client';
import type { VaultService } from './vault-service';
import { fromWire, toWire } from '../sync/wire';

export interface VaultAccess {
  members: VaultMember[];
  /** Family members without access, whom the owner could give it (empty for anyone else). */
  candidates: { accountId: string; email: string }[];
}

/** The server's refusals in words for the person at the screen. */
const sharingMessages: Partial<Record<string, string>> = {
  not_vault_owner: 'Only the owner of this vault can change who has access.',
  not_shared: 'Your Private vault cannot be shared. Make a shared vault for what you want to share.',
  already_member: 'They already have access to this vault.',
  stale_public_key: 'Their account changed meanwhile (it was recovered). Try again.',
  not_found: 'That person is no longer in your family, or no longer has access.',
};

export class VaultSharing {
  constructor(
    private readonly accounts: Accounts,
    private readonly vaults: Pick<VaultService, 'withVaultKey'>,
    private readonly family: Pick<FamilyService, 'family'>,
  ) {}

  async access(accountId: string, vaultId: string): Promise<VaultAccess> {
    const { members } = await this.#call(accountId, vaultRoutes.members, { params: { vaultId } });
    return this.#withCandidates(accountId, members);
  }

  async share(accountId: string, vaultId: string, memberId: string): Promise<VaultAccess> {
    const family = await this.family.family(accountId);
    const member = family?.members.find((candidate) => candidate.accountId === memberId);
    if (!member) throw new IpcError('bad-request', sharingMessages.not_found!);
    const sealedVaultKey = await this.vaults.withVaultKey(accountId, vaultId, (key) => toWire(sealVaultKey(key, vaultId, fromWire(member.publicKey))));
    const { members } = await this.#call(accountId, vaultRoutes.addMember, { params: { vaultId }, body: { accountId: memberId, publicKey: member.publicKey, sealedVaultKey } });
    return this.#withCandidates(accountId, members, family);
  }

  async unshare(accountId: string, vaultId: string, memberId: string): Promise<VaultAccess> {
    const { members } = await this.#call(accountId, vaultRoutes.removeMember, { params: { vaultId, accountId: memberId } });
    return this.#withCandidates(accountId, members);
  }

  /** The owner also sees the family members who do not have access yet (from `family` when the caller has just read it). */
  async #withCandidates(accountId: string, members: VaultMember[], family?: FamilyView | null): Promise<VaultAccess> {
    const you = this.accounts.unlocked(accountId).serverAccountId;
    if (!members.some((member) => member.accountId === you && member.role === 'owner')) return { members, candidates: [] };
    family ??= await this.family.family(accountId);
    const inside = new Set(members.map((member) => member.accountId));
    const candidates = (family?.members ?? []).filter((member) => !inside.has(member.accountId)).map(({ accountId: id, email }) => ({ accountId: id, email }));
    return { members, candidates };
  }

  #call<D extends RouteDefinition>(accountId: string, route: D, options: Omit<CallOptions<D>, 'sessionToken'>): Promise<RouteResponse<D>> {
    return this.accounts.callWithSession(accountId, route, options, sharingMessages);
  }
}
