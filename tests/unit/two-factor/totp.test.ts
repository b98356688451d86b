/** The server's TOTP clock window, replay rule, secrets and sealing (RFC 6238's own vectors: the spec's `totp` vector). */
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, openTotpSecret, sealTotpSecret, totpStepOf, totpUri } from '../../../src/server/two-factor/totp';

// RFC 6238 Appendix B's six SHA-1 rows are the `totp` vector of the spec (tests/unit/crypto/vector-sections/totp.ts).

describe('TOTP (RFC 6238)', () => {
  it('accepts the codes of one step before and after now, and no further', async () => {
    const secret = newTotpSecret();
    const now = 1_900_000_000;
    const codeAt = (seconds: number) => generate({ secret, epoch: seconds });
    const step = Math.floor(now / 30);
    expect(await totpStepOf(secret, await codeAt(now - 30), now * 1000, null)).toBe(step - 1);
    expect(await totpStepOf(secret, await codeAt(now + 30), now * 1000, null)).toBe(step + 1);
    expect(await totpStepOf(secret, await codeAt(now - 60), now * 1000, null)).toBeNull();
    expect(await totpStepOf(secret, await codeAt(now + 60), now * 1000, null)).toBeNull();
  });

  it('refuses a code of a step already used, or earlier', async () => {
    const secret = newTotpSecret();
    const now = 1_900_000_000;
    const step = Math.floor(now / 30);
    const code = await generate({ secret, epoch: now });
    expect(await totpStepOf(secret, code, now * 1000, step - 1)).toBe(step);
    expect(await totpStepOf(secret, code, now * 1000, step)).toBeNull();
    expect(await totpStepOf(secret, await generate({ secret, epoch: now - 30 }), now * 1000, step)).toBeNull();
  });

  it('makes 160-bit base32 secrets and an otpauth URI an authenticator app reads', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'alice@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Latchkey:alice@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Latchkey');
  });

  it('seals the secret to the account: it opens with the key and account id only', () => {
    const key = Buffer.alloc(32, 7);
    const secret = newTotpSecret();
    const sealed = sealTotpSecret(key, 'acct-1', secret);
    expect(sealed).not.toContain(secret);
    expect(openTotpSecret(key, 'acct-1', sealed)).toBe(secret);
    expect(() => openTotpSecret(key, 'acct-2', sealed)).toThrow();
    expect(() => openTotpSecret(Buffer.alloc(32, 8), 'acct-1', sealed)).toThrow();
  });
});
