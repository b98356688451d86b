/**
 * Families in the main process, for one unlocked account (docs/security-design.md §8.5,
 * §13.2). Every key operation happens here: making the recovery group, sealing the group key
 * to a new organizer, replacing the group key when an organizer leaves, sealing this account's
 * vault keys to the group when it joins, and, for an organizer, resealing a recovered member's
 * vault keys to their new keyset. The server only ever sees sealed boxes.
 */
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { IpcError, type IpcErrorCode } from '../../../shared/ipc/result';
import { familyRoutes, type FamilyRole, type FamilyView, type GroupKeyRotation } from '../../../shared/server-api/family';
import { familyOrganizerRoutes } from '../../../shared/server-api/family-organizer';
import type { RouteDefinition, RouteResponse } from '../../../shared/server-api/http';
import { vaultRoutes } from '../../../shared/server-api/vault';
import type { Accounts } from '../account/accounts';
import { generateGroupKeyPair, openGroupKey, sealGroupKey, signGroupKey, type GroupKeyPair } from '../crypto/family-group';
import { systemRandom } from '../crypto/sodium';
import { resealVaultKey, sealVaultKey, type BoxKeyPair } from '../crypto/vault-keys';
import type { Refusals, SessionCallOptions } from '../account/account-session';
import { fromWire, toWire } from '../sync/wire';
import { securityCode } from '../crypto/security-code';
import { listedMemberCode, readSecurityCode, requireTrustedGroupKey } from './group-trust';
import type { TrustStore } from './trust-store';

/** Said while a recovered member waits for an organizer's app to give their vaults back. */
export const AWAITING_ORGANIZER = 'Your Family Organizer has to finish your recovery before your items come back: ask them to open Latchkey. This screen updates by itself.';


const NOT_IN_A_FAMILY = 'This account is not in a family.';
/** Said for an invitation code that is mistyped, expired, cancelled or sent to another address: what the person can do. */
export const INVITE_NOT_VALID =
  'That invitation code does not work: it may be mistyped, expired or cancelled, or sent to another email address. Copy the whole code from the newest invitation email, check that this account uses the address it was sent to, or ask the organizer to send the invitation again.';
const NOT_AN_ORGANIZERS_CODE = "That is not the security code of any of your family's organizers. Check it with them again.";

/** Each vault key, opened from its grant with `holder`, sealed to `recipient` (the same vault ids, new grants). */
const resealEach = (grants: readonly { vaultId: string; sealedVaultKey: string }[], holder: BoxKeyPair, recipient: Uint8Array) =>
  grants.map(({ vaultId, sealedVaultKey }) => ({ vaultId, sealedVaultKey: toWire(resealVaultKey(fromWire(sealedVaultKey), vaultId, holder, recipient)) }));

/** Server refusals in words for the person at the screen; the shared four are the session's. */
const familyMessages = {
  in_a_family: ['family-refused', 'This account is already in a family.'],
  not_an_organizer: ['family-refused', 'Only a Family Organizer can do that.'],
  last_organizer: ['family-refused', 'A family needs at least one organizer: make someone else an organizer first.'],
  invalid_invite: ['code-invalid', INVITE_NOT_VALID],
  stale_group_key: ['conflict', 'The family changed meanwhile. Try again.'],
  grants_mismatch: ['conflict', 'Your vaults changed meanwhile. Try again.'],
  not_found: ['not-found', 'That is no longer in your family. Reload and try again.'],
} as const satisfies Refusals;

/** The family's organizers but `leaverId`: who holds the group key after they leave. */
const organizersBut = (family: FamilyView, leaverId: string) => family.members.filter((member) => member.role === 'organizer' && member.accountId !== leaverId);

const refusal = ([code, message]: readonly [IpcErrorCode, string]) => new IpcError(code, message);

/** A typed invitation code as the server takes it (43 base64url characters), or the same refusal as a code the server does not know. */
function readInviteToken(typed: string): string {
  const token = typed.trim();
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw refusal(familyMessages.invalid_invite);
  return token;
}

export class FamilyService {
  constructor(
    private readonly accounts: Accounts,
    private readonly trusted: TrustStore,
  ) {}

  async family(localUuid: string): Promise<FamilyView | null> {
    return (await this.#call(localUuid, familyRoutes.get)).family;
  }

  /** Makes a family with this account as its organizer: a new recovery group, and every vault of this account sealed to it. */
  async create(localUuid: string, name: string): Promise<FamilyView> {
    const group = generateGroupKeyPair();
    try {
      const { open, serverAccountId } = this.accounts.unlocked(localUuid);
      const familyId = toWire(systemRandom(16));
      const recoveryGroup = {
        publicKey: toWire(group.boxPublicKey),
        signature: toWire(signGroupKey({ familyId, generation: 1, groupPublicKey: group.boxPublicKey }, open.keyset)),
        sealedPrivateKeys: [{ accountId: serverAccountId, sealedPrivateKey: toWire(sealGroupKey(group, open.keyset.boxPublicKey)) }],
        vaultGrants: await this.#grantsTo(localUuid, group.boxPublicKey),
      };
      return (await this.#call(localUuid, familyRoutes.create, { body: { familyId, name, recoveryGroup } })).family;
    } finally {
      group.dispose();
    }
  }

  invite(localUuid: string, email: string): Promise<{ email: string; expiresAt: string }> {
    return this.#call(localUuid, familyRoutes.invite, { body: { email } });
  }

  /** Who invited this account, to which family: shown before joining. */
  async invitation(localUuid: string, inviteToken: string): Promise<{ familyName: string; invitedBy: string }> {
    const { familyName, invitedBy } = await this.#call(localUuid, familyRoutes.invitation, { body: { inviteToken: readInviteToken(inviteToken) } });
    return { familyName, invitedBy };
  }

  /**
   * Joins with the invitation: every vault of this account is sealed to the family's recovery
   * group first, and only if the group key is signed by the organizer whose security code the
   * person was told out of band (`organizerCode`): a key the server chose is refused here.
   */
  async join(localUuid: string, typedToken: string, organizerCode: string): Promise<FamilyView> {
    const inviteToken = readInviteToken(typedToken);
    const trusted = readSecurityCode(organizerCode);
    const { familyId, recoveryGroup } = await this.#call(localUuid, familyRoutes.invitation, { body: { inviteToken } });
    requireTrustedGroupKey(familyId, recoveryGroup, [trusted]);
    await this.trusted.trustOrganizer(localUuid, familyId, trusted);
    const vaultGrants = await this.#grantsTo(localUuid, fromWire(recoveryGroup.publicKey));
    return (await this.#call(localUuid, familyRoutes.join, { body: { inviteToken, keyId: recoveryGroup.keyId, vaultGrants } })).family;
  }

  /**
   * Trusts an organizer made after this account joined, by the security code they told the
   * person out of band: it must be the code of one of the family's organizers as listed now.
   * A group key that organizer signs is then accepted at every seal.
   */
  async trustOrganizer(localUuid: string, organizerCode: string): Promise<FamilyView> {
    const code = readSecurityCode(organizerCode);
    const family = await this.family(localUuid);
    if (!family) throw new IpcError('family-refused', NOT_IN_A_FAMILY);
    if (!family.members.some((member) => member.role === 'organizer' && listedMemberCode(member) === code)) throw new IpcError('untrusted-key', NOT_AN_ORGANIZERS_CODE);
    await this.trusted.trustOrganizer(localUuid, family.familyId, code);
    return family;
  }

  /**
   * Makes a member an organizer (the group key is sealed to their public key), or an organizer
   * a member (the group key is rotated with it, so the one they had opens nothing any more).
   */
  async setRole(localUuid: string, memberId: string, role: FamilyRole): Promise<FamilyView> {
    const family = await this.#require(localUuid);
    const member = this.#member(family, memberId);
    if (role === 'member') {
      const rotation = member.role === 'organizer' ? await this.#rotation(localUuid, family, memberId, 'demoted', organizersBut(family, memberId)) : undefined;
      return (await this.#call(localUuid, familyRoutes.setRole, { params: { accountId: memberId }, body: { role, rotation } })).family;
    }
    const sealedPrivateKey = this.#withGroupKey(localUuid, family, (group) => toWire(sealGroupKey(group, fromWire(member.publicKey))));
    return (await this.#call(localUuid, familyRoutes.setRole, { params: { accountId: memberId }, body: { role, keyId: family.recoveryGroup.keyId, sealedPrivateKey } })).family;
  }

  /** Removes someone from the family; removing an organizer rotates the group key with it. */
  async remove(localUuid: string, memberId: string): Promise<FamilyView> {
    const family = await this.#require(localUuid);
    const rotation = this.#member(family, memberId).role === 'organizer' ? await this.#rotation(localUuid, family, memberId, 'removed', organizersBut(family, memberId)) : undefined;
    return (await this.#call(localUuid, familyRoutes.remove, { params: { accountId: memberId }, body: { rotation } })).family;
  }

  /**
   * This organizer hands the role to `successorId` and stays a member: the group key is
   * rotated to the organizers who remain, the successor included, so the one this account
   * held opens nothing any more.
   */
  async stepDown(localUuid: string, successorId: string): Promise<FamilyView> {
    const family = await this.#require(localUuid);
    const you = this.accounts.unlocked(localUuid).serverAccountId;
    const successor = this.#member(family, successorId);
    if (successorId === you) throw refusal(familyMessages.not_found);
    const organizers = [...organizersBut(family, you).filter((member) => member.accountId !== successorId), successor];
    const rotation = await this.#rotation(localUuid, family, you, 'demoted', organizers);
    return (await this.#call(localUuid, familyOrganizerRoutes.stepDown, { body: { successorId, rotation } })).family;
  }

  /** Cancels the pending invitation to `email`: its code stops working. */
  async cancelInvite(localUuid: string, email: string): Promise<FamilyView> {
    return (await this.#call(localUuid, familyOrganizerRoutes.cancelInvite, { body: { email } })).family;
  }

  /** Dismisses the notice that `memberId` recovered by themselves, cancelling the recovery this account started. */
  async dismissCancelledRecovery(localUuid: string, memberId: string): Promise<FamilyView> {
    return (await this.#call(localUuid, familyOrganizerRoutes.dismissCancelledRecovery, { params: { accountId: memberId } })).family;
  }

  async startRecovery(localUuid: string, memberId: string): Promise<void> {
    await this.#call(localUuid, familyRoutes.startRecovery, { body: { accountId: memberId } });
  }

  async cancelRecovery(localUuid: string, recoveryId: string): Promise<void> {
    await this.#call(localUuid, familyRoutes.cancelRecovery, { params: { recoveryId } });
  }

  /**
   * Gives a recovered member their vaults back: each vault key is opened through the
   * recovery group here and sealed to the member's new public key.
   */
  async completeRecovery(localUuid: string, recoveryId: string): Promise<void> {
    const family = await this.#require(localUuid);
    const pending = await this.#call(localUuid, familyRoutes.recoveryVaults, { params: { recoveryId } });
    if (pending.keyId !== family.recoveryGroup.keyId) throw refusal(familyMessages.stale_group_key);
    const memberKey = fromWire(pending.memberPublicKey);
    const vaultKeys = this.#withGroupKey(localUuid, family, (group) => resealEach(pending.vaults, group, memberKey));
    await this.#call(localUuid, familyRoutes.completeRecovery, { params: { recoveryId }, body: { memberPublicKey: pending.memberPublicKey, vaultKeys } });
  }

  /**
   * What a new vault of this account must carry: nothing outside a family; inside one, its key
   * sealed to the recovery group. While the account waits for an organizer to finish its
   * recovery, no vault is made: its vaults are coming back, and a new one would hide them.
   */
  async newVaultGrant(localUuid: string, vaultId: string, vaultKey: SecretBytes): Promise<{ keyId: string; sealedVaultKey: string } | undefined> {
    const family = await this.family(localUuid);
    if (!family) return undefined;
    const you = this.accounts.unlocked(localUuid).serverAccountId;
    if (family.recoveries.some((recovery) => recovery.accountId === you && recovery.stage === 'awaiting-organizer')) {
      throw new IpcError('unavailable', AWAITING_ORGANIZER);
    }
    requireTrustedGroupKey(family.familyId, family.recoveryGroup, await this.#trustedCodes(localUuid, family.familyId));
    return { keyId: family.recoveryGroup.keyId, sealedVaultKey: toWire(sealVaultKey(vaultKey, vaultId, fromWire(family.recoveryGroup.publicKey))) };
  }

  /** The organizers whose signature on a group key this account accepts: those it trusted at joining, and itself. */
  async #trustedCodes(localUuid: string, familyId: string): Promise<string[]> {
    const { open, serverAccountId } = this.accounts.unlocked(localUuid);
    const own = securityCode({ accountId: serverAccountId, boxPublicKey: open.keyset.boxPublicKey, signPublicKey: open.keyset.signPublicKey });
    return [own, ...(await this.trusted.organizerCodes(localUuid, familyId))];
  }

  /** Each vault of this account, its key opened with the account's keyset and sealed to `groupPublicKey`. */
  async #grantsTo(localUuid: string, groupPublicKey: Uint8Array): Promise<{ vaultId: string; sealedVaultKey: string }[]> {
    const { vaults } = await this.#call(localUuid, vaultRoutes.list);
    return resealEach(vaults, this.accounts.unlocked(localUuid).open.keyset, groupPublicKey);
  }

  /**
   * A rotation for an organizer who leaves (docs/security-design.md §8.5): a new group key pair
   * sealed to every other organizer as the family record lists them, and every family vault
   * grant that stays (a removed member's own vaults leave with them) opened with the current
   * group key and sealed to the new one.
   */
  async #rotation(localUuid: string, family: FamilyView, leaverId: string, leaves: 'demoted' | 'removed', organizers: FamilyView['members']): Promise<GroupKeyRotation> {
    const { keyId, grants } = await this.#call(localUuid, familyRoutes.vaultGrants);
    if (keyId !== family.recoveryGroup.keyId) throw refusal(familyMessages.stale_group_key);
    const staying = leaves === 'removed' ? grants.filter((grant) => grant.createdBy !== leaverId) : grants;
    const next = generateGroupKeyPair();
    try {
      const statement = { familyId: family.familyId, generation: family.recoveryGroup.generation + 1, groupPublicKey: next.boxPublicKey };
      return {
        keyId,
        publicKey: toWire(next.boxPublicKey),
        signature: toWire(signGroupKey(statement, this.accounts.unlocked(localUuid).open.keyset)),
        sealedPrivateKeys: organizers.map((organizer) => ({ accountId: organizer.accountId, sealedPrivateKey: toWire(sealGroupKey(next, fromWire(organizer.publicKey))) })),
        vaultGrants: this.#withGroupKey(localUuid, family, (current) => resealEach(staying, current, next.boxPublicKey)),
      };
    } finally {
      next.dispose();
    }
  }

  #member(family: FamilyView, memberId: string): FamilyView['members'][number] {
    const member = family.members.find((candidate) => candidate.accountId === memberId);
    if (!member) throw refusal(familyMessages.not_found);
    return member;
  }

  /** Opens the family's group key (sealed to this organizer), runs `use`, and wipes it. */
  #withGroupKey<T>(localUuid: string, family: FamilyView, use: (group: GroupKeyPair) => T): T {
    if (family.role !== 'organizer' || !family.recoveryGroup.sealedPrivateKey) throw refusal(familyMessages.not_an_organizer);
    const group = openGroupKey(fromWire(family.recoveryGroup.sealedPrivateKey), fromWire(family.recoveryGroup.publicKey), this.accounts.unlocked(localUuid).open.keyset);
    try {
      return use(group);
    } finally {
      group.dispose();
    }
  }

  async #require(localUuid: string): Promise<FamilyView> {
    const family = await this.family(localUuid);
    if (!family) throw new IpcError('family-refused', NOT_IN_A_FAMILY);
    return family;
  }

  #call<D extends RouteDefinition>(localUuid: string, route: D, options: SessionCallOptions<D> = {}): Promise<RouteResponse<D>> {
    return this.accounts.session(localUuid).call(route, options, familyMessages);
  }
}

