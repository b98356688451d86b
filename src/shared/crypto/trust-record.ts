/**
 * The trust record's plaintext (docs/security-design.md §8.7): which organizers an account
 * trusts per family, and which members it has verified, each by security code. It is the
 * plaintext of envelope 0x0D, kept by the device and, sealed, on the server.
 *
 * Byte layout (all integers big-endian; ids and codes are ASCII):
 *   version (8), 1 ≤ version ≤ 2^53 − 1
 *   family count f (1), f ≤ TRUST_RECORD_MAX_FAMILIES
 *   f family blocks, strictly ascending by family id bytes:
 *     id length (1) = 22 ‖ family id (16 bytes as unpadded base64url)
 *     code count c (1), 1 ≤ c ≤ TRUST_RECORD_MAX_ORGANIZERS
 *     c security codes of 24 symbols, strictly ascending
 *   member count m (2), m ≤ TRUST_RECORD_MAX_MEMBERS
 *   m member entries, strictly ascending by account id bytes:
 *     id length (1) = 6 ‖ account id ‖ security code (24)
 * Nothing may follow the last entry. This file encodes and parses; main core seals and opens.
 */
import { ascii, concatAll, concatBytes, u64be } from './bytes';
import { LatchkeyCryptoError } from './errors';

export const TRUST_RECORD_MAX_FAMILIES = 8;
const TRUST_RECORD_MAX_ORGANIZERS = 64;
const TRUST_RECORD_MAX_MEMBERS = 1000;

const CODE_BYTES = 24;
const FAMILY_ID = /^[A-Za-z0-9_-]{21}[AQgw]$/;
const ACCOUNT_ID = /^[0-9A-HJKMNP-TV-Y]{6}$/;
const CODE = /^[0-9A-HJKMNP-TV-Y]{24}$/;

export interface TrustRecord {
  readonly version: number;
  /** family id → canonical security codes of the organizers trusted for it. */
  readonly organizers: ReadonlyMap<string, readonly string[]>;
  /** account id → canonical security code the person verified for that member. */
  readonly members: ReadonlyMap<string, string>;
}

export const EMPTY_TRUST_RECORD: TrustRecord = { version: 0, organizers: new Map(), members: new Map() };

/** A record that does not follow the layout. `reason` names the first rule broken. */
export class TrustRecordError extends LatchkeyCryptoError {
  constructor(readonly reason: string) {
    super('TRUST_RECORD_INVALID', `Trust record is invalid: ${reason}`);
  }
}

const ordered = (values: Iterable<string>) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function field(value: string, pattern: RegExp, what: string): Uint8Array {
  if (!pattern.test(value)) throw new TrustRecordError(`bad ${what}`);
  return concatBytes(Uint8Array.of(value.length), ascii(value));
}

export function encodeTrustRecord(record: TrustRecord): Uint8Array {
  if (!Number.isSafeInteger(record.version) || record.version < 1) throw new TrustRecordError('bad version');
  if (record.organizers.size > TRUST_RECORD_MAX_FAMILIES) throw new TrustRecordError('too many families');
  if (record.members.size > TRUST_RECORD_MAX_MEMBERS) throw new TrustRecordError('too many members');
  const parts = [u64be(record.version), Uint8Array.of(record.organizers.size)];
  for (const familyId of ordered(record.organizers.keys())) {
    const codes = ordered(new Set(record.organizers.get(familyId)));
    if (codes.length < 1 || codes.length > TRUST_RECORD_MAX_ORGANIZERS) throw new TrustRecordError('bad organizer count');
    parts.push(field(familyId, FAMILY_ID, 'family id'), Uint8Array.of(codes.length));
    for (const code of codes) {
      if (!CODE.test(code)) throw new TrustRecordError('bad code');
      parts.push(ascii(code));
    }
  }
  parts.push(Uint8Array.of(record.members.size >> 8, record.members.size & 0xff));
  for (const accountId of ordered(record.members.keys())) {
    const code = record.members.get(accountId)!;
    if (!CODE.test(code)) throw new TrustRecordError('bad code');
    parts.push(field(accountId, ACCOUNT_ID, 'account id'), ascii(code));
  }
  return concatAll(parts);
}

/** Parses a record; refuses anything but the one canonical encoding of a valid record. */
export function parseTrustRecord(bytes: Uint8Array): TrustRecord {
  if (!(bytes instanceof Uint8Array)) throw new TrustRecordError('not bytes');
  const reader = new Reader(bytes);
  const version = reader.u64();
  if (!Number.isSafeInteger(version) || version < 1) throw new TrustRecordError('bad version');
  const familyCount = reader.u8();
  if (familyCount > TRUST_RECORD_MAX_FAMILIES) throw new TrustRecordError('too many families');
  const organizers = new Map<string, string[]>();
  let previousFamily = '';
  for (let f = 0; f < familyCount; f++) {
    const familyId = reader.id(FAMILY_ID, 'family id');
    if (!(previousFamily < familyId)) throw new TrustRecordError('families not in order');
    const count = reader.u8();
    if (count < 1 || count > TRUST_RECORD_MAX_ORGANIZERS) throw new TrustRecordError('bad organizer count');
    const codes: string[] = [];
    for (let c = 0; c < count; c++) {
      const code = reader.code();
      if (codes.length > 0 && !(codes.at(-1)! < code)) throw new TrustRecordError('codes not in order');
      codes.push(code);
    }
    organizers.set(familyId, codes);
    previousFamily = familyId;
  }
  const memberCount = reader.u16();
  if (memberCount > TRUST_RECORD_MAX_MEMBERS) throw new TrustRecordError('too many members');
  const members = new Map<string, string>();
  let previousMember = '';
  for (let m = 0; m < memberCount; m++) {
    const accountId = reader.id(ACCOUNT_ID, 'account id');
    if (!(previousMember < accountId)) throw new TrustRecordError('members not in order');
    members.set(accountId, reader.code());
    previousMember = accountId;
  }
  if (!reader.done()) throw new TrustRecordError('trailing bytes');
  return { version, organizers, members };
}

class Reader {
  #at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  #take(length: number): Uint8Array {
    if (this.bytes.length < this.#at + length) throw new TrustRecordError('too short');
    const slice = this.bytes.subarray(this.#at, this.#at + length);
    this.#at += length;
    return slice;
  }

  u8(): number {
    return this.#take(1)[0]!;
  }

  u16(): number {
    const [high, low] = this.#take(2);
    return (high! << 8) | low!;
  }

  u64(): number {
    const b = this.#take(8);
    const view = new DataView(b.buffer, b.byteOffset, 8);
    return view.getUint32(0) * 2 ** 32 + view.getUint32(4);
  }

  id(pattern: RegExp, what: string): string {
    const value = String.fromCharCode(...this.#take(this.u8()));
    if (!pattern.test(value)) throw new TrustRecordError(`bad ${what}`);
    return value;
  }

  code(): string {
    const value = String.fromCharCode(...this.#take(CODE_BYTES));
    if (!CODE.test(value)) throw new TrustRecordError('bad code');
    return value;
  }

  done(): boolean {
    return this.#at === this.bytes.length;
  }
}
