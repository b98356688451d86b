/**
 * The account profile's plaintext (docs/security-design.md §8.8): the name the person gave
 * their account, so every device of the account shows it. It is the plaintext of envelope
 * 0x0F, sealed by a device of the account; the server keeps it and cannot read it.
 *
 * Byte layout, always ACCOUNT_PROFILE_BYTES long (so the envelope does not tell the name's length):
 *   format (1) = 0x01 ‖ name length n (2, big-endian) ‖ UTF-8 name (n) ‖ zero bytes to the end
 * The name is NFC, trimmed, 1 to ACCOUNT_NAME_MAX_CHARS characters, with no control characters.
 * This file encodes and parses; main core seals and opens.
 */
import { utf8 } from './bytes';
import { LatchkeyCryptoError } from './errors';

export const ACCOUNT_PROFILE_FORMAT = 0x01;
export const ACCOUNT_PROFILE_BYTES = 512;
/** As many characters as sign-up takes for a name. */
export const ACCOUNT_NAME_MAX_CHARS = 100;
const HEADER = 3;

// src/shared's compiler settings leave out the DOM and Node typings: TextDecoder's one use is declared here.
declare const TextDecoder: new (label: 'utf-8', options: { fatal: true }) => { decode(bytes: Uint8Array): string };

/** A profile that does not follow the layout. `reason` names the first rule broken. */
export class AccountProfileError extends LatchkeyCryptoError {
  constructor(readonly reason: string) {
    super('ACCOUNT_PROFILE_INVALID', `Account profile is invalid: ${reason}`);
  }
}

// Any C0 or C1 control character, DEL included.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** The name as it is sealed: NFC and trimmed; throws AccountProfileError for one the layout does not allow. */
export function accountName(name: string): string {
  const normal = name.normalize('NFC').trim();
  if (normal.length === 0) throw new AccountProfileError('empty name');
  if ([...normal].length > ACCOUNT_NAME_MAX_CHARS) throw new AccountProfileError('name too long');
  if (CONTROL.test(normal)) throw new AccountProfileError('control character in the name');
  return normal;
}

export function encodeAccountProfile(name: string): Uint8Array {
  const bytes = utf8(accountName(name));
  const out = new Uint8Array(ACCOUNT_PROFILE_BYTES);
  out[0] = ACCOUNT_PROFILE_FORMAT;
  out[1] = bytes.length >> 8;
  out[2] = bytes.length & 0xff;
  out.set(bytes, HEADER);
  return out;
}

/** The name in a profile's plaintext; throws AccountProfileError for bytes not in the layout. */
export function parseAccountProfile(bytes: Uint8Array): string {
  if (bytes.length !== ACCOUNT_PROFILE_BYTES) throw new AccountProfileError('wrong length');
  if (bytes[0] !== ACCOUNT_PROFILE_FORMAT) throw new AccountProfileError('unknown format');
  const length = (bytes[1]! << 8) | bytes[2]!;
  if (length > ACCOUNT_PROFILE_BYTES - HEADER) throw new AccountProfileError('name length beyond the profile');
  if (bytes.subarray(HEADER + length).some((byte) => byte !== 0)) throw new AccountProfileError('padding not zero');
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER, HEADER + length));
  } catch {
    throw new AccountProfileError('name not UTF-8');
  }
  // Only a name as accountName gives it back was sealed by Latchkey.
  if (accountName(name) !== name) throw new AccountProfileError('name not normalised');
  return name;
}
