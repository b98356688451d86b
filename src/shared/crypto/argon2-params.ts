/**
 * Argon2id parameters stored with the account, and the client-side floor: whatever the
 * server sends, a client refuses anything below RFC 9106's second recommended set
 * (m = 64 MiB, t = 3, p = 4), or above a ceiling that would exhaust the device.
 */

import { KdfParamsError } from './errors';

export interface Argon2idParams {
  /** Memory in KiB. */
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
}

export const ARGON2ID_FLOOR: Argon2idParams = Object.freeze({ memoryKiB: 65536, iterations: 3, parallelism: 4 });
export const ARGON2ID_CEILING: Argon2idParams = Object.freeze({ memoryKiB: 1048576, iterations: 64, parallelism: 16 });
export const ARGON2ID_DEFAULT: Argon2idParams = ARGON2ID_FLOOR;
export const ARGON2ID_SALT_BYTES = 32;
export const ARGON2ID_OUTPUT_BYTES = 32;

/** Throws KdfParamsError unless every parameter is an integer within [floor, ceiling]. */
export function assertArgon2idParams(params: Argon2idParams): Argon2idParams {
  const names = ['memoryKiB', 'iterations', 'parallelism'] as const;
  for (const name of names) {
    const value: unknown = (params as unknown as Record<string, unknown> | null)?.[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new KdfParamsError(`Argon2id ${name} must be an integer`);
    }
    if (value < ARGON2ID_FLOOR[name]) {
      throw new KdfParamsError(
        `Argon2id ${name} ${value} is below the minimum ${ARGON2ID_FLOOR[name]}; refusing to derive keys with weakened parameters`,
      );
    }
    if (value > ARGON2ID_CEILING[name]) {
      throw new KdfParamsError(`Argon2id ${name} ${value} is above the maximum ${ARGON2ID_CEILING[name]}`);
    }
  }
  return { memoryKiB: params.memoryKiB, iterations: params.iterations, parallelism: params.parallelism };
}
