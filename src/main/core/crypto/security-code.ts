/** An account's security code (docs/security-design.md §8.7): SHA-256 of its public keys, as 24 symbols. */
import { createHash } from 'node:crypto';
import { securityCodeFromDigest, securityCodeInput, type AccountPublicKeys } from '../../../shared/crypto/fingerprint';

export function securityCode(keys: AccountPublicKeys): string {
  return securityCodeFromDigest(new Uint8Array(createHash('sha256').update(securityCodeInput(keys)).digest()));
}
