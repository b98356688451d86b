/**
 * A vault's title index in the offline cache (docs/security-design.md §13.1), `vaults/<vaultId>.titles` beside the vault
 * file: for each item, a keyed hash of its id, version and lower-cased title, so `latchkey item get TITLE` opens the
 * overviews of the items that may bear that title (and of any the index does not cover) instead of all of them.
 *
 *   file  = "LKTI" ‖ u32(1) ‖ u32(rows) ‖ entry × rows ‖ mac
 *   entry = u32(n) ‖ itemId (n bytes, UTF-8) ‖ u64(version) ‖ tag
 *   tag   = SipHash-2-4(tagKey, u32(n) ‖ itemId ‖ u64(version) ‖ UTF-8(lower-cased title))
 *   mac   = SipHash-2-4(macKey, every byte before it)
 *
 * The id and version are in every tag, so equal titles give unrelated tags and an edit gives a new one: the file tells
 * someone without the vault key nothing the vault file does not (the ids and versions, in clear there too).
 */
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { utf8 } from '../../../shared/crypto/bytes';
import { SHORT_HASH_BYTES, ShortHasher, titleIndexKeys } from '../crypto/title-tags';
import { u32, type RecordFilter } from './sealed-item';

export const TITLE_INDEX_MAGIC = Buffer.from('LKTI', 'latin1');
export const TITLE_INDEX_FORMAT = 1;
const HEADER_BYTES = 12;
const NOTHING = new Uint8Array(0);

export interface TitledItem {
  itemId: string;
  version: number;
  title: string;
}

/** A title as the index compares it: lower case, as `item get` matches titles. */
export const indexedTitle = (title: string): Uint8Array => utf8(title.toLowerCase());

/**
 * Makes the entries of `items` that `made` (entries made before under the same key, by item: an item changed is a new
 * object) lacks, and adds them to it. A vault's writes are many, its changes few.
 */
export function makeTitleEntries<T extends TitledItem>(vaultKey: SecretBytes, vaultId: string, items: readonly T[], made: WeakMap<T, Uint8Array>): void {
  const missing = items.filter((item) => !made.has(item));
  if (missing.length === 0) return;
  withHashers(vaultKey, vaultId, (tags) => {
    for (const item of missing) made.set(item, entryOf(tags, item));
  });
}

/** The index of `items`, under the keys of this vault's key; only the entries `made` lacks are hashed (makeTitleEntries). */
export function encodeTitleIndex<T extends TitledItem>(vaultKey: SecretBytes, vaultId: string, items: readonly T[], made = new WeakMap<T, Uint8Array>()): Buffer {
  makeTitleEntries(vaultKey, vaultId, items, made);
  const entries = items.map((item) => made.get(item)!);
  return withHashers(vaultKey, vaultId, (_, mac) => {
    const file = Buffer.alloc(HEADER_BYTES + entries.reduce((sum, entry) => sum + entry.length, 0) + SHORT_HASH_BYTES);
    const view = new Uint8Array(file.buffer, file.byteOffset, file.length);
    TITLE_INDEX_MAGIC.copy(file, 0);
    file.writeUInt32BE(TITLE_INDEX_FORMAT, 4);
    let at = file.writeUInt32BE(items.length, 8);
    for (const entry of entries) {
      view.set(entry, at);
      at += entry.length;
    }
    mac.hash(view.subarray(0, at), NOTHING, view, at);
    return file;
  });
}

/** One entry: u32(n) ‖ itemId ‖ u64(version) ‖ tag. */
function entryOf(tags: ShortHasher, { itemId, version, title }: TitledItem): Uint8Array {
  const id = utf8(itemId);
  const entry = new Uint8Array(12 + id.length + SHORT_HASH_BYTES);
  const headEnd = writeHead(entry, 0, id, version);
  tags.hash(entry.subarray(0, headEnd), indexedTitle(title), entry, headEnd);
  return entry;
}

/**
 * Which records of the vault file may bear `title`: the `position`th record is ruled out when the index's entry at that
 * position names the same item and version and its tag is not the title's (the index is written in the file's order).
 * Null when `bytes` are not a whole index of this format made with this vault's key: then it rules nothing out.
 */
export function titleFilter(vaultKey: SecretBytes, vaultId: string, bytes: Buffer, title: string): RecordFilter | null {
  if (bytes.length < HEADER_BYTES + SHORT_HASH_BYTES || !bytes.subarray(0, 4).equals(TITLE_INDEX_MAGIC) || bytes.readUInt32BE(4) !== TITLE_INDEX_FORMAT) return null;
  return withHashers(vaultKey, vaultId, (tags, mac) => {
    // A plain view: a Buffer's subarray costs several times a Uint8Array's, once per entry.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    const end = bytes.length - SHORT_HASH_BYTES;
    if (!mac.matches(view.subarray(0, end), NOTHING, view, end)) return null;
    const wanted = indexedTitle(title);
    const rows = u32(view, 8);
    // Where each entry starts (and, last, where the tags end), and whether its tag is the title's.
    const starts = new Int32Array(rows + 1);
    const titled = new Uint8Array(rows);
    let at = HEADER_BYTES;
    for (let row = 0; row < rows; row++) {
      const tagAt = at + 4 + (at + 4 <= end ? u32(view, at) : end) + 8;
      if (tagAt + SHORT_HASH_BYTES > end) return null;
      starts[row] = at;
      titled[row] = tags.matches(view.subarray(at, tagAt), wanted, view, tagAt) ? 1 : 0;
      at = tagAt + SHORT_HASH_BYTES;
    }
    if (at !== end) return null;
    starts[rows] = at;
    return (record, position) => position >= rows || titled[position] === 1 || !sameItem(record, view, starts[position]!, starts[position + 1]! - SHORT_HASH_BYTES);
  });
}

/** Whether the record is of the item and version an entry's head names: a record's fields from its fifth byte on start with the same bytes. */
function sameItem(record: Uint8Array, entries: Uint8Array, from: number, to: number): boolean {
  if (record.length < 4 + to - from) return false;
  for (let i = 0; i < to - from; i++) if (record[4 + i] !== entries[from + i]) return false;
  return true;
}

/** Writes u32(n) ‖ itemId ‖ u64(version) (an entry's start, and the start of its tag's message) at `at`; answers where it ends. */
function writeHead(into: Uint8Array, at: number, id: Uint8Array, version: number): number {
  put32(into, at, id.length);
  into.set(id, at + 4);
  put32(into, at + 4 + id.length, Math.floor(version / 2 ** 32));
  put32(into, at + 8 + id.length, version % 2 ** 32);
  return at + 12 + id.length;
}

/** Writes `value` (below 2^32) at `at` as a big-endian u32. */
function put32(into: Uint8Array, at: number, value: number): void {
  into[at] = value >>> 24;
  into[at + 1] = (value >>> 16) & 0xff;
  into[at + 2] = (value >>> 8) & 0xff;
  into[at + 3] = value & 0xff;
}

function withHashers<T>(vaultKey: SecretBytes, vaultId: string, use: (tags: ShortHasher, mac: ShortHasher) => T): T {
  const { tagKey, macKey } = titleIndexKeys(vaultKey, vaultId);
  const [tags, mac] = [new ShortHasher(tagKey), new ShortHasher(macKey)];
  try {
    return use(tags, mac);
  } finally {
    tags.dispose();
    mac.dispose();
  }
}
