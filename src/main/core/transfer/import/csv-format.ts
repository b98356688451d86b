/**
 * What each CSV import format is: the columns that name it, and how one row becomes an item
 * with the cells that have no place of their own. A CSV is read once (csv-reader.ts) and
 * given to the first format whose columns its header holds.
 */
import type { ItemFields } from '../../../../shared/vault/item-fields';
import { titledItem, ImportCollector, type ExtraField, type ImportFormat, type ImportResult } from './collector';
import { hasColumns, otherCells, readCsv } from './csv-reader';
import { ImportError } from './import-error';
import { otpUriFrom } from './otp-value';

export interface CsvFormat {
  format: ImportFormat;
  /** Columns the header must hold (compared without case). */
  columns: readonly string[];
  /** Columns read into the item; every other one is kept as a field. */
  mapped: readonly string[];
  toItem(row: Record<string, string>): { item: ItemFields; extras: ExtraField[] };
}

/** A login from the cells most formats share: title, URLs, username, password, notes and a one-time password. */
export function loginFromCells(cells: { title: string; url: string; username: string; password: string; notes: string; otp?: string }): { item: ItemFields; extras: ExtraField[] } {
  const item = titledItem('login', cells.title || hostOf(cells.url) || cells.username);
  item.username = cells.username;
  item.password = cells.password;
  item.notes = cells.notes;
  item.urls = cells.url.trim() === '' ? [] : [cells.url.trim()];
  const extras: ExtraField[] = [];
  if (cells.otp) {
    const uri = otpUriFrom(cells.otp, item.title);
    if (uri === null) extras.push({ label: 'One-time password', value: cells.otp, kind: 'hidden' });
    else item.otp = uri;
  }
  return { item, extras };
}

/** A URL's host name, or '' if it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url.trim()).hostname;
  } catch {
    return '';
  }
}

/** Reads a CSV with the first of the formats whose columns its header holds. */
export function importCsv(bytes: Uint8Array, formats: readonly CsvFormat[]): ImportResult {
  const table = readCsv(bytes);
  const format = formats.find((candidate) => hasColumns(table.header, candidate.columns));
  if (!format) {
    const shown = table.header.slice(0, 12).join(', ').slice(0, 300);
    throw new ImportError('unknown-columns', `Latchkey does not know a CSV with the columns ${shown || '(none)'}, so nothing was imported. Export from 1Password, Bitwarden, Chrome, Edge, Brave, Firefox or Safari, without changing the columns.`);
  }
  const collector = new ImportCollector(format.format);
  for (const row of table.rows) {
    const { item, extras } = format.toItem(row);
    const rest = otherCells(row, format.mapped).map((extra) => ({ ...extra, kind: /password|secret|pin|cvv/i.test(extra.label) ? ('hidden' as const) : ('text' as const) }));
    collector.add(item, [...extras, ...rest]);
  }
  return collector.finish();
}
