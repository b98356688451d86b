/**
 * An import file from its bytes to items: refused over 100 MB before it is read, then told
 * apart by its content (not its name): a KDBX signature, a ZIP (1PUX), JSON (Bitwarden), or
 * else CSV, whose header names the format.
 */
import { bitwardenCsv } from './bitwarden-csv';
import { importBitwardenJson } from './bitwarden-json';
import { chromeCsv, firefoxCsv, safariCsv } from './browser-csv';
import type { ImportResult } from './collector';
import { importCsv } from './csv-format';
import { IMPORT_MAX_BYTES, tooLarge } from './import-file';
import { ImportError } from './import-error';
import { importKdbx, type KdbxSecrets } from './kdbx';
import { latchkeyCsv } from './latchkey-csv';
import { importOnePux } from './onepux';
import { onePasswordCsv } from './onepassword-csv';

/** Most particular first: a 1Password CSV's header also holds Safari's names, and Bitwarden's holds Chrome's `name`. */
const csvFormats = [latchkeyCsv, bitwardenCsv, onePasswordCsv, safariCsv, firefoxCsv, chromeCsv];

const KDBX_SIGNATURE = [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

export type ImportContainer = 'kdbx' | 'zip' | 'json' | 'csv';

export function containerOf(bytes: Uint8Array): ImportContainer {
  const startsWith = (signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (startsWith(KDBX_SIGNATURE)) return 'kdbx';
  if (startsWith(ZIP_SIGNATURE)) return 'zip';
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[start] ?? 0)) start += 1;
  return bytes[start] === 0x7b ? 'json' : 'csv';
}

/** Reads the items out of an import file's bytes; `secrets` opens a KDBX file. */
export async function parseImport(bytes: Uint8Array, secrets?: KdbxSecrets): Promise<ImportResult> {
  if (bytes.length > IMPORT_MAX_BYTES) throw tooLarge();
  if (bytes.length === 0) throw new ImportError('unknown-format', 'This file is empty, so nothing was imported.');
  switch (containerOf(bytes)) {
    case 'kdbx':
      if (!secrets) throw new ImportError('password-required', 'This is a KeePass file: enter its password (and choose its key file if it has one) to import it.');
      return importKdbx(bytes, secrets);
    case 'zip':
      return importOnePux(bytes);
    case 'json':
      return importBitwardenJson(bytes);
    case 'csv':
      return importCsv(bytes, csvFormats);
  }
}
