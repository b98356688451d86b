/** HKDF-SHA256 (RFC 5869), extract-then-expand, via node:crypto. The only HKDF of the core. */

import { hkdfSync } from 'node:crypto';
import { ascii } from '../../../shared/crypto/bytes';

export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array | string, length: number): Uint8Array {
  const infoBytes = typeof info === 'string' ? ascii(info) : info;
  return new Uint8Array(hkdfSync('sha256', ikm, salt, infoBytes, length));
}
