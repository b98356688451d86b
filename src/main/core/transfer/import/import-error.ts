/**
 * Why an import was refused, as a code the screen can switch on and words for the person at it.
 * A refused import brings in nothing.
 */
export const importErrorCodes = [
  'too-large', // the file is over the size limit
  'not-utf8', // a text file that is not valid UTF-8
  'unknown-format', // not a format Latchkey reads
  'unknown-columns', // a CSV whose header names no format Latchkey reads
  'corrupt', // the file is cut short or damaged
  'wrong-password', // a KDBX file the password (or key file) does not open
  'zip-bomb', // an archive that would unpack to far more than it holds
  'encrypted-export', // an export protected by its own app's password (Bitwarden's encrypted JSON)
  'password-required', // a KDBX file, and no password was given
  'unreadable', // the file could not be read at all
] as const;
export type ImportErrorCode = (typeof importErrorCodes)[number];

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
