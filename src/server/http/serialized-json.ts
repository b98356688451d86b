/**
 * A route's answer already written as JSON bytes, for the few hot routes whose answers are
 * mostly ciphertext (`addRoute` sends the bytes as they are, with the JSON content type). The
 * type parameter is the route's response type, so a handler still says what its bytes encode;
 * each writer has a test that its bytes equal Fastify's own serialisation of the same answer.
 *
 * Why: a page of 100 items is about 200 kB of base64url. Serialised by the route's schema it is
 * a string that fast-json-stringify scans for characters to escape, that Fastify scans again for
 * its byte length, and that the socket write encodes to UTF-8 a third time (half of a page's
 * time in a --cpu-prof of `npm run bench:server`; see README, "Server throughput").
 */
export class SerializedJson<T> {
  declare private readonly encodes?: T;
  constructor(readonly bytes: Buffer) {}
}

/**
 * Joins JSON text made only of ASCII characters into bytes: one copy, no escaping, no UTF-8
 * encoding. The caller vouches for every part (JSON punctuation, numbers, and strings whose
 * characters need no escape: base64url, ids, ISO dates).
 */
export function asciiJson<T>(parts: readonly string[]): SerializedJson<T> {
  let length = 0;
  for (const part of parts) length += part.length;
  const bytes = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const part of parts) offset += bytes.write(part, offset, 'latin1');
  return new SerializedJson<T>(bytes);
}

/** 0x80 in each byte of a 32-bit word, as the signed integer an Int32Array holds. */
const HIGH_BITS = 0x80808080 | 0;

/**
 * Whether any byte is below 0x20 (a control character, which a JSON string may not hold as it
 * is). Four bytes at a time: `(x - 0x20202020) & ~x & 0x80808080` is non-zero exactly when a
 * byte of x is below 0x20 (every byte of the constant is at most 0x80); about 60 µs over a page
 * of 190 kB here, where a regex over the same text took 120 to 200.
 */
export function hasControlByte(bytes: Buffer): boolean {
  // A short answer (an empty page) byte by byte: a word view costs more to make than it saves.
  if (bytes.length < SHORT) return bytesBelow(bytes, 0, bytes.length);
  const head = (4 - (bytes.byteOffset % 4)) % 4;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, (bytes.length - head) >>> 2);
  for (let word = 0; word < words.length; word++) {
    const x = words[word]!;
    if ((((x - 0x20202020) | 0) & ~x & HIGH_BITS) !== 0) return true;
  }
  return bytesBelow(bytes, 0, head) || bytesBelow(bytes, head + words.length * 4, bytes.length);
}

const SHORT = 256;
function bytesBelow(bytes: Buffer, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (bytes[index]! < 0x20) return true;
  return false;
}
