/**
 * Byte layouts of every wrapped key and ciphertext (format version 0x01).
 *
 * AEAD envelope (XChaCha20-Poly1305-IETF):
 *   version (1) = 0x01 ‖ kind (1) ‖ nonce (24) ‖ ciphertext ‖ tag (16)
 * Sealed envelope (libsodium crypto_box_seal):
 *   version (1) = 0x01 ‖ kind (1) ‖ sealed box (32-byte ephemeral public key ‖ box with 16-byte MAC)
 */

import { EnvelopeError } from './errors';

export const ENVELOPE_VERSION = 0x01;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
export const SEAL_OVERHEAD = 48;
export const HEADER_BYTES = 2;

export const EnvelopeKind = {
  /** The account key, wrapped by the Account Unlock Key. */
  AccountKeyByAuk: 0x01,
  /** The account key, wrapped by a recovery code's wrapping key. */
  AccountKeyByRecovery: 0x02,
  /** The keyset's private keys, encrypted under the account key. */
  KeysetPrivate: 0x03,
  /** A vault key, sealed to a member's X25519 public key. */
  VaultKeySealed: 0x04,
  /** An item's overview (title, username, URLs) under the vault key, unpadded: items written before padding; read, no longer written. */
  ItemOverview: 0x05,
  /** An item's details (password, notes) under the vault key, unpadded: items written before padding; read, no longer written. */
  ItemDetails: 0x06,
  /** A family recovery group's private key, sealed to an organizer's X25519 public key. */
  FamilyGroupKeySealed: 0x07,
  /** A shared vault's attributes (its name) under the vault key. */
  VaultAttributes: 0x08,
  /** An item's overview under the vault key, padded to a size bucket (padding.ts): what devices write. */
  PaddedItemOverview: 0x09,
  /** An item's details under the vault key, padded to a size bucket (padding.ts): what devices write. */
  PaddedItemDetails: 0x0a,
  /** A signed deletion: an empty plaintext under the vault key, bound to the vault, item and tombstone version (§8.4). */
  ItemDeletionMarker: 0x0b,
  /** This device's record of the highest item versions and vault list counter it has seen, under a key from the account key. */
  DeviceStateRecord: 0x0c,
  /** The trust record: the organizers this account trusts and the members it verified, under HKDF(account key, trustRecordKey) (§8.7). */
  TrustRecord: 0x0d,
  /** The account key, wrapped by a command-line session key (`latchkey unlock`, §13.8), bound to the account and the session's expiry. */
  CliSession: 0x0e,
  /** The account's profile (its name), under HKDF(account key, accountProfileKey), bound to the account and the profile's version (§8.8). */
  AccountProfile: 0x0f,
} as const;
export type EnvelopeKind = (typeof EnvelopeKind)[keyof typeof EnvelopeKind];

/** A kind as the spec writes it: `0x0A`. */
export function envelopeKindName(kind: EnvelopeKind): string {
  return `0x${kind.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The kinds made with crypto_box_seal; every other kind is an AEAD envelope. */
export type SealedKind = typeof EnvelopeKind.VaultKeySealed | typeof EnvelopeKind.FamilyGroupKeySealed;
export type AeadKind = Exclude<EnvelopeKind, SealedKind>;

const KNOWN_KINDS = new Set<number>(Object.values(EnvelopeKind));

export interface AeadEnvelope {
  readonly kind: AeadKind;
  readonly nonce: Uint8Array;
  /** Ciphertext followed by the 16-byte tag. */
  readonly ciphertext: Uint8Array;
}

export function encodeAeadEnvelope(env: AeadEnvelope): Uint8Array {
  if (env.nonce.length !== NONCE_BYTES) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Nonce must be 24 bytes');
  if (env.ciphertext.length < TAG_BYTES) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Ciphertext too short');
  const out = new Uint8Array(HEADER_BYTES + NONCE_BYTES + env.ciphertext.length);
  out[0] = ENVELOPE_VERSION;
  out[1] = env.kind;
  out.set(env.nonce, HEADER_BYTES);
  out.set(env.ciphertext, HEADER_BYTES + NONCE_BYTES);
  return out;
}

function checkHeader(bytes: Uint8Array, expected: EnvelopeKind): void {
  if (!(bytes instanceof Uint8Array)) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Envelope must be bytes');
  if (bytes.length < HEADER_BYTES) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Envelope too short');
  if (bytes[0] !== ENVELOPE_VERSION) throw new EnvelopeError('ENVELOPE_UNSUPPORTED', 'Unsupported envelope version');
  if (!KNOWN_KINDS.has(bytes[1]!)) throw new EnvelopeError('ENVELOPE_UNSUPPORTED', 'Unknown envelope kind');
  if (bytes[1] !== expected) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Unexpected envelope kind');
}

/**
 * Checks an AEAD envelope's header and length (as decodeAeadEnvelope) and answers its plaintext length, making no views:
 * what a batch open needs of each of many envelopes (aead-batch.ts copies the envelope in whole).
 */
export function checkAeadEnvelope(bytes: Uint8Array, expected: AeadKind, plaintextLength?: number): number {
  checkHeader(bytes, expected);
  const length = bytes.length - HEADER_BYTES - NONCE_BYTES - TAG_BYTES;
  if (length < 0) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Envelope too short');
  if (plaintextLength !== undefined && length !== plaintextLength) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Envelope has the wrong length');
  return length;
}

/**
 * Decodes an AEAD envelope of the expected kind. `plaintextLength`, when given, is the exact
 * plaintext length the kind requires (keys). The nonce and ciphertext are views into `bytes`, not
 * copies (the AEAD copies them in itself).
 */
export function decodeAeadEnvelope(bytes: Uint8Array, expected: AeadKind, plaintextLength?: number): AeadEnvelope {
  checkAeadEnvelope(bytes, expected, plaintextLength);
  return {
    kind: expected,
    nonce: bytes.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES),
    ciphertext: bytes.subarray(HEADER_BYTES + NONCE_BYTES),
  };
}

export function encodeSealedEnvelope(kind: SealedKind, sealed: Uint8Array): Uint8Array {
  if (sealed.length < SEAL_OVERHEAD) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Sealed box too short');
  const out = new Uint8Array(HEADER_BYTES + sealed.length);
  out[0] = ENVELOPE_VERSION;
  out[1] = kind;
  out.set(sealed, HEADER_BYTES);
  return out;
}

/** Decodes a sealed envelope of the expected kind; `minPlaintext` is the least plaintext length allowed. */
export function decodeSealedEnvelope(bytes: Uint8Array, expected: SealedKind, minPlaintext = 0): Uint8Array {
  checkHeader(bytes, expected);
  const sealed = bytes.slice(HEADER_BYTES);
  if (sealed.length < SEAL_OVERHEAD + minPlaintext) throw new EnvelopeError('ENVELOPE_MALFORMED', 'Sealed box too short');
  return sealed;
}
