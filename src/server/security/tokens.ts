/** Random tokens and the hashes the server keeps of them. Node's crypto, server side only. */
import { createHmac, hash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes as unpadded base64url (32 bytes = 256 bits by default). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a high-entropy token, hex: what the database keeps instead of the token (one-shot: every authenticated request hashes one). */
export function tokenHash(token: string): string {
  return hash('sha256', token, 'hex');
}

/** HMAC-SHA-256 under a server key, over length-prefixed parts (so parts cannot run together). */
export function keyedHash(key: Buffer, ...parts: string[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    mac.update(length).update(bytes);
  }
  return mac.digest();
}

/** Constant-time comparison of two hex digests. */
export function hexDigestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A uniformly random string of decimal digits. */
export function randomDigits(count: number): string {
  let digits = '';
  for (let i = 0; i < count; i++) digits += String(randomInt(10));
  return digits;
}

export function randomSource(length: number): Uint8Array {
  return new Uint8Array(randomBytes(length));
}
