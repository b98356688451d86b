/**
 * The server's half of item padding (docs/security-design.md §9.2): it cannot see plaintexts,
 * but it refuses an item write whose envelopes are not the padded kinds (0x09 overview, 0x0A
 * details) or whose ciphertext is not exactly one size bucket plus the tag, so no device can
 * store an item whose length leaks more than its bucket. Items stored before padding are
 * served unchanged.
 */
import { ITEM_KINDS, type ItemPart } from '../../shared/crypto/aad';
import { HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../../shared/crypto/envelope';
import { isBucket, PAD_MIN_BUCKET } from '../../shared/crypto/padding';
import { VAULT_LIMITS } from '../../shared/server-api/vault';
import { ApiError } from '../http/errors';

const OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

/** Throws 400 `item_not_padded`, naming the first part that is not padded; the body has passed its schema. */
export function requirePaddedItem(body: Record<ItemPart, string>): void {
  for (const part of ['overview', 'details'] as const) {
    const bytes = Buffer.from(body[part], 'base64url');
    const bucket = bytes.length - OVERHEAD;
    const { maxBucket } = VAULT_LIMITS[part];
    if (bytes[1] !== ITEM_KINDS[part].padded || !isBucket(bucket) || bucket > maxBucket) {
      const kind = ITEM_KINDS[part].padded.toString(16).toUpperCase().padStart(2, '0');
      throw new ApiError(400, 'item_not_padded', `body.${part} must be envelope 0x${kind} padded to a size bucket: a power of two from ${PAD_MIN_BUCKET} to ${maxBucket} bytes`);
    }
  }
}
