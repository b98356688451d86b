/**
 * A family's recovery group (docs/security-design.md §8.5): an X25519 key pair whose
 * private key exists only sealed to each organizer (envelope kind 0x07), and to whose public
 * key every family vault key is also sealed (an ordinary vault-key grant, §8.3).
 *
 * Sealed plaintext: group secret key (32) ‖ group public key (32). On opening, the public
 * key is recomputed from the secret and must equal both the sealed copy and the public key
 * the family record names, so a sealed key cannot be passed off as another group's.
 */
import { ascii, bytesEqual, concatBytes, u64be, utf8 } from '../../../shared/crypto/bytes';
import { decodeSealedEnvelope, encodeSealedEnvelope, EnvelopeKind } from '../../../shared/crypto/envelope';
import { DecryptionError, InvalidArgumentError } from '../../../shared/crypto/errors';
import type { RandomSource } from '../../../shared/crypto/random';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { signDetached, verifyDetached, type Keyset } from './keyset';
import type { BoxKeyPair } from './vault-keys';
import { memzero, sodium, systemRandom } from './sodium';

const KEY_BYTES = 32;

export interface GroupKeyPair extends BoxKeyPair {
  dispose(): void;
}

function groupFromSecret(secret: Uint8Array): GroupKeyPair {
  const boxPublicKey = sodium().crypto_scalarmult_base(secret);
  const boxSecretKey = new SecretBytes(secret);
  return { boxPublicKey, boxSecretKey, dispose: () => boxSecretKey.dispose() };
}

export function generateGroupKeyPair(random: RandomSource = systemRandom): GroupKeyPair {
  return groupFromSecret(random(KEY_BYTES));
}

/** The group's private key sealed to one organizer's X25519 public key. */
export function sealGroupKey(group: BoxKeyPair, organizerBoxPublicKey: Uint8Array): Uint8Array {
  if (organizerBoxPublicKey.length !== KEY_BYTES) throw new InvalidArgumentError('Public key must be 32 bytes');
  const plaintext = new Uint8Array(2 * KEY_BYTES);
  plaintext.set(group.boxSecretKey.expose(), 0);
  plaintext.set(group.boxPublicKey, KEY_BYTES);
  try {
    return encodeSealedEnvelope(EnvelopeKind.FamilyGroupKeySealed, sodium().crypto_box_seal(plaintext, organizerBoxPublicKey));
  } finally {
    memzero(plaintext);
  }
}

/** Opens the group key sealed to `organizer`, and checks it is the group whose public key is `groupPublicKey`. */
export function openGroupKey(sealedEnvelope: Uint8Array, groupPublicKey: Uint8Array, organizer: BoxKeyPair): GroupKeyPair {
  const sealed = decodeSealedEnvelope(sealedEnvelope, EnvelopeKind.FamilyGroupKeySealed, 2 * KEY_BYTES);
  let plaintext: Uint8Array;
  try {
    plaintext = sodium().crypto_box_seal_open(sealed, organizer.boxPublicKey, organizer.boxSecretKey.expose());
  } catch {
    throw new DecryptionError();
  }
  if (plaintext.length !== 2 * KEY_BYTES) {
    memzero(plaintext);
    throw new DecryptionError('Group key has the wrong length');
  }
  const group = groupFromSecret(plaintext.slice(0, KEY_BYTES));
  const consistent = bytesEqual(group.boxPublicKey, plaintext.subarray(KEY_BYTES)) && bytesEqual(group.boxPublicKey, groupPublicKey);
  memzero(plaintext);
  if (!consistent) {
    group.dispose();
    throw new DecryptionError("Group key is not this family's");
  }
  return group;
}

export const GROUP_KEY_SIGNATURE_LABEL = 'latchkey/v1/family/group-key';
const SIGNATURE_BYTES = 64;

/** What a group key's organizer signs: which family, which generation of its key, and the key. */
export interface GroupKeyStatement {
  readonly familyId: string;
  readonly generation: number;
  readonly groupPublicKey: Uint8Array;
}

/**
 * Signed bytes: ASCII label ‖ 0x00 ‖ u8 length of the family id ‖ family id (UTF-8)
 * ‖ u64 big-endian generation ‖ group public key (32).
 */
export function groupKeyMessage({ familyId, generation, groupPublicKey }: GroupKeyStatement): Uint8Array {
  const id = utf8(familyId);
  if (id.length === 0 || id.length > 255) throw new InvalidArgumentError('Family id must be 1 to 255 bytes');
  if (groupPublicKey.length !== KEY_BYTES) throw new InvalidArgumentError('Public key must be 32 bytes');
  return concatBytes(ascii(GROUP_KEY_SIGNATURE_LABEL), Uint8Array.of(0, id.length), id, u64be(generation), groupPublicKey);
}

/** The organizer's Ed25519 signature (64 bytes) over the statement. */
export function signGroupKey(statement: GroupKeyStatement, organizer: Keyset): Uint8Array {
  return signDetached(organizer, groupKeyMessage(statement));
}

/** True only if `signature` is 64 bytes and verifies under `organizerSignPublicKey` for exactly this statement. */
export function groupKeySignatureValid(statement: GroupKeyStatement, signature: Uint8Array, organizerSignPublicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || organizerSignPublicKey.length !== KEY_BYTES) return false;
  return verifyDetached(organizerSignPublicKey, groupKeyMessage(statement), signature);
}
