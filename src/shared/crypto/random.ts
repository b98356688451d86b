/**
 * Randomness is injected into every generator so that test vectors are reproducible. In the
 * app the source is the OS CSPRNG through `node:crypto` randomFillSync; see src/main/core/crypto/sodium.
 */
export type RandomSource = (length: number) => Uint8Array;
