/**
 * Who has access to a family shared vault. Giving access seals the vault key, here in the
 * main process, to the member's public key as the family record lists it; the server only
 * stores the sealed box, and refuses it if that member's key changed meanwhile. Each person is
 * shown with their security code (docs/security-design.md §8.7); once the owner marked a
 * member's code as verified, a key that no longer makes that code is refused (`untrusted-key`)
 * and nothing is sealed to it.
 */
import { formatSecurityCode } from '../../../shared/crypto/fingerprint';
import type { TrustRecord } from '../../../shared/crypto/trust-record';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { IpcError } from '../../../shared/ipc/result';
import type { FamilyView } from '../../../shared/server-api/family';
import { vaultRoutes, type VaultMember } from '../../../shared/server-api/vault';
import type { Accounts } from '../account/accounts';
import { sealVaultKey } from '../crypto/vault-keys';
import type { FamilyService } from '../family/family';
import { listedMemberCode, readSecurityCode } from '../family/group-trust';
import type { TrustStore } from '../family/trust-store';
import type { RouteDefinition, RouteResponse } from '../../../shared/server-api/http';
import type { Refusals, SessionCallOptions } from '../account/account-session';
import type { VaultService } from './vault-service';
import { fromWire, toWire } from '../sync/wire';

export type VaultAccess = ResponseOf<'vault.access'>;
type FamilyMember = FamilyView['members'][number];

export const KEYS_CHANGED = 'Their keys changed: check their security code again before sharing. Nothing was shared with them.';
const NOT_THEIR_CODE = 'That is not their security code as their keys are now. Load the screen again and compare the code with them.';

/** The server's refusals in words for the person at the screen. */
const NOT_FOUND = 'That person is no longer in your family, or no longer has access.';
const sharingMessages: Refusals = {
  not_vault_owner: ['family-refused', 'Only the owner of this vault can change who has access.'],
  not_shared: ['family-refused', 'Your Private vault cannot be shared. Make a shared vault for what you want to share.'],
  already_member: ['conflict', 'They already have access to this vault.'],
  stale_public_key: ['conflict', 'Their account changed meanwhile (it was recovered). Try again.'],
  not_found: ['not-found', NOT_FOUND],
};

export class VaultSharing {
  constructor(
    private readonly accounts: Accounts,
    private readonly vaults: Pick<VaultService, 'withVaultKey'>,
    private readonly family: Pick<FamilyService, 'family'>,
    private readonly trust: Pick<TrustStore, 'current' | 'verifyMember'>,
  ) {}

  async access(accountId: string, vaultId: string): Promise<VaultAccess> {
    const { members } = await this.#call(accountId, vaultRoutes.members, { params: { vaultId } });
    return this.#view(accountId, members);
  }

  async share(accountId: string, vaultId: string, memberId: string): Promise<VaultAccess> {
    const family = await this.family.family(accountId);
    const member = family?.members.find((candidate) => candidate.accountId === memberId);
    if (!member) throw new IpcError('not-found', NOT_FOUND);
    const code = listedMemberCode(member);
    const record = await this.trust.current(accountId);
    const verified = record.members.get(memberId);
    if (code === null || (verified !== undefined && verified !== code)) throw new IpcError('untrusted-key', KEYS_CHANGED);
    const sealedVaultKey = await this.vaults.withVaultKey(accountId, vaultId, (key) => toWire(sealVaultKey(key, vaultId, fromWire(member.publicKey))));
    const { members } = await this.#call(accountId, vaultRoutes.addMember, { params: { vaultId }, body: { accountId: memberId, publicKey: member.publicKey, sealedVaultKey } });
    return this.#view(accountId, members, family, record);
  }

  async unshare(accountId: string, vaultId: string, memberId: string): Promise<VaultAccess> {
    const { members } = await this.#call(accountId, vaultRoutes.removeMember, { params: { vaultId, accountId: memberId } });
    return this.#view(accountId, members);
  }

  /** Keeps `typed` as the member's verified code, if it is the code their keys make now. */
  async verify(accountId: string, vaultId: string, memberId: string, typed: string): Promise<VaultAccess> {
    const code = readSecurityCode(typed);
    const family = await this.family.family(accountId);
    const member = family?.members.find((candidate) => candidate.accountId === memberId);
    if (!member) throw new IpcError('not-found', NOT_FOUND);
    if (listedMemberCode(member) !== code) throw new IpcError('untrusted-key', NOT_THEIR_CODE);
    await this.trust.verifyMember(accountId, memberId, code);
    const { members } = await this.#call(accountId, vaultRoutes.members, { params: { vaultId } });
    return this.#view(accountId, members, family);
  }

  /**
   * Each person with their security code and whether it is verified; the owner also sees the
   * family members who do not have access yet (`family` and `record` when the caller has just read them).
   */
  async #view(accountId: string, members: VaultMember[], family?: FamilyView | null, record?: TrustRecord): Promise<VaultAccess> {
    const you = this.accounts.unlocked(accountId).serverAccountId;
    family ??= await this.family.family(accountId);
    record ??= await this.trust.current(accountId);
    const listed = new Map((family?.members ?? []).map((member) => [member.accountId, member]));
    const checked = (id: string) => checkedCode(id, listed.get(id), you, record);
    const withCodes = members.map((member) => ({ ...member, ...checked(member.accountId) }));
    if (!members.some((member) => member.accountId === you && member.role === 'owner')) return { members: withCodes, candidates: [] };
    const inside = new Set(members.map((member) => member.accountId));
    const candidates = [...listed.values()].filter((member) => !inside.has(member.accountId)).map(({ accountId: id, email }) => ({ accountId: id, email, ...checked(id) }));
    return { members: withCodes, candidates };
  }

  #call<D extends RouteDefinition>(accountId: string, route: D, options: SessionCallOptions<D>): Promise<RouteResponse<D>> {
    return this.accounts.session(accountId).call(route, options, sharingMessages);
  }
}

/** A person's code in groups and what this account made of it (see `memberVerifications`). */
function checkedCode(id: string, member: FamilyMember | undefined, you: string, record: TrustRecord): Pick<VaultAccess['candidates'][number], 'securityCode' | 'verification'> {
  const code = member ? listedMemberCode(member) : null;
  const shown = code === null ? null : formatSecurityCode(code);
  if (id === you) return { securityCode: shown, verification: 'you' };
  const verified = record.members.get(id);
  if (verified === undefined) return { securityCode: shown, verification: 'not-verified' };
  return { securityCode: shown, verification: verified === code ? 'verified' : 'keys-changed' };
}
