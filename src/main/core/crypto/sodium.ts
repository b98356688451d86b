/**
 * Loading of the WebAssembly libraries (libsodium's standard build, OPAQUE: nothing here needs
 * the sumo build's extras). Call `initCrypto()` once at
 * start-up; every other function of the crypto core is synchronous apart from Argon2id.
 */

import * as opaque from '@serenity-kit/opaque';
import sodiumModule from 'libsodium-wrappers';
import type { RandomSource } from '../../../shared/crypto/random';

export type Sodium = typeof sodiumModule;

let ready = false;

export async function initCrypto(): Promise<void> {
  await Promise.all([sodiumModule.ready, opaque.ready]);
  ready = true;
}

/** The libsodium module; throws if initCrypto() has not completed. */
export function sodium(): Sodium {
  if (!ready) throw new Error('initCrypto() must complete before the crypto core is used');
  return sodiumModule;
}

/** libsodium's CSPRNG (randombytes_buf). */
export const systemRandom: RandomSource = (length) => sodium().randombytes_buf(length);

/** Overwrites bytes with zeros through libsodium (sodium_memzero). */
export function memzero(...arrays: (Uint8Array | undefined)[]): void {
  for (const a of arrays) if (a && a.length > 0) sodium().memzero(a);
}
