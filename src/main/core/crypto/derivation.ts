/**
 * Two-secret key derivation (2SKD), version 1.
 *
 *   e      = NFKD(lower(trim(email)))
 *   salt   = HKDF(IKM = serverSalt, salt = UTF-8(e), info = "latchkey/v1/2skd/argon2id-salt", 32)
 *   Kp     = Argon2id(UTF-8(NFKD(password).trim()), salt, m, t, p, 32)
 *   Ks     = HKDF(IKM = secret symbols, salt = "K1" ‖ accountId, info = "latchkey/v1/2skd/secret-key", 32)
 *   K      = Kp XOR Ks
 *   AUK    = HKDF(IKM = K, salt = accountId, info = "latchkey/v1/2skd/account-unlock-key", 32)
 *   auth   = HKDF(IKM = K, salt = accountId, info = "latchkey/v1/2skd/auth-secret", 32)
 *
 * One Argon2id run yields both the Account Unlock Key and the OPAQUE password.
 */

import { ARGON2ID_SALT_BYTES, assertArgon2idParams, type Argon2idParams } from '../../../shared/crypto/argon2-params';
import { ascii, utf8 } from '../../../shared/crypto/bytes';
import { InvalidArgumentError } from '../../../shared/crypto/errors';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import { normaliseEmail, normalisePassword } from '../../../shared/crypto/normalise';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import type { SecretKey } from '../../../shared/crypto/secret-key';
import { argon2id } from './argon2';
import { hkdfSha256 } from './hkdf';
import { memzero } from './sodium';

export const SERVER_SALT_MIN_BYTES = 16;

export interface AccountDerivationInput {
  readonly password: string;
  readonly email: string;
  /** Random per-account salt kept by the server: 32 bytes (the server draws them at sign-up); at least 16 accepted. */
  readonly serverSalt: Uint8Array;
  /** Argon2id parameters stored with the account; refused below the floor. */
  readonly params: Argon2idParams;
  readonly secretKey: SecretKey;
}

export interface AccountKeys {
  /** Account Unlock Key: wraps the account key. */
  readonly accountUnlockKey: SecretBytes;
  /** Authentication secret: the OPAQUE password of the account. */
  readonly authSecret: SecretBytes;
  dispose(): void;
}

/** The Argon2id salt, bound to the account's email. */
export function deriveArgon2Salt(serverSalt: Uint8Array, email: string): Uint8Array {
  if (serverSalt.length < SERVER_SALT_MIN_BYTES) throw new InvalidArgumentError('Server salt is too short');
  return hkdfSha256(serverSalt, utf8(normaliseEmail(email)), HKDF_LABELS.argon2Salt, ARGON2ID_SALT_BYTES);
}

/** The Secret Key half Ks, bound to the account id. */
export function deriveSecretKeyHalf(secretKey: SecretKey): SecretBytes {
  return new SecretBytes(
    hkdfSha256(secretKey.secret.expose(), ascii(secretKey.version + secretKey.accountId), HKDF_LABELS.secretKey, 32),
  );
}

/** K = Kp XOR Ks, then the two independent outputs. Does not dispose its inputs. */
export function combineAccountKeys(passwordHalf: Uint8Array, secretKeyHalf: Uint8Array, accountId: string): AccountKeys {
  if (passwordHalf.length !== 32 || secretKeyHalf.length !== 32) throw new InvalidArgumentError('Key halves must be 32 bytes');
  const k = new Uint8Array(32);
  for (let i = 0; i < 32; i++) k[i] = passwordHalf[i]! ^ secretKeyHalf[i]!;
  try {
    const salt = ascii(accountId);
    const accountUnlockKey = new SecretBytes(hkdfSha256(k, salt, HKDF_LABELS.accountUnlockKey, 32));
    const authSecret = new SecretBytes(hkdfSha256(k, salt, HKDF_LABELS.authSecret, 32));
    return {
      accountUnlockKey,
      authSecret,
      dispose() {
        accountUnlockKey.dispose();
        authSecret.dispose();
      },
    };
  } finally {
    memzero(k);
  }
}

/**
 * Kp, the Argon2id half: it needs only the password, the email and the account's KDF
 * description, not the Secret Key, so an unlock can start it before reading the keychain.
 * Throws KdfParamsError below the floor, before any work.
 */
export async function derivePasswordHalf(input: Omit<AccountDerivationInput, 'secretKey'>): Promise<SecretBytes> {
  assertArgon2idParams(input.params);
  const salt = deriveArgon2Salt(input.serverSalt, input.email);
  const password = utf8(normalisePassword(input.password));
  try {
    return new SecretBytes(await argon2id(password, salt, input.params));
  } finally {
    memzero(password);
  }
}

/**
 * The full 2SKD: one Argon2id run, or none when `passwordHalf` is Kp already derived from this
 * same input (it is disposed here). Throws KdfParamsError below the floor, before any work.
 */
export async function deriveAccountKeys(input: AccountDerivationInput, passwordHalf?: Promise<SecretBytes>): Promise<AccountKeys> {
  const kp = await (passwordHalf ?? derivePasswordHalf(input));
  let ks: SecretBytes | undefined;
  try {
    ks = deriveSecretKeyHalf(input.secretKey);
    return combineAccountKeys(kp.expose(), ks.expose(), input.secretKey.accountId);
  } finally {
    kp.dispose();
    ks?.dispose();
  }
}
