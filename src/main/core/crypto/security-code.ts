/** An account's security code (docs/security-design.md §8.7): SHA-256 of its public keys, as 24 symbols. */
import { createHash } from 'node:crypto';
import { formatSecurityCode, securityCodeFromDigest, securityCodeInput, type AccountPublicKeys } from '../../../shared/crypto/fingerprint';
import type { KeysetPublic } from './keyset';

export function securityCode(keys: AccountPublicKeys): string {
  return securityCodeFromDigest(new Uint8Array(createHash('sha256').update(securityCodeInput(keys)).digest()));
}

/** An unlocked account's own code, in groups as people read it. */
export function ownSecurityCode({ serverAccountId, open }: { serverAccountId: string; open: { keyset: KeysetPublic } }): string {
  return formatSecurityCode(securityCode({ accountId: serverAccountId, boxPublicKey: open.keyset.boxPublicKey, signPublicKey: open.keyset.signPublicKey }));
}
