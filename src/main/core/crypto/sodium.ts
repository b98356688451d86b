/**
 * Loading of libsodium's WebAssembly (its standard build: nothing here needs the sumo build's
 * extras). Call `initCrypto()` once at start-up; every other function of the crypto core is
 * synchronous apart from Argon2id. OPAQUE's WebAssembly is made ready by its own module
 * (opaque-client.ts), loaded only by the flows that speak OPAQUE.
 */

import { randomFillSync } from 'node:crypto';
import sodiumModule from 'libsodium-wrappers';
import type { RandomSource } from '../../../shared/crypto/random';

export type Sodium = typeof sodiumModule;

let ready = false;

export async function initCrypto(): Promise<void> {
  await sodiumModule.ready;
  ready = true;
}

/** The libsodium module; throws if initCrypto() has not completed. */
export function sodium(): Sodium {
  if (!ready) throw new Error('initCrypto() must complete before the crypto core is used');
  return sodiumModule;
}

/**
 * The OS CSPRNG through Node (`node:crypto` randomFillSync into a new array, no copy left behind;
 * OpenSSL's generator seeded by the OS).
 * Not libsodium's randombytes_buf: its WebAssembly build asks the host for 4 bytes at a time,
 * which made a nonce cost six calls out of the sandbox: at 3,000 items, most of an import's time
 * beyond opening the file (3.98 s against 1.59 s after).
 */
/**
 * The part of libsodium's Emscripten module that the batch callers use directly (libsodium-wrappers exposes it as
 * `libsodium`): a call on a region of its memory reused for many messages, where the wrappers allocate and copy each time.
 */
export interface SodiumWasm {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(address: number): void;
  _crypto_aead_xchacha20poly1305_ietf_decrypt(m: number, mlenP: number, nsec: number, c: number, clenLow: number, clenHigh: number, ad: number, adlenLow: number, adlenHigh: number, npub: number, k: number): number;
  _crypto_shorthash(out: number, message: number, lengthLow: number, lengthHigh: number, key: number): number;
}

export const sodiumWasm = (): SodiumWasm => (sodium() as unknown as { libsodium: SodiumWasm }).libsodium;

export const systemRandom: RandomSource = (length) => randomFillSync(new Uint8Array(length));

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * The same CSPRNG for values that are public once used (an item's AEAD nonces, its id), drawn
 * from a 4 KiB buffer refilled when spent: one call into OpenSSL per 170 nonces instead of one
 * each (a call costs about 10 µs, as much as sealing a small item, so a 10,000-item import made
 * 30,000 of them). Each byte is handed out once and wiped from the buffer. Never for a key.
 */
export const publicRandom: RandomSource = (length) => {
  if (length > POOL_BYTES) return systemRandom(length);
  if (poolOffset + length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + length);
  pool.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
  return out;
};

/** Overwrites bytes with zeros through libsodium (sodium_memzero). */
export function memzero(...arrays: (Uint8Array | undefined)[]): void {
  for (const a of arrays) if (a && a.length > 0) sodium().memzero(a);
}
