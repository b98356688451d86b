import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from './databases';
import { ClientAt, loginStartAt, recoveryStartAt, signInAt } from './client-address';
import { Clock, expectError, fakeBlob, randomSecret, signUp, snapshot, startTestServer, type TestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const MINUTE = 60_000;
const smtp = await smtpForThisFile();

/** Two server instances on one fresh database, sharing one clock. */
async function withTwoServers(database: TestDatabase, test: (a: TestServer, b: TestServer, clock: Clock) => Promise<void>): Promise<void> {
  const config = await database.create();
  const clock = new Clock();
  const a = await startTestServer(config, smtp, { clock });
  const b = await startTestServer(config, smtp, { clock });
  try {
    await test(a, b, clock);
  } finally {
    await a.close();
    await b.close();
  }
}

/** One client address, its requests going to both instances in turn. */
const at = (a: TestServer, b: TestServer, address: string) => [new ClientAt(a.url, address), new ClientAt(b.url, address)] as const;

/** A signed-up account whose laptop (127.0.0.9) signed in once and holds a device token; the clock then moves past every login window. */
async function ownerWithLaptop(a: TestServer, clock: Clock, email: string) {
  const user = await signUp(a.api, smtp, email);
  const laptop = new ClientAt(a.url, '127.0.0.9');
  const signedIn = await signInAt(laptop, user.email, user.secret);
  expect(signedIn.status).toBe(200);
  clock.advance(16 * MINUTE);
  return { user, laptop, deviceToken: signedIn.body.deviceToken as string };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(testDatabases)('login and recovery starts on $name', (database) => {
  it('limit a flooding address, bound the account across addresses, and let the owner’s device through', () =>
    withTwoServers(database, async (a, b, clock) => {
      const { user, deviceToken } = await ownerWithLaptop(a, clock, 'victim@example.com');
      expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // Only the token's hash is kept, bound to the account.
      expect(await a.db.selectFrom('device_tokens').select(['token_hash', 'account_id']).execute()).toEqual([{ token_hash: sha256(deviceToken), account_id: user.accountId }]);

      // A flood from one address: five starts per email and address in 15 minutes, on either instance.
      const flooder = at(a, b, '127.0.0.2');
      for (let i = 0; i < 5; i++) expect((await loginStartAt(flooder[i % 2]!, user.email, randomSecret())).started.status).toBe(200);
      const refused = (await loginStartAt(flooder[1], user.email, randomSecret())).started;
      expectError(refused, 429, 'rate_limited');
      expect(refused.retryAfter).toBe(String(15 * 60));

      // (a) Another address still gets in, up to the account's bound for strangers: ten in 15 minutes, all addresses together.
      const other = at(a, b, '127.0.0.3');
      for (let i = 0; i < 5; i++) expect((await loginStartAt(other[i % 2]!, user.email, randomSecret())).started.status).toBe(200);
      expectError((await loginStartAt(new ClientAt(b.url, '127.0.0.4'), user.email, randomSecret())).started, 429, 'rate_limited');

      // A token that is not a live one of this account counts as none: refused like any stranger.
      expectError((await loginStartAt(other[0], user.email, randomSecret(), fakeBlob(32))).started, 429, 'rate_limited');

      // (b) The owner's device signs in even from the flooder's address; its token is replaced by a new one.
      const again = await signInAt(flooder[0], user.email, user.secret, deviceToken);
      expect(again.status).toBe(200);
      const renewed = again.body.deviceToken as string;
      expect(renewed).not.toBe(deviceToken);
      expect(await a.db.selectFrom('device_tokens').select('token_hash').execute()).toEqual([{ token_hash: sha256(renewed) }]);
      expectError((await loginStartAt(other[1], user.email, randomSecret(), deviceToken)).started, 429, 'rate_limited');
      // The device's own bucket bounds its guesses too: ten starts in 15 minutes.
      for (let i = 0; i < 10; i++) expect((await loginStartAt(flooder[i % 2]!, user.email, randomSecret(), renewed)).started.status).toBe(200);
      expectError((await loginStartAt(flooder[0], user.email, randomSecret(), renewed)).started, 429, 'rate_limited');

      // Another account's token is none for this email: five starts from one address, as without a token.
      for (let i = 0; i < 5; i++) expect((await loginStartAt(other[i % 2]!, 'nobody@example.com', randomSecret(), renewed)).started.status).toBe(200);
      expectError((await loginStartAt(other[0], 'nobody@example.com', randomSecret(), renewed)).started, 429, 'rate_limited');

      // A malformed token is a 400 that changes nothing.
      const before = await snapshot(a.db);
      expectError((await loginStartAt(other[0], user.email, randomSecret(), 'not+a+token')).started, 400, 'invalid_request');
      expectError(await recoveryStartAt(other[1], user.email, 'x'.repeat(44)), 400, 'invalid_request');
      expect(await snapshot(a.db)).toEqual(before);
    }));

  it('slide: no 15 minutes ever hold more than the limit, around any boundary', () =>
    withTwoServers(database, async (a, b, clock) => {
      const email = 'slide@example.com';
      const client = at(a, b, '127.0.0.2');
      const start = async (i: number) => (await loginStartAt(client[i % 2]!, email, randomSecret())).started;
      expect((await start(0)).status).toBe(200);
      clock.advance(15 * MINUTE - 1000);
      for (let i = 1; i < 5; i++) expect((await start(i)).status).toBe(200);
      const full = await start(5);
      expectError(full, 429, 'rate_limited');
      expect(full.retryAfter).toBe('1');
      // Two seconds later a fixed window begun with the first start would let five more through; only the first start has left.
      clock.advance(2000);
      expect((await start(0)).status).toBe(200);
      const refused = await start(1);
      expectError(refused, 429, 'rate_limited');
      expect(refused.retryAfter).toBe(String(15 * 60 - 2));
      clock.advance((15 * 60 - 2) * 1000);
      for (let i = 0; i < 4; i++) expect((await start(i)).status).toBe(200);
      expectError(await start(4), 429, 'rate_limited');
    }));

  it('limit recovery starts the same way: per address, per account, and the owner’s device apart', () =>
    withTwoServers(database, async (a, b, clock) => {
      const { user, deviceToken } = await ownerWithLaptop(a, clock, 'forgetful@example.com');
      // Three recovery starts per email and address in an hour.
      const flooder = at(a, b, '127.0.0.2');
      for (let i = 0; i < 3; i++) expect((await recoveryStartAt(flooder[i % 2]!, user.email)).status).toBe(200);
      const refused = await recoveryStartAt(flooder[0], user.email);
      expectError(refused, 429, 'rate_limited');
      expect(refused.retryAfter).toBe(String(60 * 60));
      // Five per account from all strangers' addresses together.
      const other = at(a, b, '127.0.0.3');
      for (let i = 0; i < 2; i++) expect((await recoveryStartAt(other[i % 2]!, user.email)).status).toBe(200);
      expectError(await recoveryStartAt(new ClientAt(a.url, '127.0.0.4'), user.email), 429, 'rate_limited');
      expectError(await recoveryStartAt(other[1], user.email, fakeBlob(32)), 429, 'rate_limited');
      // The owner's device, from any address: its own five an hour.
      for (let i = 0; i < 5; i++) expect((await recoveryStartAt(flooder[i % 2]!, user.email, deviceToken)).status).toBe(200);
      expectError(await recoveryStartAt(flooder[1], user.email, deviceToken), 429, 'rate_limited');
      // The window slides: an hour after the flood, the flooder's address gets three again.
      clock.advance(60 * MINUTE);
      for (let i = 0; i < 3; i++) expect((await recoveryStartAt(flooder[i % 2]!, user.email)).status).toBe(200);
      expectError(await recoveryStartAt(flooder[0], user.email), 429, 'rate_limited');
    }));
});
