/**
 * An item as the device holds it sealed: its id, version, the server's `updatedAt` and its two
 * envelopes, in one byte record, which is also its row in the offline cache (format 4,
 * docs/security-design.md §13.1). The envelopes stay bytes: no base64 string is held per item,
 * an item read from the cache is a view into the file's bytes (no copy), and the cache is
 * written by putting the records one after another.
 *
 *   record = u32be(n) ‖ n bytes: field(itemId) ‖ u64be(version) ‖ field(updatedAt) ‖ field(overview) ‖ field(details)
 *   field  = u32be(length) ‖ bytes (strings as UTF-8)
 */

/** What a record holds, as the server sent it (envelopes as bytes or as its base64url). */
export interface SealedFields {
  itemId: string;
  version: number;
  updatedAt: string;
  overview: Uint8Array | string;
  details: Uint8Array | string;
}

const byteLength = (value: Uint8Array | string, encoding: 'utf8' | 'base64url'): number => (typeof value === 'string' ? Buffer.byteLength(value, encoding) : value.length);

/** The record of an item; envelopes given as strings are decoded from base64url straight into it. */
export function sealRecord({ itemId, version, updatedAt, overview, details }: SealedFields): Buffer {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError('An item version is a non-negative safe integer.');
  const lengths = [byteLength(itemId, 'utf8'), byteLength(updatedAt, 'utf8'), byteLength(overview, 'base64url'), byteLength(details, 'base64url')] as const;
  const record = Buffer.allocUnsafe(4 + 4 * 4 + 8 + lengths[0] + lengths[1] + lengths[2] + lengths[3]);
  let at = record.writeUInt32BE(record.length - 4, 0);
  const put = (value: Uint8Array | string, length: number, encoding: 'utf8' | 'base64url') => {
    at = record.writeUInt32BE(length, at);
    at += typeof value === 'string' ? record.write(value, at, length, encoding) : (record.set(value, at), length);
  };
  put(itemId, lengths[0], 'utf8');
  at = record.writeUInt32BE(Math.floor(version / 2 ** 32), at);
  at = record.writeUInt32BE(version % 2 ** 32, at);
  put(updatedAt, lengths[1], 'utf8');
  put(overview, lengths[2], 'base64url');
  put(details, lengths[3], 'base64url');
  return record;
}

/** The big-endian u32 at `at` (read byte by byte: no DataView or Buffer made for it). */
export const u32 = (bytes: Uint8Array, at: number): number => bytes[at]! * 0x1000000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);

/** Where each field of a record starts (its length prefix): id, version, updatedAt, overview, details, then the end. */
interface Layout {
  id: number;
  version: number;
  updatedAt: number;
  overview: number;
  details: number;
  end: number;
}

/**
 * The record starting at `at` of `bytes`: its layout, or null unless its length fits in `bytes`
 * and its five fields fill it exactly (a damaged or cut file).
 */
export function recordLayout(bytes: Uint8Array, at: number): Layout | null {
  if (at + 4 > bytes.length) return null;
  const end = at + 4 + u32(bytes, at);
  if (end > bytes.length) return null;
  const id = at + 4;
  const version = fieldEnd(bytes, id, end);
  const updatedAt = version + 8;
  const overview = fieldEnd(bytes, updatedAt, end);
  const details = fieldEnd(bytes, overview, end);
  // The version is a safe integer: its high word holds at most 21 bits.
  return fieldEnd(bytes, details, end) === end && u32(bytes, version) < 2 ** 21 ? { id, version, updatedAt, overview, details, end } : null;
}

/** Where the field starting at `from` ends (a record's next field starts), or past `end` when it does not fit. */
function fieldEnd(bytes: Uint8Array, from: number, end: number): number {
  return from + 4 <= end ? from + 4 + u32(bytes, from) : end + 1;
}

/** Whether a record, the `position`th of its file, may be the item looked for (the command line's `item get`). */
export type RecordFilter = (record: Uint8Array, position: number) => boolean;

/** The fields of a record already checked by recordLayout (every record held was). */
function layoutOf(record: Buffer): Layout {
  return recordLayout(record, 0)!;
}

const text = (record: Buffer, at: number): string => record.toString('utf8', at + 4, at + 4 + u32(record, at));
const bytesAt = (record: Buffer, at: number): Buffer => record.subarray(at + 4, at + 4 + u32(record, at));

/** The id, version and overview envelope (a plain view into the record: a Buffer's subarray costs more to make, at every item of an unlock): what unlock needs of each item. */
export function recordHead(record: Buffer): { itemId: string; version: number; overview: Uint8Array } {
  // Read straight from the prefixes (no layout made for it): every record held was checked by recordLayout.
  const version = 8 + u32(record, 4);
  const overview = version + 12 + u32(record, version + 8);
  const envelope = new Uint8Array(record.buffer, record.byteOffset + overview + 4, u32(record, overview));
  return { itemId: record.toString('utf8', 8, version), version: u32(record, version) * 2 ** 32 + u32(record, version + 4), overview: envelope };
}

export function recordUpdatedAt(record: Buffer): string {
  return text(record, layoutOf(record).updatedAt);
}

export function recordDetails(record: Buffer): Buffer {
  return bytesAt(record, layoutOf(record).details);
}
