/**
 * Length hiding for item plaintexts (envelope kinds 0x09 and 0x0A): ISO/IEC 7816-4 padding,
 * one 0x80 byte then zeros, up to the smallest size bucket that holds plaintext ‖ 0x80. The
 * buckets are the powers of two from 256 bytes (256, 512, 1024, …), so a ciphertext's length
 * tells the server only the bucket. Unpadding runs only on authenticated plaintext, so its
 * timing reveals nothing a sender did not choose.
 */

import { PaddingError } from './errors';

export const PAD_MIN_BUCKET = 256;
export const PAD_MARKER = 0x80;

/** Whether `length` is a size bucket: a power of two of at least 256. */
export function isBucket(length: number): boolean {
  if (!Number.isSafeInteger(length) || length < PAD_MIN_BUCKET) return false;
  let bucket = PAD_MIN_BUCKET;
  while (bucket < length) bucket *= 2;
  return bucket === length;
}

/** The bucket a plaintext of `length` bytes is padded to: the smallest one of at least length + 1. */
export function bucketFor(length: number): number {
  let bucket = PAD_MIN_BUCKET;
  while (bucket < length + 1) bucket *= 2;
  return bucket;
}

/** plaintext ‖ 0x80 ‖ zeros, `bucketFor(plaintext.length)` bytes in all. */
export function pad(plaintext: Uint8Array): Uint8Array {
  const out = new Uint8Array(bucketFor(plaintext.length));
  out.set(plaintext);
  out[plaintext.length] = PAD_MARKER;
  return out;
}

/** The plaintext before the last 0x80 (a copy: see unpaddedLength). */
export function unpad(padded: Uint8Array): Uint8Array {
  return padded.slice(0, unpaddedLength(padded));
}

/**
 * The length of the plaintext before the last 0x80, for reading it in place. Refuses a length
 * that is not a bucket, a missing 0x80, anything but zeros after it, and a bucket larger than
 * the plaintext needs (so each plaintext has exactly one padded form).
 */
export function unpaddedLength(padded: Uint8Array): number {
  if (!isBucket(padded.length)) throw new PaddingError('The padded length is not a size bucket');
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== PAD_MARKER) throw new PaddingError('The padding has no 0x80 marker followed only by zeros');
  if (bucketFor(end) !== padded.length) throw new PaddingError('The plaintext is padded to a larger bucket than it needs');
  return end;
}
