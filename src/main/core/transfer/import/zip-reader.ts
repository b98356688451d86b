/**
 * Reads one named file out of a ZIP archive (fflate), with limits that stop a zip bomb before
 * anything is inflated: how many entries the archive may list, how large the wanted file may
 * unpack to, how much larger than its packed size, and how much all entries together may
 * claim. fflate inflates into a buffer of the size the archive declares, so an entry that lies
 * about its size cannot grow past the checked limit either.
 */
import { unzipSync } from 'fflate';
import { corruptFile, ImportError } from './import-error';

export const ZIP_LIMITS = {
  entries: 10_000,
  /** The wanted file, unpacked. */
  fileBytes: 256 * 1024 * 1024,
  /** Every entry together, as the archive declares them. */
  totalBytes: 1024 * 1024 * 1024,
  /** Unpacked size over packed size, for the wanted file. */
  ratio: 100,
};

export interface ZipRead {
  /** The wanted file's bytes, or null if the archive has no such entry. */
  file: Uint8Array | null;
  /** The names of the other entries. */
  others: string[];
}

export function readZipEntry(bytes: Uint8Array, wanted: string, what: string): ZipRead {
  let entries = 0;
  let total = 0;
  const others: string[] = [];
  const bomb = () => new ImportError('zip-bomb', `This ${what} would unpack to far more than a password export holds, so Latchkey did not open it and imported nothing.`);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(entry) {
        entries += 1;
        total += entry.originalSize;
        if (entries > ZIP_LIMITS.entries || total > ZIP_LIMITS.totalBytes) throw bomb();
        if (entry.name !== wanted) {
          others.push(entry.name);
          return false;
        }
        if (entry.originalSize > ZIP_LIMITS.fileBytes || entry.originalSize > Math.max(entry.size, 1024) * ZIP_LIMITS.ratio) throw bomb();
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw corruptFile(what);
  }
  return { file: files[wanted] ?? null, others };
}
