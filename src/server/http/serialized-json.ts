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
