/**
 * Randomness is injected into every generator so that test vectors are reproducible. In the
 * app the source is libsodium's `randombytes_buf` (a CSPRNG); see src/main/core/crypto/sodium.
 */
export type RandomSource = (length: number) => Uint8Array;
