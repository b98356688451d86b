/**
 * How the sync API carries bytes: unpadded base64url (src/shared/server-api/http.ts). A decoded
 * Buffer is a Uint8Array: no copy, as the vault decodes every item at unlock.
 */
export const fromWire = (base64url: string): Uint8Array => Buffer.from(base64url, 'base64url');
export const toWire = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
