/**
 * The one CSV reader every CSV import uses: UTF-8 only (a byte order mark is fine; anything
 * else that is not valid UTF-8 is refused, not guessed), RFC 4180 quoting (quoted fields may
 * hold commas, quotes and line breaks), and rows as records keyed by the header's names.
 */
import { ImportError, corruptFile } from './import-error';

export interface CsvTable {
  /** The header's names as written (trimmed). */
  header: string[];
  /** Each row by header name; a missing cell reads as ''. */
  rows: Record<string, string>[];
}

/** Decodes UTF-8 text, refusing any other encoding. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportError('not-utf8', `This ${what} is not UTF-8 text, so nothing was imported. Export it again as UTF-8 (or open it in a spreadsheet and save it as "CSV UTF-8").`);
  }
}

/** Splits CSV text into rows of cells. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else cell += ch;
    i += 1;
  }
  if (quoted) throw corruptFile('CSV');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((value) => value !== ''));
}

/** Reads a CSV file's bytes into a table keyed by its header. */
export function readCsv(bytes: Uint8Array): CsvTable {
  const [header = [], ...body] = parseCsvRows(decodeUtf8(bytes, 'CSV file'));
  const names = header.map((name) => name.trim());
  const rows = body.map((cells) => Object.fromEntries(names.map((name, index) => [name, cells[index] ?? ''])));
  return { header: names, rows };
}

/** Whether a header holds every one of the given names (compared without case). */
export function hasColumns(header: readonly string[], names: readonly string[]): boolean {
  const have = new Set(header.map((name) => name.toLowerCase()));
  return names.every((name) => have.has(name.toLowerCase()));
}

/** A row's cell by name, compared without case. */
export function cell(row: Record<string, string>, name: string): string {
  const key = Object.keys(row).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? '' : (row[key] ?? '');
}

/** The row's cells whose column is not one of the mapped names, as fields to keep. */
export function otherCells(row: Record<string, string>, mapped: readonly string[]): { label: string; value: string }[] {
  const known = new Set(mapped.map((name) => name.toLowerCase()));
  return Object.entries(row)
    .filter(([name]) => !known.has(name.toLowerCase()))
    .map(([label, value]) => ({ label, value }));
}
