/**
 * A holder for key material that never prints it: toString, toJSON and Node's inspect all
 * give "[redacted]". `dispose()` overwrites the bytes with zeros; using the value afterwards
 * throws. Callers that own a SecretBytes dispose it when done (try/finally).
 */

const REDACTED = '[redacted]';

export class SecretBytes {
  #bytes: Uint8Array;
  #disposed = false;

  /** Takes ownership of `bytes` (no copy): the caller must not keep using the array. */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** A SecretBytes holding a copy of `bytes`. */
  static copyOf(bytes: Uint8Array): SecretBytes {
    return new SecretBytes(bytes.slice());
  }

  get length(): number {
    return this.#bytes.length;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The raw bytes (no copy). Do not store the returned array beyond the owner's lifetime. */
  expose(): Uint8Array {
    if (this.#disposed) throw new Error('SecretBytes used after dispose');
    return this.#bytes;
  }

  /** Overwrites the bytes with zeros. Idempotent. */
  dispose(): void {
    this.#bytes.fill(0);
    this.#disposed = true;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/** Zeroes an array of plain bytes (best effort in a garbage-collected runtime). */
export function wipe(...arrays: (Uint8Array | undefined)[]): void {
  for (const a of arrays) a?.fill(0);
}
