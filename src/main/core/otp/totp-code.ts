/**
 * One-time codes per RFC 6238 (TOTP) over RFC 4226's dynamic truncation, with node:crypto's
 * HMAC. Not otplib (which the server uses for its own 20-byte secrets): its guardrails refuse
 * secrets under 16 bytes, and many sites still issue 10-byte (80-bit) ones a login must show
 * codes for; and this is synchronous and short enough to check line by line against the RFC.
 */
import { createHmac } from 'node:crypto';
import type { OtpSetup } from '../../../shared/vault/otp-setup';

export interface OtpCode {
  code: string;
  /** The step length in seconds. */
  period: OtpSetup['period'];
  /** When this code stops being current (the start of the next step), in ms since the epoch. */
  expiresAtMs: number;
}

/** The code for the time step holding `nowMs`. */
export function totpCode(setup: Pick<OtpSetup, 'secret' | 'algorithm' | 'digits' | 'period'>, nowMs: number): OtpCode {
  const step = Math.floor(nowMs / 1000 / setup.period);
  return { code: hotp(base32Bytes(setup.secret), step, setup.algorithm, setup.digits), period: setup.period, expiresAtMs: (step + 1) * setup.period * 1000 };
}

/** RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(key: Uint8Array, counter: number, algorithm: OtpSetup['algorithm'], digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm.toLowerCase(), key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 4648 base32 (upper case, no padding; readOtpSetup has checked the alphabet and length). */
export function base32Bytes(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of secret) {
    buffer = (buffer << 5) | alphabet.indexOf(character);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}
