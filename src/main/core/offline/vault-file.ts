/**
 * One vault's file in the offline cache (docs/security-design.md §13.1). Written as format 4,
 * binary: a magic, the format, a small JSON header (the vault as the server lists it, the sync
 * cursor, the number of records), then one length-prefixed record per item (sealed-item.ts),
 * envelopes as raw bytes. Reading walks the records one after another, a mebibyte of the file at
 * a time: no JSON, no base64; each record is checked and left where it is in the file
 * (held-record.ts), to be read back when it is needed. Writing reads the records a mebibyte at a
 * time too (from the file they were read from, or from memory). Still read: format 3 (JSON
 * Lines: a header line, then one row a line) and format 2 (one JSON object, the rows in `items`),
 * whose rows `[itemId, version, updatedAt, overview, details]` become records as they are read.
 * Anything else, or a file that is cut, padded or damaged anywhere, reads as absent (null).
 */
import { z } from 'zod';
import { vaultSchema, type VaultView } from '../../../shared/server-api/vault';
import { HeldRecord, RecordFile } from './held-record';
import { recordLayout, sealRecord } from './sealed-item';

export const VAULT_FILE_FORMAT = 4;
/** The first four bytes of a format-4 file ("LKVC"): a JSON file starts with `{`. */
export const VAULT_FILE_MAGIC = Buffer.from('LKVC', 'latin1');
const JSON_LINES_FORMAT = 3;
const ONE_OBJECT_FORMAT = 2;

/** A vault as the cache holds it: live items only (no tombstones), as the server sent them. */
export interface CachedVault {
  /** The vault as the server lists it to this account (its grant, kind, role and encrypted name). */
  vault: Omit<VaultView, 'createdAt'>;
  /** The server's change cursor these items are current to. */
  cursor: string;
  /** Each item's sealed record (sealed-item.ts): its id, version, updatedAt and two envelopes; in the file when read from one. */
  items: HeldRecord[];
  /** The file the records read from it are in (format 4), open until closed; null when they are held in memory. */
  file: RecordFile | null;
}

const vaultHeader = { vault: vaultSchema.omit({ createdAt: true }), cursor: z.string() };
/** `rows`: how many records follow, so a file cut at a record's end does not read as a vault with fewer items. */
const binaryHeaderSchema = z.strictObject({ ...vaultHeader, rows: z.number().int().nonnegative() });
const linesHeaderSchema = z.strictObject({ format: z.literal(JSON_LINES_FORMAT), ...vaultHeader, rows: z.number().int().nonnegative() });
// Each row is checked by recordOfRow: a zod tuple per row would cost more than the rest of the read.
const oneObjectSchema = z.strictObject({ format: z.literal(ONE_OBJECT_FORMAT), ...vaultHeader, items: z.array(z.unknown()) });

/** Records are read and written about a mebibyte at a time: a large vault is never in memory whole. */
const CHUNK_BYTES = 1 << 20;

/** A vault file's contents: its chunks, made one after another as they are written, and where its first record goes. */
export function encodeVaultFile(cached: Omit<CachedVault, 'file'>): { chunks: Iterable<Buffer>; recordsAt: number } {
  const header = Buffer.from(JSON.stringify({ vault: cached.vault, cursor: cached.cursor, rows: cached.items.length }));
  const start = Buffer.alloc(12);
  VAULT_FILE_MAGIC.copy(start, 0);
  start.writeUInt32BE(VAULT_FILE_FORMAT, 4);
  start.writeUInt32BE(header.length, 8);
  return { chunks: chunksOf(Buffer.concat([start, header]), cached.items), recordsAt: start.length + header.length };
}

function* chunksOf(head: Buffer, items: readonly HeldRecord[]): Generator<Buffer> {
  yield head;
  for (let from = 0, size = 0, to = 0; from < items.length; from = to, size = 0) {
    while (to < items.length && (size < CHUNK_BYTES || to === from)) size += items[to++]!.length;
    yield Buffer.concat(HeldRecord.bytesOf(items.slice(from, to)), size);
  }
}

/** Moves each record to where encodeVaultFile put it in `file`: read from there from now on. */
export function placeRecords(items: readonly HeldRecord[], file: RecordFile, recordsAt: number): void {
  let at = recordsAt;
  for (const record of items) {
    record.moveTo(file, at);
    at += record.length;
  }
}

/** The vault file at `path`, of format 4 (its records left in the file, every one checked), 3 or 2; null for anything else, or a file missing or unreadable. */
export async function readVaultFile(path: string): Promise<CachedVault | null> {
  let file: RecordFile | null = null;
  try {
    file = await RecordFile.open(path);
    const { size } = await file.handle.stat();
    const cached = size >= 12 && (await readAt(file, 0, 4)).equals(VAULT_FILE_MAGIC) ? await decodeBinary(file, size) : decodeJson(await file.handle.readFile());
    if (cached?.file !== file) file.close();
    return cached;
  } catch {
    file?.close();
    return null;
  }
}

async function readAt(file: RecordFile, at: number, length: number, into = Buffer.allocUnsafe(length)): Promise<Buffer> {
  const { bytesRead } = await file.handle.read(into, 0, length, at);
  if (bytesRead !== length) throw new Error('The file changed while it was read.');
  return into.subarray(0, length);
}

function decodeJson(bytes: Buffer): CachedVault | null {
  const lines = splitLines(bytes);
  const first = JSON.parse(lines[0] ?? '') as unknown;
  const header = linesHeaderSchema.safeParse(first);
  if (header.success) return header.data.rows === lines.length - 1 ? fromRows(header.data, lines.slice(1).map((line) => JSON.parse(line) as unknown)) : null;
  const file = oneObjectSchema.safeParse(first);
  return file.success && lines.length === 1 ? fromRows(file.data, file.data.items) : null;
}

/**
 * The vault and cursor of the format-4 file at `path`, read from its header alone (its records are not read, so not
 * checked); null for a file of another format, or missing or unreadable. For asking the server whether anything
 * changed since (cached-vaults.ts); a file damaged past its header still reads as absent when the vault is opened.
 */
export async function readVaultHeader(path: string): Promise<Pick<CachedVault, 'vault' | 'cursor'> | null> {
  let file: RecordFile | null = null;
  try {
    file = await RecordFile.open(path);
    const { size } = await file.handle.stat();
    const read = size >= 12 && (await readAt(file, 0, 4)).equals(VAULT_FILE_MAGIC) ? await readBinaryHeader(file, size) : null;
    return read && { vault: read.header.vault, cursor: read.header.cursor };
  } catch {
    return null;
  } finally {
    file?.close();
  }
}

/** A format-4 file's header and where its records start; null unless it is whole and of this format. */
async function readBinaryHeader(file: RecordFile, size: number): Promise<{ header: z.infer<typeof binaryHeaderSchema>; headerEnd: number } | null> {
  const start = await readAt(file, 0, 12);
  if (start.readUInt32BE(4) !== VAULT_FILE_FORMAT) return null;
  const headerEnd = 12 + start.readUInt32BE(8);
  if (headerEnd > size) return null;
  const header = binaryHeaderSchema.safeParse(JSON.parse((await readAt(file, 12, headerEnd - 12)).toString('utf8')));
  return header.success ? { header: header.data, headerEnd } : null;
}

/** Walks every record, a mebibyte of the file at a time, checking each one's layout; null unless all are whole and as many as the header says. */
async function decodeBinary(file: RecordFile, size: number): Promise<CachedVault | null> {
  const read = await readBinaryHeader(file, size);
  if (!read) return null;
  const { header, headerEnd } = read;
  const items: HeldRecord[] = [];
  // Each chunk is read into the same buffer: the records found in it are only noted (where they are), not kept.
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - headerEnd));
  for (let chunkAt = headerEnd; chunkAt < size; ) {
    const chunk = await readAt(file, chunkAt, Math.min(CHUNK_BYTES, size - chunkAt), buffer);
    let at = 0;
    for (let layout = recordLayout(chunk, at); layout; at = layout.end, layout = recordLayout(chunk, at)) items.push(HeldRecord.inFile(file, chunkAt + at, layout.end - at));
    // A record cut by the chunk's end is read again with the next chunk (as a whole, when it is longer than a chunk).
    if (at === 0) {
      const length = chunk.length >= 4 ? 4 + chunk.readUInt32BE(0) : Infinity;
      if (chunkAt + length > size || !recordLayout(await readAt(file, chunkAt, length), 0)) return null;
      items.push(HeldRecord.inFile(file, chunkAt, length));
      at = length;
    }
    chunkAt += at;
  }
  return items.length === header.rows ? { vault: header.vault, cursor: header.cursor, items, file } : null;
}

/** Each line's text, decoded on its own (no string of the whole file); a last line need not end with a newline. */
function splitLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) lines.push(bytes.toString('utf8', start, end));
  if (start < bytes.length) lines.push(bytes.toString('utf8', start));
  return lines;
}

function fromRows({ vault, cursor }: Pick<CachedVault, 'vault' | 'cursor'>, rows: unknown[]): CachedVault | null {
  const items: HeldRecord[] = [];
  for (const row of rows) {
    const record = recordOfRow(row);
    if (!record) return null;
    items.push(HeldRecord.inMemory(record));
  }
  return { vault, cursor, items, file: null };
}

/** The record a format-2 or -3 row stands for, or null unless the row is exactly five fields of the right types. */
function recordOfRow(row: unknown): Buffer | null {
  if (!Array.isArray(row) || row.length !== 5) return null;
  const [itemId, version, updatedAt, overview, details] = row as unknown[];
  if (typeof itemId !== 'string' || !Number.isSafeInteger(version) || (version as number) < 0 || typeof updatedAt !== 'string' || typeof overview !== 'string' || typeof details !== 'string') return null;
  return sealRecord({ itemId, version: version as number, updatedAt, overview, details });
}
