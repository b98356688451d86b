/**
 * Device tokens (docs/security-design.md §13.5): a random 256-bit token the server gives a
 * device at each successful sign-in. The device keeps it in the OS keychain and presents it at
 * login and recovery starts, which then count in that device's own rate-limit bucket, apart
 * from strangers'. It grants nothing else. The server keeps only its SHA-256, bound to the
 * account, for a year; a sign-in that presented a live token replaces it with the new one.
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context';
import type { DatabaseSchema } from '../database/schema';
import { consumeRateLimits } from '../rate-limit/rate-limit';
import { startBuckets, type StartLimits } from '../rate-limit/start-limits';
import { randomToken, tokenHash } from '../security/tokens';

export const DEVICE_TOKEN_TTL_MS = 365 * 24 * 60 * 60_000;

export interface Start {
  email: string;
  /** The email's account, or null without one. */
  accountId: string | null;
  ip: string;
  /** As the client sent it. */
  deviceToken: string | undefined;
}

/**
 * Counts a login or recovery start (429 when a bucket is full); answers the hash of the device
 * token if it is a live one of the email's account. Any other token counts as none, and is
 * looked up just the same whether or not the email has an account.
 */
export async function consumeStart({ db }: ServerContext, at: number, limits: StartLimits, start: Start): Promise<string | null> {
  const deviceTokenHash = start.deviceToken === undefined ? null : await liveDeviceToken(db, at, start.accountId ?? '', tokenHash(start.deviceToken));
  await consumeRateLimits(db, at, startBuckets(limits, { email: start.email, ip: start.ip, deviceTokenHash }));
  return deviceTokenHash;
}

async function liveDeviceToken(db: Kysely<DatabaseSchema>, at: number, accountId: string, hash: string): Promise<string | null> {
  const row = await db.selectFrom('device_tokens').select('token_hash').where('token_hash', '=', hash).where('account_id', '=', accountId).where('expires_at', '>', at).executeTakeFirst();
  return row ? hash : null;
}

/** A new device token for the account; the one it replaces (`replacing`, a hash) and the account's expired ones go. */
export async function issueDeviceToken(db: Kysely<DatabaseSchema>, at: number, accountId: string, replacing: string | null): Promise<string> {
  const token = randomToken(32);
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('device_tokens')
      .where('account_id', '=', accountId)
      .where((where) => where.or([where('expires_at', '<=', at), where('token_hash', '=', replacing ?? '')]))
      .execute();
    await trx.insertInto('device_tokens').values({ token_hash: tokenHash(token), account_id: accountId, created_at: at, expires_at: at + DEVICE_TOKEN_TTL_MS }).execute();
  });
  return token;
}
