/**
 * Authenticator-app codes (TOTP, RFC 6238) with otplib: SHA-1, 6 digits, 30-second steps,
 * accepted one step either side of the server's clock. The shared secret is kept sealed
 * (AES-256-GCM under the server's TOTP key, bound to the account id), never in plain text.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

export const totpParameters = { algorithm: 'sha1', digits: 6, period: 30 } as const;

const sealLabel = 'latchkey/server/totp-secret/v1';

/** A new base32 secret of 20 random bytes (the RFC 4226 recommendation). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: 'Latchkey', label: email, secret, ...totpParameters });
}

export function sealTotpSecret(key: Buffer, accountId: string, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(`${sealLabel}|${accountId}`));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

export function openTotpSecret(key: Buffer, accountId: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(Buffer.from(`${sealLabel}|${accountId}`));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
}

/**
 * The time step `code` belongs to, if it is the code of the step at `nowMs` or of the step
 * before or after it, and later than `usedStep` (each code works once); otherwise null.
 */
export async function totpStepOf(secret: string, code: string, nowMs: number, usedStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    ...totpParameters,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: totpParameters.period,
    ...(usedStep === null ? {} : { afterTimeStep: usedStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
