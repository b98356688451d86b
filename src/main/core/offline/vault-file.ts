/**
 * One vault's file in the offline cache (docs/security-design.md §13.1). Written as format 4,
 * binary: a magic, the format, a small JSON header (the vault as the server lists it, the sync
 * cursor, the number of records), then one length-prefixed record per item (sealed-item.ts),
 * envelopes as raw bytes. Reading walks the records one after another over the file's bytes:
 * no JSON, no base64, no copy; each item is a view into the file. Still read: format 3 (JSON
 * Lines: a header line, then one row a line) and format 2 (one JSON object, the rows in `items`),
 * whose rows `[itemId, version, updatedAt, overview, details]` become records as they are read.
 * Anything else, or a file that is cut, padded or damaged anywhere, reads as absent (null).
 */
import { z } from 'zod';
import { vaultSchema, type VaultView } from '../../../shared/server-api/vault';
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
  /** Each item's sealed record (sealed-item.ts): its id, version, updatedAt and two envelopes. */
  items: Buffer[];
}

const vaultHeader = { vault: vaultSchema.omit({ createdAt: true }), cursor: z.string() };
/** `rows`: how many records follow, so a file cut at a record's end does not read as a vault with fewer items. */
const binaryHeaderSchema = z.strictObject({ ...vaultHeader, rows: z.number().int().nonnegative() });
const linesHeaderSchema = z.strictObject({ format: z.literal(JSON_LINES_FORMAT), ...vaultHeader, rows: z.number().int().nonnegative() });
// Each row is checked by recordOfRow: a zod tuple per row would cost more than the rest of the read.
const oneObjectSchema = z.strictObject({ format: z.literal(ONE_OBJECT_FORMAT), ...vaultHeader, items: z.array(z.unknown()) });

/** The file's bytes, in chunks of about a mebibyte (written one after another: no second copy of a large vault at once). */
export function encodeVaultFile(cached: CachedVault): Buffer[] {
  const header = Buffer.from(JSON.stringify({ vault: cached.vault, cursor: cached.cursor, rows: cached.items.length }));
  const start = Buffer.alloc(12);
  VAULT_FILE_MAGIC.copy(start, 0);
  start.writeUInt32BE(VAULT_FILE_FORMAT, 4);
  start.writeUInt32BE(header.length, 8);
  const chunks = [Buffer.concat([start, header])];
  let batch: Buffer[] = [];
  let size = 0;
  for (const record of cached.items) {
    batch.push(record);
    size += record.length;
    if (size < 1 << 20) continue;
    chunks.push(Buffer.concat(batch, size));
    [batch, size] = [[], 0];
  }
  if (batch.length > 0) chunks.push(Buffer.concat(batch, size));
  return chunks;
}

/** A vault file of format 4, 3 or 2; null for anything else. May throw on bad JSON (the caller reads that as absent too). */
export function decodeVaultFile(bytes: Buffer): CachedVault | null {
  if (bytes.subarray(0, 4).equals(VAULT_FILE_MAGIC)) return decodeBinary(bytes);
  const lines = splitLines(bytes);
  const first = JSON.parse(lines[0] ?? '') as unknown;
  const header = linesHeaderSchema.safeParse(first);
  if (header.success) return header.data.rows === lines.length - 1 ? fromRows(header.data, lines.slice(1).map((line) => JSON.parse(line) as unknown)) : null;
  const file = oneObjectSchema.safeParse(first);
  return file.success && lines.length === 1 ? fromRows(file.data, file.data.items) : null;
}

function decodeBinary(bytes: Buffer): CachedVault | null {
  if (bytes.length < 12 || bytes.readUInt32BE(4) !== VAULT_FILE_FORMAT) return null;
  const headerEnd = 12 + bytes.readUInt32BE(8);
  if (headerEnd > bytes.length) return null;
  const header = binaryHeaderSchema.safeParse(JSON.parse(bytes.toString('utf8', 12, headerEnd)));
  if (!header.success) return null;
  const items: Buffer[] = [];
  for (let at = headerEnd; at < bytes.length; ) {
    const layout = recordLayout(bytes, at);
    if (!layout) return null;
    items.push(bytes.subarray(at, layout.end));
    at = layout.end;
  }
  return items.length === header.data.rows ? { vault: header.data.vault, cursor: header.data.cursor, items } : null;
}

/** Each line's text, decoded on its own (no string of the whole file); a last line need not end with a newline. */
function splitLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) lines.push(bytes.toString('utf8', start, end));
  if (start < bytes.length) lines.push(bytes.toString('utf8', start));
  return lines;
}

function fromRows({ vault, cursor }: Omit<CachedVault, 'items'>, rows: unknown[]): CachedVault | null {
  const items: Buffer[] = [];
  for (const row of rows) {
    const record = recordOfRow(row);
    if (!record) return null;
    items.push(record);
  }
  return { vault, cursor, items };
}

/** The record a format-2 or -3 row stands for, or null unless the row is exactly five fields of the right types. */
function recordOfRow(row: unknown): Buffer | null {
  if (!Array.isArray(row) || row.length !== 5) return null;
  const [itemId, version, updatedAt, overview, details] = row as unknown[];
  if (typeof itemId !== 'string' || !Number.isSafeInteger(version) || (version as number) < 0 || typeof updatedAt !== 'string' || typeof overview !== 'string' || typeof details !== 'string') return null;
  return sealRecord({ itemId, version: version as number, updatedAt, overview, details });
}
