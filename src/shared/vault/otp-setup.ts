/**
 * A login's one-time password setup (TOTP, RFC 6238), as the `otp` field of an item holds it:
 * an `otpauth://totp/…` URI in the Key URI format authenticator apps read from a QR code. The
 * screens and the main process read what the user pasted (a URI, or a bare setup key in base32,
 * with spaces or in lower case) with the same code, and the item stores only the URI this
 * builds. Codes themselves are made in the main process (src/main/core/otp).
 */

export const otpAlgorithms = ['SHA1', 'SHA256', 'SHA512'] as const;
export type OtpAlgorithm = (typeof otpAlgorithms)[number];
export const otpDigits = [6, 8] as const;
export const otpPeriods = [30, 60] as const;

export interface OtpSetup {
  /** The shared secret in base32 (RFC 4648), upper case, without spaces or padding. */
  secret: string;
  /** Who issued it (the site), '' when not given. */
  issuer: string;
  /** The account at the issuer (often an email), '' when not given. */
  account: string;
  algorithm: OtpAlgorithm;
  digits: (typeof otpDigits)[number];
  period: (typeof otpPeriods)[number];
}

/** Why a pasted text is not a setup Latchkey can use; the screens word each one. */
export const otpSetupErrors = [
  'otp-empty',
  'otp-too-long',
  /** An `otpauth://hotp/` URI: counter-based codes are not supported. */
  'otp-hotp',
  /** Not an otpauth:// URI of a kind we know, nor a setup key. */
  'otp-not-recognised',
  'otp-bad-secret',
  'otp-bad-algorithm',
  'otp-bad-digits',
  'otp-bad-period',
] as const;
export type OtpSetupError = (typeof otpSetupErrors)[number];

export type OtpReading = { ok: true; setup: OtpSetup } | { ok: false; error: OtpSetupError };

/** As long as the item's `otp` field may be (ITEM_LIMITS.otp). */
const MAX_INPUT = 2048;
/** 10 bytes (80 bits, what many sites issue) to 128 bytes. */
const MIN_SECRET_CHARS = 16;
const MAX_SECRET_CHARS = 205;
const base32 = /^[A-Z2-7]+$/;

/** Reads a pasted `otpauth://totp/…` URI or bare setup key. */
export function readOtpSetup(text: string): OtpReading {
  const input = text.trim();
  if (input === '') return { ok: false, error: 'otp-empty' };
  if (input.length > MAX_INPUT) return { ok: false, error: 'otp-too-long' };
  if (/^otpauth:/i.test(input)) return readUri(input);
  const secret = normaliseSecret(input);
  return secret === null ? { ok: false, error: 'otp-not-recognised' } : { ok: true, setup: { secret, issuer: '', account: '', algorithm: 'SHA1', digits: 6, period: 30 } };
}

/** The URI an item stores for a setup: the Key URI format, with every parameter spelled out. */
export function otpUri(setup: OtpSetup): string {
  const label = setup.issuer === '' ? encodeURIComponent(setup.account) : `${encodeURIComponent(setup.issuer)}:${encodeURIComponent(setup.account)}`;
  const query = [['secret', setup.secret], ['algorithm', setup.algorithm], ['digits', String(setup.digits)], ['period', String(setup.period)], ...(setup.issuer === '' ? [] : [['issuer', setup.issuer]])];
  return `otpauth://totp/${label}?${query.map(([key, value]) => `${key}=${encodeURIComponent(value!)}`).join('&')}`;
}

/** The secret without spaces, hyphens or padding, in upper case; null if it is not base32 of a usable length. */
function normaliseSecret(text: string): string | null {
  const secret = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (!base32.test(secret) || secret.length < MIN_SECRET_CHARS || secret.length > MAX_SECRET_CHARS) return null;
  // A length that leaves 1, 3 or 6 characters over is not whole bytes (RFC 4648 §6).
  return [1, 3, 6].includes(secret.length % 8) ? null : secret;
}

/** otpauth://KIND/LABEL?QUERY, read by hand: src/shared has no URL class in every process it runs in. */
const uriShape = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

function readUri(input: string): OtpReading {
  const parts = uriShape.exec(input);
  const parameters = parts ? readQuery(parts[3] ?? '') : null;
  if (!parts || !parameters) return { ok: false, error: 'otp-not-recognised' };
  const kind = parts[1]!.toLowerCase();
  if (kind === 'hotp') return { ok: false, error: 'otp-hotp' };
  if (kind !== 'totp') return { ok: false, error: 'otp-not-recognised' };
  const secret = normaliseSecret(parameters.get('secret') ?? '');
  if (secret === null) return { ok: false, error: 'otp-bad-secret' };
  const algorithm = (parameters.get('algorithm') ?? 'SHA1').toUpperCase().replace('-', '');
  if (!isOneOf(otpAlgorithms, algorithm)) return { ok: false, error: 'otp-bad-algorithm' };
  const digits = Number(parameters.get('digits') ?? '6');
  if (!isOneOf(otpDigits, digits)) return { ok: false, error: 'otp-bad-digits' };
  const period = Number(parameters.get('period') ?? '30');
  if (!isOneOf(otpPeriods, period)) return { ok: false, error: 'otp-bad-period' };
  const { issuer, account } = readLabel(parts[2]!, parameters.get('issuer'));
  return { ok: true, setup: { secret, issuer, account, algorithm, digits, period } };
}

/**
 * The label is "issuer:account" or "account"; the issuer parameter wins when both are given,
 * and is taken off the label's front whole (an issuer may hold a colon itself).
 */
function readLabel(pathname: string, issuerParameter: string | undefined): { issuer: string; account: string } {
  let label: string;
  try {
    label = decodeURIComponent(pathname);
  } catch {
    label = '';
  }
  const prefix = issuerParameter === undefined ? '' : `${issuerParameter}:`;
  const colon = prefix !== '' && label.startsWith(prefix) ? prefix.length - 1 : label.indexOf(':');
  const labelIssuer = colon < 0 ? '' : label.slice(0, colon);
  const account = colon < 0 ? label : label.slice(colon + 1);
  return { issuer: (issuerParameter ?? labelIssuer).trim(), account: account.trim() };
}

/** The query's parameters (the first of each name), decoded; null if one is not valid percent-encoding. */
function readQuery(query: string): Map<string, string> | null {
  const parameters = new Map<string, string>();
  try {
    for (const pair of query.split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const [key, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
      const name = decodeURIComponent(key.replace(/\+/g, ' ')).toLowerCase();
      if (!parameters.has(name)) parameters.set(name, decodeURIComponent(value.replace(/\+/g, ' ')));
    }
  } catch {
    return null;
  }
  return parameters;
}

function isOneOf<T>(values: readonly T[], value: unknown): value is T {
  return values.includes(value as T);
}
