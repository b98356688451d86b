/** Why an import file was refused: the reason an 'import-refused' IPC error carries, so the screen can act on it (ask for a password, say which encoding). */
export const importRefusals = [
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
export type ImportRefusal = (typeof importRefusals)[number];
