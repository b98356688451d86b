/**
 * The signed vault list: which vaults an account holds as its own, with each vault's kind,
 * role and a commitment to the vault key the device accepted, and a counter that only goes up.
 * The account's keyset signs it (Ed25519); the server stores it as an opaque blob.
 * (docs/security-design.md §8.6.)
 *
 * Byte layout (all integers big-endian):
 *   version (1) = 0x01
 *   account id (6, ASCII, Crockford base32 as the server issues it)
 *   counter (8), 1 ≤ counter ≤ 2^53 − 1
 *   vault count n (2), n ≤ VAULT_LIST_MAX_VAULTS
 *   n entries of 56 bytes, strictly ascending by vault id bytes:
 *     vault id (22, ASCII: 16 bytes as unpadded base64url)
 *     kind (1): 0x01 private, 0x02 shared
 *     role (1): 0x01 owner, 0x02 member (a private vault is always owner; at most one private vault)
 *     key commitment (32)
 *   signature (64): Ed25519 over ASCII "latchkey/v1/vault-list" ‖ every byte above
 *
 * This file encodes and parses; it never signs or verifies (main core does, with the keyset).
 */
import { ascii, concatBytes, u64be } from './bytes';
import { LatchkeyCryptoError } from './errors';

export const VAULT_LIST_VERSION = 0x01;
export const VAULT_LIST_SIGNATURE_CONTEXT = 'latchkey/v1/vault-list';
export const VAULT_LIST_MAX_VAULTS = 1000;
export const KEY_COMMITMENT_BYTES = 32;
export const VAULT_LIST_SIGNATURE_BYTES = 64;

const ACCOUNT_ID_BYTES = 6;
const VAULT_ID_BYTES = 22;
const HEADER_BYTES = 1 + ACCOUNT_ID_BYTES + 8 + 2;
const ENTRY_BYTES = VAULT_ID_BYTES + 2 + KEY_COMMITMENT_BYTES;
const ACCOUNT_ID = /^[0-9A-HJKMNP-TV-Y]{6}$/;
const VAULT_ID = /^[A-Za-z0-9_-]{21}[AQgw]$/;

const KIND_CODES = { private: 0x01, shared: 0x02 } as const;
const ROLE_CODES = { owner: 0x01, member: 0x02 } as const;

export type VaultListKind = keyof typeof KIND_CODES;
export type VaultListRole = keyof typeof ROLE_CODES;

export interface VaultListEntry {
  readonly vaultId: string;
  readonly kind: VaultListKind;
  readonly role: VaultListRole;
  readonly keyCommitment: Uint8Array;
}

export interface VaultList {
  readonly accountId: string;
  readonly counter: number;
  readonly vaults: readonly VaultListEntry[];
}

export interface ParsedVaultList extends VaultList {
  /** The bytes the signature covers: the context label followed by the list's bytes. */
  readonly signedMessage: Uint8Array;
  readonly signature: Uint8Array;
}

/** A vault list that does not follow the layout. `reason` names the first rule broken. */
export class VaultListError extends LatchkeyCryptoError {
  constructor(readonly reason: string) {
    super('VAULT_LIST_INVALID', `Vault list is invalid: ${reason}`);
  }
}

/** The list's bytes without the signature; refuses a list the parser would refuse. */
export function encodeVaultList(list: VaultList): Uint8Array {
  checkList(list);
  const sorted = [...list.vaults].sort((a, b) => (a.vaultId < b.vaultId ? -1 : 1));
  const out = new Uint8Array(HEADER_BYTES + sorted.length * ENTRY_BYTES);
  out[0] = VAULT_LIST_VERSION;
  out.set(ascii(list.accountId), 1);
  out.set(u64be(list.counter), 1 + ACCOUNT_ID_BYTES);
  out[HEADER_BYTES - 2] = sorted.length >>> 8;
  out[HEADER_BYTES - 1] = sorted.length & 0xff;
  sorted.forEach((entry, i) => {
    const at = HEADER_BYTES + i * ENTRY_BYTES;
    out.set(ascii(entry.vaultId), at);
    out[at + VAULT_ID_BYTES] = KIND_CODES[entry.kind];
    out[at + VAULT_ID_BYTES + 1] = ROLE_CODES[entry.role];
    out.set(entry.keyCommitment, at + VAULT_ID_BYTES + 2);
  });
  checkOrder(sorted.map((entry) => entry.vaultId));
  return out;
}

/** The message an account signs for a list: the context label ‖ the list's bytes. */
export function vaultListSignedMessage(body: Uint8Array): Uint8Array {
  return concatBytes(ascii(VAULT_LIST_SIGNATURE_CONTEXT), body);
}

/** Parses a signed list's bytes (list ‖ signature). Checks the layout only, not the signature. */
export function parseVaultList(bytes: Uint8Array): ParsedVaultList {
  if (!(bytes instanceof Uint8Array)) throw new VaultListError('not bytes');
  if (bytes.length < HEADER_BYTES + VAULT_LIST_SIGNATURE_BYTES) throw new VaultListError('too short');
  if (bytes[0] !== VAULT_LIST_VERSION) throw new VaultListError('unknown version');
  const count = (bytes[HEADER_BYTES - 2]! << 8) | bytes[HEADER_BYTES - 1]!;
  if (count > VAULT_LIST_MAX_VAULTS) throw new VaultListError('too many vaults');
  const bodyLength = HEADER_BYTES + count * ENTRY_BYTES;
  if (bytes.length !== bodyLength + VAULT_LIST_SIGNATURE_BYTES) throw new VaultListError('wrong length');
  const accountId = asciiText(bytes.subarray(1, 1 + ACCOUNT_ID_BYTES));
  const counter = readCounter(bytes.subarray(1 + ACCOUNT_ID_BYTES, HEADER_BYTES - 2));
  const vaults: VaultListEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * ENTRY_BYTES;
    vaults.push({
      vaultId: asciiText(bytes.subarray(at, at + VAULT_ID_BYTES)),
      kind: codeName(KIND_CODES, bytes[at + VAULT_ID_BYTES]!, 'unknown kind'),
      role: codeName(ROLE_CODES, bytes[at + VAULT_ID_BYTES + 1]!, 'unknown role'),
      keyCommitment: bytes.slice(at + VAULT_ID_BYTES + 2, at + ENTRY_BYTES),
    });
  }
  const list = { accountId, counter, vaults };
  checkList(list);
  checkOrder(vaults.map((entry) => entry.vaultId));
  return { ...list, signedMessage: vaultListSignedMessage(bytes.slice(0, bodyLength)), signature: bytes.slice(bodyLength) };
}

function checkList(list: VaultList): void {
  if (!ACCOUNT_ID.test(list.accountId)) throw new VaultListError('bad account id');
  if (!Number.isSafeInteger(list.counter) || list.counter < 1) throw new VaultListError('bad counter');
  if (list.vaults.length > VAULT_LIST_MAX_VAULTS) throw new VaultListError('too many vaults');
  let privateVaults = 0;
  for (const entry of list.vaults) {
    if (!VAULT_ID.test(entry.vaultId)) throw new VaultListError('bad vault id');
    if (!(entry.kind in KIND_CODES)) throw new VaultListError('unknown kind');
    if (!(entry.role in ROLE_CODES)) throw new VaultListError('unknown role');
    if (!(entry.keyCommitment instanceof Uint8Array) || entry.keyCommitment.length !== KEY_COMMITMENT_BYTES) throw new VaultListError('bad key commitment');
    if (entry.kind === 'private' && (entry.role !== 'owner' || ++privateVaults > 1)) throw new VaultListError('bad private vault');
  }
}

/** Vault ids strictly ascending (byte order of their ASCII): one encoding per list, no duplicates. */
function checkOrder(ids: string[]): void {
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) throw new VaultListError('vaults not in order');
}

function readCounter(bytes: Uint8Array): number {
  if (bytes[0] !== 0 || bytes[1]! > 0x1f) throw new VaultListError('bad counter');
  let value = 0;
  for (const b of bytes) value = value * 256 + b;
  return value;
}

function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) {
    if (b > 0x7f) throw new VaultListError('not ASCII');
    text += String.fromCharCode(b);
  }
  return text;
}

function codeName<T extends Record<string, number>>(codes: T, code: number, reason: string): keyof T & string {
  const name = Object.keys(codes).find((key) => codes[key] === code);
  if (name === undefined) throw new VaultListError(reason);
  return name;
}
