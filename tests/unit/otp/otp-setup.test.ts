/**
 * Reading what the user pastes as a one-time password setup: otpauth://totp URIs (every
 * parameter, both label forms), bare setup keys, and a clear error code for anything else,
 * HOTP named as such.
 */
import { describe, expect, it } from 'vitest';
import { otpUri, readOtpSetup, type OtpSetupError } from '../../../src/shared/vault/otp-setup';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('readOtpSetup', () => {
  it('reads a full URI', () => {
    const reading = readOtpSetup(`otpauth://totp/ACME%20Co:john%40example.com?secret=${secret}&issuer=ACME%20Co&algorithm=SHA512&digits=8&period=60`);
    expect(reading).toEqual({ ok: true, setup: { secret, issuer: 'ACME Co', account: 'john@example.com', algorithm: 'SHA512', digits: 8, period: 60 } });
  });

  it('takes the defaults (SHA1, 6 digits, 30 s) and an account-only label', () => {
    expect(readOtpSetup(`otpauth://totp/alice?secret=${secret.toLowerCase()}`)).toEqual({ ok: true, setup: { secret, issuer: '', account: 'alice', algorithm: 'SHA1', digits: 6, period: 30 } });
  });

  it('the issuer parameter wins over the label prefix; SHA256 in any case', () => {
    const reading = readOtpSetup(`OTPAUTH://TOTP/Old:bob?secret=${secret}&issuer=New&algorithm=sha256`);
    expect(reading).toMatchObject({ ok: true, setup: { issuer: 'New', account: 'bob', algorithm: 'SHA256' } });
  });

  it('a bare setup key with spaces, hyphens, padding or lower case', () => {
    expect(readOtpSetup('jbsw y3dp ehpk 3pxp')).toEqual({ ok: true, setup: { secret: 'JBSWY3DPEHPK3PXP', issuer: '', account: '', algorithm: 'SHA1', digits: 6, period: 30 } });
    expect(readOtpSetup('JBSW-Y3DP-EHPK-3PXP-JBSW-Y3DP-EHPK-3PXP')).toMatchObject({ ok: true, setup: { secret } });
    expect(readOtpSetup('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====')).toMatchObject({ ok: true, setup: { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' } });
  });

  const refused: [string, string, OtpSetupError][] = [
    ['empty', '   ', 'otp-empty'],
    ['too long', `otpauth://totp/a?secret=${'A'.repeat(2100)}`, 'otp-too-long'],
    ['HOTP', `otpauth://hotp/a?secret=${secret}&counter=1`, 'otp-hotp'],
    ['another otpauth kind', `otpauth://steam/a?secret=${secret}`, 'otp-not-recognised'],
    ['a web address', 'https://example.com/2fa', 'otp-not-recognised'],
    ['a malformed URI', 'otpauth://', 'otp-not-recognised'],
    ['a key with a non-base32 letter', 'JBSWY3DPEHPK3PX1', 'otp-not-recognised'],
    ['a key too short', 'JBSWY3DP', 'otp-not-recognised'],
    ['a key of a length that is not whole bytes', 'JBSWY3DPEHPK3PXPJ', 'otp-not-recognised'],
    ['a URI without a secret', 'otpauth://totp/a?issuer=x', 'otp-bad-secret'],
    ['a URI with a bad secret', 'otpauth://totp/a?secret=not!base32', 'otp-bad-secret'],
    ['MD5', `otpauth://totp/a?secret=${secret}&algorithm=MD5`, 'otp-bad-algorithm'],
    ['7 digits', `otpauth://totp/a?secret=${secret}&digits=7`, 'otp-bad-digits'],
    ['digits not a number', `otpauth://totp/a?secret=${secret}&digits=six`, 'otp-bad-digits'],
    ['45 s', `otpauth://totp/a?secret=${secret}&period=45`, 'otp-bad-period'],
  ];
  it.each(refused)('refuses %s', (_name, text, error) => {
    expect(readOtpSetup(text)).toEqual({ ok: false, error });
  });
});

describe('otpUri', () => {
  it('reads back to the same setup, whatever the issuer and account hold', () => {
    for (const setup of [
      { secret, issuer: 'ACME: Co & Sons', account: 'john+otp@example.com', algorithm: 'SHA256', digits: 8, period: 60 },
      { secret, issuer: '', account: 'alice', algorithm: 'SHA1', digits: 6, period: 30 },
      { secret, issuer: 'Ünïcode ✓', account: '', algorithm: 'SHA512', digits: 6, period: 30 },
    ] as const) {
      const uri = otpUri(setup);
      expect(uri.startsWith('otpauth://totp/')).toBe(true);
      expect(readOtpSetup(uri)).toEqual({ ok: true, setup });
    }
  });

  it('a pasted key becomes a URI with every parameter spelled out', () => {
    const reading = readOtpSetup('jbsw y3dp ehpk 3pxp');
    if (!reading.ok) throw new Error(reading.error);
    expect(otpUri(reading.setup)).toBe('otpauth://totp/?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30');
  });
});
