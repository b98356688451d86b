/** Argon2id (RFC 9106, version 0x13) through @node-rs/argon2, with the parameter floor enforced. */

import type { Algorithm, Version } from '@node-rs/argon2';
import { ARGON2ID_OUTPUT_BYTES, assertArgon2idParams, type Argon2idParams } from '../../../shared/crypto/argon2-params';

const ARGON2ID = 2 as Algorithm;
const V0X13 = 1 as Version;

/** Argon2id with parameters checked against the floor (throws KdfParamsError below it). */
export async function argon2id(password: Uint8Array, salt: Uint8Array, params: Argon2idParams): Promise<Uint8Array> {
  const p = assertArgon2idParams(params);
  return argon2idUnchecked(password, salt, p, ARGON2ID_OUTPUT_BYTES);
}

/**
 * Argon2id without the floor check. Only for known-answer tests of published vectors and
 * for the benchmark's reference; never for account keys.
 */
export async function argon2idUnchecked(
  password: Uint8Array,
  salt: Uint8Array,
  params: Argon2idParams,
  outputLength: number,
): Promise<Uint8Array> {
  // The native addon loads with the first derivation: a command-line read, which derives nothing, never loads it.
  const { hashRaw } = await import('@node-rs/argon2');
  const out = await hashRaw(password, {
    algorithm: ARGON2ID,
    version: V0X13,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: outputLength,
    salt,
  });
  const copy = new Uint8Array(out);
  out.fill(0);
  return copy;
}
