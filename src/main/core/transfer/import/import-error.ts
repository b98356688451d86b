/**
 * Why an import was refused, as a code the screen can switch on and words for the person at it.
 * A refused import brings in nothing. The codes are shared with the screen (an IPC error's reason).
 */
import type { ImportRefusal } from '../../../../shared/ipc/import-refusals';
export type ImportErrorCode = ImportRefusal;

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** The refusal for a file that is damaged or cut short (never the parser's own words, which may quote the file). */
export function corruptFile(format: string): ImportError {
  return new ImportError('corrupt', `This ${format} file is damaged or cut short, so nothing was imported. Export it again and choose the new file.`);
}
