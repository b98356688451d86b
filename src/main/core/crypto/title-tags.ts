/**
 * The keys and the keyed hash of the offline cache's title index (docs/security-design.md §13.1): which cached items are
 * not titled what `latchkey item get TITLE` asks for, told without opening their overviews. SipHash-2-4 (libsodium's
 * crypto_shorthash, 16-byte key, 8-byte answer) through libsodium's WebAssembly directly: the wrapper's call allocated
 * and copied its key, message and answer each time (5–8 µs, most of a lookup at 10,000 items), where one call on a
 * region reused for every message costs well under a microsecond.
 */
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import { utf8 } from '../../../shared/crypto/bytes';
import { HKDF_LABELS } from '../../../shared/crypto/labels';
import { hkdfSha256 } from './hkdf';
import { sodiumWasm } from './sodium';

export const SHORT_HASH_BYTES = 8;
const SHORT_KEY_BYTES = 16;

/** The index's two keys from the vault key: HKDF(IKM = vault key, salt = UTF-8 vault id), 32 bytes: the tag key, then the file's MAC key. */
export function titleIndexKeys(vaultKey: SecretBytes, vaultId: string): { tagKey: Uint8Array; macKey: Uint8Array } {
  const keys = hkdfSha256(vaultKey.expose(), utf8(vaultId), HKDF_LABELS.titleIndexKeys, 2 * SHORT_KEY_BYTES);
  return { tagKey: keys.subarray(0, SHORT_KEY_BYTES), macKey: keys.subarray(SHORT_KEY_BYTES) };
}

/** SipHash-2-4 under one key, for many messages; `dispose` zeroes the key and the region (and the key given). */
export class ShortHasher {
  readonly #wasm = sodiumWasm();
  /** The key, then the answer, then the message. */
  #region = 0;
  #regionBytes = 0;

  constructor(readonly key: Uint8Array) {
    if (key.length !== SHORT_KEY_BYTES) throw new RangeError('A SipHash key is 16 bytes.');
    this.#grow(256);
  }

  /** The hash of `head ‖ tail` (8 bytes, into `into` at `at`). */
  hash(head: Uint8Array, tail: Uint8Array, into: Uint8Array, at: number): void {
    const out = this.#hashed(head, tail);
    into.set(this.#wasm.HEAPU8.subarray(out, out + SHORT_HASH_BYTES), at);
  }

  /** Whether the hash of `head ‖ tail` is the 8 bytes of `expected` at `at` (compared where it lies: no array made). */
  matches(head: Uint8Array, tail: Uint8Array, expected: Uint8Array, at: number): boolean {
    const out = this.#hashed(head, tail);
    const heap = this.#wasm.HEAPU8;
    let difference = 0;
    for (let i = 0; i < SHORT_HASH_BYTES; i++) difference |= heap[out + i]! ^ expected[at + i]!;
    return difference === 0;
  }

  /** Where in the WebAssembly memory the hash of `head ‖ tail` is, until the next call. */
  #hashed(head: Uint8Array, tail: Uint8Array): number {
    const length = head.length + tail.length;
    if (this.#region === 0) throw new RangeError('The hasher was disposed.');
    if (SHORT_KEY_BYTES + SHORT_HASH_BYTES + length > this.#regionBytes) this.#grow(2 * (SHORT_KEY_BYTES + SHORT_HASH_BYTES + length));
    const out = this.#region + SHORT_KEY_BYTES;
    const message = out + SHORT_HASH_BYTES;
    this.#wasm.HEAPU8.set(head, message);
    this.#wasm.HEAPU8.set(tail, message + head.length);
    this.#wasm._crypto_shorthash(out, message, length, 0, this.#region);
    // Answered after the call: a call into the WebAssembly could have grown its memory (HEAPU8 is then a new array).
    return out;
  }

  dispose(): void {
    this.key.fill(0);
    this.#release();
  }

  #grow(bytes: number): void {
    this.#release();
    this.#region = this.#wasm._malloc(bytes);
    if (this.#region === 0) throw new RangeError('libsodium is out of memory');
    this.#regionBytes = bytes;
    this.#wasm.HEAPU8.set(this.key, this.#region);
  }

  #release(): void {
    if (this.#region === 0) return;
    this.#wasm.HEAPU8.fill(0, this.#region, this.#region + this.#regionBytes);
    this.#wasm._free(this.#region);
    [this.#region, this.#regionBytes] = [0, 0];
  }
}
