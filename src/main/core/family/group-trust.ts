/**
 * Whether a family's group key may have anything sealed to it (docs/security-design.md §8.7):
 * its signature must verify under the keys of an organizer this account trusts, for this
 * family and this generation. Otherwise `untrusted-key`, and nothing is sealed.
 */
import { LatchkeyCryptoError, SecurityCodeParseError } from '../../../shared/crypto/errors';
import { parseSecurityCode } from '../../../shared/crypto/fingerprint';
import { IpcError } from '../../../shared/ipc/result';
import type { FamilyView, SignedGroupKey } from '../../../shared/server-api/family';
import { groupKeySignatureValid } from '../crypto/family-group';
import { securityCode } from '../crypto/security-code';
import { fromWire } from '../sync/wire';

export const UNTRUSTED_GROUP_KEY = "The family's recovery key is not signed by the organizer you trust, so nothing was shared with it. Check the organizer's security code with them.";

/** A family member's security code from the keys the family record lists (null: keys that are not keys). */
export function listedMemberCode(member: Pick<FamilyView['members'][number], 'accountId' | 'publicKey' | 'signPublicKey'>): string | null {
  try {
    return securityCode({ accountId: member.accountId, boxPublicKey: fromWire(member.publicKey), signPublicKey: fromWire(member.signPublicKey) });
  } catch (error) {
    if (error instanceof LatchkeyCryptoError) return null;
    throw error;
  }
}

/** A typed security code (an organizer's, a member's) in canonical form, or `bad-request` saying what is wrong. */
export function readSecurityCode(typed: string): string {
  try {
    return parseSecurityCode(typed);
  } catch (error) {
    if (error instanceof SecurityCodeParseError) throw new IpcError('invalid-input', `${error.message}.`);
    throw error;
  }
}

/** Returns if `group` is signed, for `familyId`, by the organizer whose security code is one of `trustedCodes`. */
export function requireTrustedGroupKey(familyId: string, group: SignedGroupKey, trustedCodes: readonly string[]): void {
  const { signature, signedBy } = group;
  if (!signature || !signedBy) throw new IpcError('untrusted-key', UNTRUSTED_GROUP_KEY);
  let trusted: boolean;
  try {
    const signer = { accountId: signedBy.accountId, boxPublicKey: fromWire(signedBy.boxPublicKey), signPublicKey: fromWire(signedBy.signPublicKey) };
    trusted =
      trustedCodes.includes(securityCode(signer)) &&
      groupKeySignatureValid({ familyId, generation: group.generation, groupPublicKey: fromWire(group.publicKey) }, fromWire(signature), signer.signPublicKey);
  } catch (error) {
    // Keys of the wrong size, a generation out of range: not a key anyone signed.
    if (!(error instanceof LatchkeyCryptoError)) throw error;
    trusted = false;
  }
  if (!trusted) throw new IpcError('untrusted-key', UNTRUSTED_GROUP_KEY);
}
