/**
 * A page of changes (GET /v1/vaults/:vaultId/changes) written straight to JSON bytes: the same
 * text as Fastify's serialisation through the route's response schema (tests/integration/server/
 * vault.test.ts compares them byte for byte), without scanning 200 kB of ciphertext for
 * characters to escape.
 *
 * No string here needs escaping, by what the server accepts when it stores one (and one that
 * does, from a row the server did not write itself, is escaped to ASCII JSON all the same): vault and item
 * ids are 22 base64url characters (`id16`), `overview`, `details` and `deletion_marker` are
 * envelopes as base64url (`envelope()` in src/shared/server-api/http.ts; a purge's tombstone
 * takes the marker the client sent, checked the same way), and `updatedAt` is an ISO date.
 */
import type { ItemView } from '../../shared/server-api/vault';
import { asciiJson, hasControlByte, type SerializedJson } from '../http/serialized-json';
import { toMillis, type DatabaseSchema } from '../database/schema';
import { itemColumns } from './vaults';

type Columns = DatabaseSchema['vault_items'];
/** A page's columns, in the order its rows hold them (sync-poll.ts selects them so, as lists, not objects: prepared.ts, `prepareTuples`). */
export const PAGE_COLUMNS = [...itemColumns, 'change_seq'] as const;
type RowOf<T extends readonly (keyof Columns)[]> = { -readonly [K in keyof T]: Columns[T[K]] };
export type PageRow = RowOf<typeof PAGE_COLUMNS>;
/** The change a page's row is (its last column). */
export const changeSeqOf = (row: PageRow): number => toMillis(row[PAGE_COLUMNS.length - 1] as PageRow[8]);

export interface ChangesPage {
  items: ItemView[];
  cursor: string;
  hasMore: boolean;
}

/** Escaped as JSON.stringify does, then to ASCII: a string the server did not write itself can never break out of its quotes. */
const escaped = (value: string) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/**
 * The fast check, native scans only: ASCII (its UTF-8 is as long as it is) with no quote and no
 * backslash. Control characters are looked for once, in the whole page's bytes (below). A regex
 * over every character (`/^[A-Za-z0-9_-]*$/`) took about 300 µs of a 190 kB page here.
 */
const plain = (value: string) => (value.length < SHORT ? SAFE.test(value) : value.indexOf('"') < 0 && value.indexOf('\\') < 0 && Buffer.byteLength(value, 'utf8') === value.length);
/** An id or a cursor: base64url or digits, checked whole by one short regex (cheaper there than a native call). */
const SHORT = 64;
const SAFE = /^[A-Za-z0-9_-]*$/;
const quickly = (value: string) => (plain(value) ? `"${value}"` : escaped(value));

export function changesPageJson(rows: readonly PageRow[], cursor: string, hasMore: boolean): SerializedJson<ChangesPage> {
  const page = writePage(rows, cursor, hasMore, quickly);
  // A control character passed the fast check (none of the page's own JSON has one): write the page again, escaping it.
  return hasControlByte(page.bytes) ? writePage(rows, cursor, hasMore, escaped) : page;
}

const orNull = (value: string | null, quoted: (value: string) => string) => (value === null ? 'null' : quoted(value));

function writePage(rows: readonly PageRow[], cursor: string, hasMore: boolean, quoted: (value: string) => string): SerializedJson<ChangesPage> {
  const parts = ['{"items":['];
  rows.forEach(([vaultId, id, version, deleted, overview, details, deletionMarker, updatedAt], index) => {
    parts.push(
      `${index === 0 ? '' : ','}{"vaultId":${quoted(vaultId)},"itemId":${quoted(id)},"version":${Number(version)},"deleted":${Number(deleted) !== 0},"overview":`,
      orNull(overview, quoted),
      ',"details":',
      orNull(details, quoted),
      `,"deletionMarker":${orNull(deletionMarker, quoted)},"updatedAt":"${new Date(toMillis(updatedAt)).toISOString()}"}`,
    );
  });
  parts.push(`],"cursor":${quoted(cursor)},"hasMore":${hasMore}}`);
  return asciiJson(parts);
}
