/**
 * kdbxweb with our Argon2 (@node-rs/argon2, native): KDBX 4 files derive their key with
 * Argon2d or Argon2id, which kdbxweb leaves to the host. Both the import and the export load
 * kdbxweb through here, so the engine is always set. A file asking for more memory or
 * parallelism than the account's own Argon2 ceiling is refused before any work is done.
 */
import { hashRaw, type Algorithm, type Version } from '@node-rs/argon2';
// kdbxweb is a CommonJS bundle: Node's ESM loader sees only some of its names, so it is read whole through its default export.
import kdbxwebModule from 'kdbxweb';
import type * as KdbxWeb from 'kdbxweb';
import { ARGON2ID_CEILING } from '../../../shared/crypto/argon2-params';

/** Thrown (and turned into a refusal by the importer) when a file's Argon2 parameters are past the ceiling. */
export class KdfTooCostlyError extends Error {
  constructor() {
    super('The KDBX file asks for more Argon2 memory or parallelism than Latchkey allows.');
    this.name = 'KdfTooCostlyError';
  }
}

export const kdbxweb: typeof KdbxWeb = kdbxwebModule;
export type { Kdbx, KdbxEntry, KdbxEntryField, KdbxGroup } from 'kdbxweb';

kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memoryKiB, iterations, length, parallelism, type, version) => {
  if (memoryKiB > ARGON2ID_CEILING.memoryKiB || parallelism > ARGON2ID_CEILING.parallelism || iterations > 1000) throw new KdfTooCostlyError();
  const out = await hashRaw(new Uint8Array(password), {
    algorithm: type as number as Algorithm,
    version: (version === 0x13 ? 1 : 0) as Version,
    memoryCost: memoryKiB,
    timeCost: iterations,
    parallelism,
    outputLen: length,
    salt: new Uint8Array(salt),
  });
  const copy = new Uint8Array(out).buffer;
  out.fill(0);
  return copy;
});
