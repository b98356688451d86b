/**
 * The buckets of a login start and of a recovery start (docs/security-design.md §13.5). A start
 * that presents a live device token (a device that signed in to the account before) counts in
 * that device's own bucket only. Any other start counts three times: for its client address
 * (every email), for the email from that address, and for the email from every address. So a
 * flood from one address fills its own buckets first, the email's shared bucket still bounds
 * the guesses of a guesser who spreads over many addresses, and neither stops a device of the
 * owner's.
 */
import { isIPv6 } from 'node:net';
import { rateLimits, type Bucket, type RateLimit } from './rate-limit';

export interface StartLimits {
  perEmail: RateLimit;
  perEmailAddress: RateLimit;
  perAddress: RateLimit;
  perDevice: RateLimit;
}

export const loginStartLimits: StartLimits = {
  perEmail: rateLimits.loginPerEmail,
  perEmailAddress: rateLimits.loginPerEmailAddress,
  perAddress: rateLimits.loginPerAddress,
  perDevice: rateLimits.loginPerDevice,
};

export const recoveryStartLimits: StartLimits = {
  perEmail: rateLimits.recoveryStartPerEmail,
  perEmailAddress: rateLimits.recoveryStartPerEmailAddress,
  perAddress: rateLimits.recoveryStartPerAddress,
  perDevice: rateLimits.recoveryStartPerDevice,
};

export interface StartClient {
  /** The canonical email the start is for. */
  email: string;
  /** The connection's address (the server trusts no proxy header). */
  ip: string;
  /** The SHA-256 of a live device token of the email's account, or null. */
  deviceTokenHash: string | null;
}

export function startBuckets(limits: StartLimits, { email, ip, deviceTokenHash }: StartClient): Bucket[] {
  if (deviceTokenHash) return [{ rate: limits.perDevice, subject: deviceTokenHash }];
  const address = addressSubject(ip);
  return [
    { rate: limits.perAddress, subject: address },
    { rate: limits.perEmailAddress, subject: `${email} ${address}` },
    { rate: limits.perEmail, subject: email },
  ];
}

/**
 * Whom an address bucket counts: an IPv4 address (also when IPv6-mapped), or the /64 network of
 * an IPv6 address, since one host is commonly given a whole /64.
 */
export function addressSubject(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  const bare = ip.split('%')[0] ?? ip;
  if (!isIPv6(bare)) return ip;
  const [head = '', tail = ''] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = bare.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
