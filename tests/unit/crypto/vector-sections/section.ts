import type { VectorBlock } from '../doc-vectors';

/**
 * One named section of the spec's vector block (a top-level key of the JSON in §15).
 * A section lists its named inputs inside its own value, so an outside team can recompute it.
 */
export interface VectorSection {
  /** The top-level key in the block; unique across all section files. */
  readonly name: string;
  /**
   * Computes the section from its fixed, named inputs. `published` is the block's current
   * value for this name (undefined on first generation): use it only to keep a value that
   * libsodium randomises (a sealed box), never for anything that can be recomputed.
   */
  compute(published: unknown): unknown;
  /**
   * Decoder-side checks of the published value (opens envelopes, verifies signatures, parses
   * bad input); `block` is the whole published block, for values another section defines.
   */
  check?(published: unknown, block: VectorBlock): void | Promise<void>;
}
