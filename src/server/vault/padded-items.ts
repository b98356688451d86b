/**
 * The server's half of item padding (docs/security-design.md §9.2): it cannot see plaintexts,
 * but it refuses an item write whose envelopes are not the padded kinds (0x09 overview, 0x0A
 * details) or whose ciphertext is not exactly one size bucket plus the tag, so no device can
 * store an item whose length tells more than its bucket. Items stored before padding (0x05 /
 * 0x06) are still served as they are.
 */
import { ITEM_KINDS, type ItemPart } from '../../shared/crypto/aad';
import { envelopeKindName, HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../../shared/crypto/envelope';
import { isBucket, PAD_MIN_BUCKET } from '../../shared/crypto/padding';
import { VAULT_LIMITS } from '../../shared/server-api/vault';
import { ApiError } from '../http/errors';

const OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

/**
 * Throws 400 `item_not_padded`, naming the first part that is not padded. The body has passed
 * its schema (canonical base64url, either kind of its part, at most the envelope of the part's
 * largest bucket), so only the kind and the bucket are left to check.
 */
export function requirePaddedItem(body: Record<ItemPart, string>): void {
  for (const part of ['overview', 'details'] as const) {
    const bytes = Buffer.from(body[part], 'base64url');
    const kind = ITEM_KINDS[part].padded;
    if (bytes[1] !== kind || !isBucket(bytes.length - OVERHEAD)) {
      throw new ApiError(400, 'item_not_padded', `body.${part} must be envelope ${envelopeKindName(kind)} padded to a size bucket: a power of two from ${PAD_MIN_BUCKET} to ${VAULT_LIMITS[part].maxBucket} bytes`);
    }
  }
}
