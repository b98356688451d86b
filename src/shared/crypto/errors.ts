/**
 * Typed errors of the crypto core. Every error carries a stable `code`; messages never
 * contain key material, passwords, codes or any part of a parsed input.
 */

export type CryptoErrorCode =
  | 'SECRET_KEY_INVALID'
  | 'RECOVERY_CODE_INVALID'
  | 'SECURITY_CODE_INVALID'
  | 'ENVELOPE_MALFORMED'
  | 'ENVELOPE_UNSUPPORTED'
  | 'DECRYPTION_FAILED'
  | 'PADDING_INVALID'
  | 'KDF_PARAMS_REJECTED'
  | 'INVALID_ARGUMENT'
  | 'OPAQUE_FAILED'
  | 'VAULT_LIST_INVALID'
  | 'VAULT_LIST_REFUSED'
  | 'DEVICE_STATE_INVALID'
  | 'TRUST_RECORD_INVALID'
  | 'ACCOUNT_PROFILE_INVALID';

export class LatchkeyCryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

export type SecretKeyParseReason = 'empty' | 'wrong-version' | 'wrong-length' | 'invalid-character';

/** Typed symbol text that could not be read: why, and where (0-based over the canonical characters) when one place is to blame. */
abstract class SymbolTextError<Reason extends string> extends LatchkeyCryptoError {
  constructor(
    code: CryptoErrorCode,
    readonly reason: Reason,
    message: string,
    readonly position: number | undefined,
  ) {
    super(code, message);
  }
}

/** The Secret Key text could not be parsed. */
export class SecretKeyParseError extends SymbolTextError<SecretKeyParseReason> {
  constructor(reason: SecretKeyParseReason, message: string, position?: number) {
    super('SECRET_KEY_INVALID', reason, message, position);
  }
}

export type RecoveryCodeParseReason =
  | 'empty'
  | 'wrong-version'
  | 'looks-like-secret-key'
  | 'wrong-length'
  | 'invalid-character'
  | 'check-failed';

/**
 * The recovery code text could not be decoded. `groups` lists the 1-based numbers of the
 * groups that are wrong (for 'check-failed' and 'invalid-character'; for 'wrong-length' it is
 * the first group that does not verify, when one can be named).
 */
export class RecoveryCodeParseError extends LatchkeyCryptoError {
  readonly reason: RecoveryCodeParseReason;
  readonly groups: readonly number[];

  constructor(reason: RecoveryCodeParseReason, message: string, groups: readonly number[] = []) {
    super('RECOVERY_CODE_INVALID', message);
    this.reason = reason;
    this.groups = groups;
  }
}

export type SecurityCodeParseReason = 'empty' | 'wrong-length' | 'invalid-character';

/** Typed security-code text could not be read. */
export class SecurityCodeParseError extends SymbolTextError<SecurityCodeParseReason> {
  constructor(reason: SecurityCodeParseReason, message: string, position?: number) {
    super('SECURITY_CODE_INVALID', reason, message, position);
  }
}

export class EnvelopeError extends LatchkeyCryptoError {
  constructor(code: 'ENVELOPE_MALFORMED' | 'ENVELOPE_UNSUPPORTED', message: string) {
    super(code, message);
  }
}

/** Authenticated decryption failed: wrong key, wrong context (AAD) or tampered bytes. */
export class DecryptionError extends LatchkeyCryptoError {
  constructor(message = 'Decryption failed: wrong key, wrong context or tampered data') {
    super('DECRYPTION_FAILED', message);
  }
}

/** An opened item plaintext is not padded as §9.2 requires (wrong length, no 0x80, or non-zero bytes after it). */
export class PaddingError extends LatchkeyCryptoError {
  constructor(message: string) {
    super('PADDING_INVALID', message);
  }
}

/** Argon2id parameters outside the accepted range (a downgrade or a resource attack). */
export class KdfParamsError extends LatchkeyCryptoError {
  constructor(message: string) {
    super('KDF_PARAMS_REJECTED', message);
  }
}

export class InvalidArgumentError extends LatchkeyCryptoError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** An OPAQUE step failed (bad message, wrong password, wrong server). */
export class OpaqueError extends LatchkeyCryptoError {
  constructor(message: string) {
    super('OPAQUE_FAILED', message);
  }
}
