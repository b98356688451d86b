/**
 * Opening many envelopes under one key (an unlock opens every item's overview): XChaCha20-Poly1305
 * through libsodium's WebAssembly directly. The wrapper's decrypt, per call, allocated and copied
 * the key, nonce, ciphertext and AAD into the WebAssembly memory, copied the plaintext out into a
 * new array and freed five buffers (left unzeroed). Here the key is copied in once per batch, one
 * region is reused for every envelope, and the plaintext is handed to the reader where it lies;
 * the plaintext is zeroed after each read, the key and the region when the batch is disposed.
 * Same checks and errors as aeadOpen (aead.ts).
 */
import { checkAeadEnvelope, HEADER_BYTES, NONCE_BYTES, TAG_BYTES, type AeadKind } from '../../../shared/crypto/envelope';
import { DecryptionError, InvalidArgumentError } from '../../../shared/crypto/errors';
import { KEY_BYTES } from './aead';
import { sodiumWasm } from './sodium';

export class AeadBatch {
  readonly #wasm = sodiumWasm();
  /** The key, then the reused region: AAD, envelope (header, nonce, ciphertext and tag), plaintext. */
  #key: number;
  #region = 0;
  #regionBytes = 0;

  constructor(key: Uint8Array) {
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new InvalidArgumentError('Key must be 32 bytes');
    this.#key = this.#alloc(KEY_BYTES);
    this.#wasm.HEAPU8.set(key, this.#key);
  }

  /** Opens `envelope` (of kind `kind`) and answers `read` of its plaintext in place; `read` must not keep the bytes (they are zeroed after). */
  open<T>(kind: AeadKind, envelope: Uint8Array, aad: Uint8Array, read: (plaintext: Uint8Array) => T): T {
    if (this.#key === 0) throw new InvalidArgumentError('The batch was disposed');
    const plaintextBytes = checkAeadEnvelope(envelope, kind);
    const needed = aad.length + envelope.length + plaintextBytes;
    if (needed > this.#regionBytes) this.#grow(needed);
    // The envelope is copied in whole, header too (no view made of it): its nonce, then its ciphertext and tag, follow the header.
    const nonce = this.#region + aad.length + HEADER_BYTES;
    const ciphertext = nonce + NONCE_BYTES;
    const plaintext = ciphertext + plaintextBytes + TAG_BYTES;
    let heap = this.#wasm.HEAPU8;
    heap.set(aad, this.#region);
    heap.set(envelope, nonce - HEADER_BYTES);
    const status = this.#wasm._crypto_aead_xchacha20poly1305_ietf_decrypt(plaintext, 0, 0, ciphertext, plaintextBytes + TAG_BYTES, 0, this.#region, aad.length, 0, nonce, this.#key);
    // Read again: a call into the WebAssembly could have grown its memory.
    heap = this.#wasm.HEAPU8;
    try {
      if (status !== 0) throw new DecryptionError();
      return read(heap.subarray(plaintext, plaintext + plaintextBytes));
    } finally {
      this.#wasm.HEAPU8.fill(0, plaintext, plaintext + plaintextBytes);
    }
  }

  /** Zeroes and frees the key and the region; idempotent. */
  dispose(): void {
    if (this.#key === 0) return;
    this.#release();
    this.#wasm.HEAPU8.fill(0, this.#key, this.#key + KEY_BYTES);
    this.#wasm._free(this.#key);
    this.#key = 0;
  }

  #grow(bytes: number): void {
    this.#release();
    this.#regionBytes = Math.max(bytes, 2 * this.#regionBytes, 4096);
    this.#region = this.#alloc(this.#regionBytes);
  }

  #alloc(bytes: number): number {
    const address = this.#wasm._malloc(bytes);
    if (address === 0) throw new RangeError('libsodium is out of memory');
    return address;
  }

  #release(): void {
    if (this.#region === 0) return;
    this.#wasm.HEAPU8.fill(0, this.#region, this.#region + this.#regionBytes);
    this.#wasm._free(this.#region);
    [this.#region, this.#regionBytes] = [0, 0];
  }
}

/** Runs `use` with a batch under `key`, disposed after. */
export function withAeadBatch<T>(key: Uint8Array, use: (batch: AeadBatch) => T): T {
  const batch = new AeadBatch(key);
  try {
    return use(batch);
  } finally {
    batch.dispose();
  }
}
