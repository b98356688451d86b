/**
 * The file the user chose for an import, read in the main core: refused over 100 MB before a byte is read. Apart from
 * the parsers (read-import.ts), which run in the import worker, so the core loads none of their libraries at start.
 */
import { open } from 'node:fs/promises';
import { ImportError } from './import-error';

export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

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

export function tooLarge(): ImportError {
  return new ImportError('too-large', 'This file is over 100 MB, more than any password export holds, so nothing was imported.');
}
