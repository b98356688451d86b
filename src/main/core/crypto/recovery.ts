/**
 * Recovery-code keys and the pending credential.
 *
 *   IKM          = ASCII(canonical code)        ("R1" ‖ 65 symbols, 67 bytes)
 *   wrappingKey  = HKDF(IKM, salt = empty, info = "latchkey/v1/recovery/wrapping-key", 32)
 *   authSecret   = HKDF(IKM, salt = empty, info = "latchkey/v1/recovery/auth-secret", 32)
 *
 * The wrapping key wraps the account key (envelope kind 0x02, AAD [accountId]); the
 * authentication secret is the OPAQUE password of the recovery credential.
 */

import { recoveryWrapAad } from '../../../shared/crypto/aad';
import { EnvelopeKind } from '../../../shared/crypto/envelope';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import type { RandomSource } from '../../../shared/crypto/random';
import type { RecoveryCode } from '../../../shared/crypto/recovery-code';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { wrapAccountKey } from './account-key';
import { aeadOpen, aeadSeal, KEY_BYTES } from './aead';
import { hkdfSha256 } from './hkdf';
import { opaqueFinishRegistration, opaqueStartRegistration, type OpaqueRegistrationStart } from './opaque-client';
import { systemRandom } from './sodium';

export interface RecoveryKeys {
  readonly wrappingKey: SecretBytes;
  readonly authSecret: SecretBytes;
  dispose(): void;
}

export function deriveRecoveryKeys(code: RecoveryCode): RecoveryKeys {
  const ikm = code.canonical.expose();
  const empty = new Uint8Array(0);
  const wrappingKey = new SecretBytes(hkdfSha256(ikm, empty, HKDF_LABELS.recoveryWrappingKey, 32));
  const authSecret = new SecretBytes(hkdfSha256(ikm, empty, HKDF_LABELS.recoveryAuthSecret, 32));
  return {
    wrappingKey,
    authSecret,
    dispose() {
      wrappingKey.dispose();
      authSecret.dispose();
    },
  };
}

export function wrapAccountKeyForRecovery(
  accountKey: SecretBytes,
  keys: RecoveryKeys,
  accountId: string,
  random: RandomSource = systemRandom,
): Uint8Array {
  return aeadSeal(EnvelopeKind.AccountKeyByRecovery, keys.wrappingKey.expose(), accountKey.expose(), recoveryWrapAad(accountId), random);
}

export function unwrapAccountKeyWithRecovery(wrapped: Uint8Array, keys: RecoveryKeys, accountId: string): SecretBytes {
  return new SecretBytes(
    aeadOpen(EnvelopeKind.AccountKeyByRecovery, keys.wrappingKey.expose(), wrapped, recoveryWrapAad(accountId), KEY_BYTES),
  );
}

/** What the client uploads as the pending recovery credential. */
export interface PendingRecoveryCredential {
  /** Account key wrapped by the code's wrapping key (envelope kind 0x02). */
  readonly wrappedAccountKey: Uint8Array;
  /** OPAQUE registration record of the code's authentication secret. */
  readonly registrationRecord: string;
}

/** Setup step 1: derive the keys and start the OPAQUE registration (send `registrationRequest`). */
export function startRecoverySetup(code: RecoveryCode): { keys: RecoveryKeys; registration: OpaqueRegistrationStart } {
  const keys = deriveRecoveryKeys(code);
  return { keys, registration: opaqueStartRegistration(keys.authSecret) };
}

/** Setup step 2: finish the OPAQUE registration and wrap the account key. Does not dispose `keys`. */
export function finishRecoverySetup(args: {
  keys: RecoveryKeys;
  clientRegistrationState: string;
  registrationResponse: string;
  accountKey: SecretBytes;
  accountId: string;
  random?: RandomSource;
}): PendingRecoveryCredential {
  const { registrationRecord } = opaqueFinishRegistration({
    secret: args.keys.authSecret,
    clientRegistrationState: args.clientRegistrationState,
    registrationResponse: args.registrationResponse,
  });
  return {
    registrationRecord,
    wrappedAccountKey: wrapAccountKeyForRecovery(args.accountKey, args.keys, args.accountId, args.random ?? systemRandom),
  };
}

/**
 * Use: after proving possession (OPAQUE login with keys.authSecret) and the email check, the
 * client receives the recovery-wrapped account key and re-wraps the same account key under
 * the Account Unlock Key derived from the new password and new Secret Key.
 */
export function rewrapAccountKeyAfterRecovery(args: {
  recoveryWrapped: Uint8Array;
  keys: RecoveryKeys;
  newAccountUnlockKey: SecretBytes;
  accountId: string;
  random?: RandomSource;
}): { accountKey: SecretBytes; wrappedAccountKey: Uint8Array } {
  const accountKey = unwrapAccountKeyWithRecovery(args.recoveryWrapped, args.keys, args.accountId);
  return {
    accountKey,
    wrappedAccountKey: wrapAccountKey(accountKey, args.newAccountUnlockKey, args.accountId, args.random ?? systemRandom),
  };
}
