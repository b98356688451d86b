/**
 * An import file from its bytes to items: refused over 100 MB before it is read, then told
 * apart by its content (not its name): a KDBX signature, a ZIP (1PUX), JSON (Bitwarden), or
 * else CSV, whose header names the format.
 */
import { open } from 'node:fs/promises';
import { bitwardenCsv } from './bitwarden-csv';
import { importBitwardenJson } from './bitwarden-json';
import { chromeCsv, firefoxCsv, safariCsv } from './browser-csv';
import type { ImportResult } from './collector';
import { importCsv } from './csv-format';
import { ImportError } from './import-error';
import { importKdbx, type KdbxSecrets } from './kdbx';
import { latchkeyCsv } from './latchkey-csv';
import { importOnePux } from './onepux';
import { onePasswordCsv } from './onepassword-csv';

export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

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

/** Reads a file the user chose, refusing one over the limit without reading it. */
export async function readImportFile(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { size, isFile } = await handle.stat().then((stat) => ({ size: stat.size, isFile: stat.isFile() }));
    if (!isFile) throw new ImportError('unknown-format', 'Choose a file, not a folder.');
    if (size > IMPORT_MAX_BYTES) throw tooLarge();
    return new Uint8Array(await handle.readFile());
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('unreadable', 'Latchkey could not read this file (it may have moved, or Latchkey may not read that folder), so nothing was imported.');
  } finally {
    await handle?.close();
  }
}

function tooLarge(): ImportError {
  return new ImportError('too-large', 'This file is over 100 MB, more than any password export holds, so nothing was imported.');
}
