/**
 * Checking a recovery code in the main process, against a real server (SQLite) and the real
 * keychain: a good code works (and keeps working: nothing is consumed), a typo is named by
 * its group before anything is sent, a replaced code or no code is "not current", a server
 * that cannot be reached means nothing is known, and an envelope that does not open to the
 * account key this device holds is never "works".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Accounts } from '../../../src/main/core/account/accounts';
import { StepUp } from '../../../src/main/core/account/step-up';
import { generateAccountKey } from '../../../src/main/core/crypto/account-key';
import { deriveRecoveryKeys, wrapAccountKeyForRecovery } from '../../../src/main/core/crypto/recovery';
import { RecoveryCodeCheck } from '../../../src/main/core/recovery/check';
import { RecoveryCodeSetup } from '../../../src/main/core/recovery/setup';
import { SyncApiError, SyncServerClient, type CallOptions } from '../../../src/main/core/sync/client';
import { toWire } from '../../../src/main/core/sync/wire';
import { parseRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import type { RouteDefinition, RouteResponse } from '../../../src/shared/server-api/http';
import { recoveryCheckRoutes } from '../../../src/shared/server-api/recovery-check';
import { snapshot, type TestServer } from '../server/harness';
import { signedUpDevice } from './signed-up-device';

const email = 'alice@example.com';
const password = 'quiet orchard lantern 1987 fjord';
type Finished = RouteResponse<typeof recoveryCheckRoutes.checkFinish>;

/** The device's client to the real server, noting each route called; `rewrite` stands for a server (or a path to it) that changes the finish answer. */
class WatchedClient extends SyncServerClient {
  readonly paths: string[] = [];
  rewrite: ((answer: Finished) => Finished) | undefined;
  /** Stands for a network that no longer reaches the server. */
  offline = false;

  override async call<D extends RouteDefinition>(route: D, options?: CallOptions<D>): Promise<RouteResponse<D>> {
    this.paths.push(route.path);
    if (this.offline) throw new SyncApiError('unreachable', 'The sync server cannot be reached.');
    const answer = await super.call(route, options);
    return this.rewrite && route.path === recoveryCheckRoutes.checkFinish.path ? (this.rewrite(answer as Finished) as RouteResponse<D>) : answer;
  }
}

describe('checking a recovery code', () => {
  let device: Awaited<ReturnType<typeof signedUpDevice>>;
  let server: TestServer;
  let accounts: Accounts;
  let accountId: string;
  let serverAccountId: string;
  let api: WatchedClient;
  let checker: RecoveryCodeCheck;
  /** What the reminders were told, in order. */
  const told: boolean[] = [];
  let code: string;

  const setUpCode = async () => {
    const setup = new RecoveryCodeSetup(accounts, new StepUp(accounts));
    const shown = await setup.begin(accountId, { password });
    await setup.confirm(accountId, shown);
    return shown;
  };

  beforeAll(async () => {
    device = await signedUpDevice(email, password, (url) => (api = new WatchedClient(url)));
    ({ server, accounts, accountId } = device);
    serverAccountId = accounts.unlocked(accountId).serverAccountId;
    checker = new RecoveryCodeCheck(accounts, async (localUuid, passed) => {
      expect(localUuid).toBe(accountId);
      told.push(passed);
    });
  }, 60_000);

  afterAll(async () => device?.close());

  it('says "not current" while the account has no recovery code', async () => {
    told.length = 0;
    const setup = new RecoveryCodeSetup(accounts, new StepUp(accounts));
    // Begun but never confirmed: the pending code is not an active one, and there is none.
    const pending = await setup.begin(accountId, { password });
    await expect(checker.check(accountId, pending)).resolves.toEqual({ result: 'not-current' });
    setup.cancel(accountId);
    expect(told).toEqual([false]);
    code = await setUpCode();
  }, 60_000);

  it('works with the current code, typed loosely, and keeps working (nothing is consumed)', async () => {
    told.length = 0;
    const loose = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const first = await checker.check(accountId, loose);
    expect(first).toEqual({ result: 'works', checkedAt: new Date(server.clock.now()).toISOString() });
    server.clock.advance(60_000);
    expect(await checker.check(accountId, code)).toEqual({ result: 'works', checkedAt: new Date(server.clock.now()).toISOString() });
    expect(told).toEqual([true, true]);
  }, 30_000);

  it('names the group with a typo, and sends nothing and changes nothing', async () => {
    told.length = 0;
    const groups = code.split('-');
    groups[4] = (groups[4]![0] === '2' ? '3' : '2') + groups[4]!.slice(1);
    const before = await snapshot(server.db);
    const sent = api.paths.length;
    await expect(checker.check(accountId, groups.join('-'))).rejects.toMatchObject({ code: 'invalid-input', message: 'Check group 4 against your Recovery Kit: it has a typo.', fields: { groups: [4] } });
    await expect(checker.check(accountId, code.slice(0, -6))).rejects.toMatchObject({ code: 'invalid-input', message: /^A recovery code has 13 groups of 5 characters/ });
    expect(api.paths.length).toBe(sent);
    expect(await snapshot(server.db)).toEqual(before);
    expect(told).toEqual([]);
  });

  it('is never "works" when the envelope does not open to the account key held here', async () => {
    told.length = 0;
    const keys = deriveRecoveryKeys(parseRecoveryCode(code));
    const otherKey = generateAccountKey();
    // The code's own wrapping key around another account key: it opens, to the wrong key.
    const wrongKey = toWire(wrapAccountKeyForRecovery(otherKey, keys, serverAccountId));
    keys.dispose();
    otherKey.dispose();
    try {
      api.rewrite = (answer) => ({ ...answer, recoveryWrappedAccountKey: wrongKey });
      await expect(checker.check(accountId, code)).resolves.toEqual({ result: 'does-not-open' });
      // The real envelope with one byte of its ciphertext changed: it does not open at all.
      api.rewrite = (answer) => {
        const bytes = Buffer.from(answer.recoveryWrappedAccountKey, 'base64url');
        bytes[bytes.length - 1]! ^= 1;
        return { ...answer, recoveryWrappedAccountKey: bytes.toString('base64url') };
      };
      await expect(checker.check(accountId, code)).resolves.toEqual({ result: 'does-not-open' });
    } finally {
      api.rewrite = undefined;
    }
    expect(told).toEqual([false, false]);
  }, 30_000);

  it('knows nothing when the server cannot be reached, and does not tell the reminders', async () => {
    told.length = 0;
    api.offline = true;
    try {
      await expect(checker.check(accountId, code)).rejects.toMatchObject({ code: 'offline' });
    } finally {
      api.offline = false;
    }
    expect(told).toEqual([]);
  });

  it('says the old code is not current once it was replaced, and the new one works', async () => {
    told.length = 0;
    const old = code;
    code = await setUpCode();
    await expect(checker.check(accountId, old)).resolves.toEqual({ result: 'not-current' });
    await expect(checker.check(accountId, code)).resolves.toMatchObject({ result: 'works' });
    expect(told).toEqual([false, true]);
  }, 60_000);

  it('knows nothing when the account locks during the check', async () => {
    told.length = 0;
    api.rewrite = (answer) => (accounts.lock(accountId), answer);
    try {
      await expect(checker.check(accountId, code)).rejects.toMatchObject({ code: 'not-unlocked', message: 'The account locked during the check. Unlock it, then check again.' });
    } finally {
      api.rewrite = undefined;
    }
    expect(told).toEqual([]);
    await accounts.unlock(accountId, password);
  }, 30_000);

  it('refuses a locked account before anything is sent', async () => {
    accounts.lock(accountId);
    const sent = api.paths.length;
    await expect(checker.check(accountId, code)).rejects.toMatchObject({ code: 'not-unlocked', message: 'Unlock the account first.' });
    expect(api.paths.length).toBe(sent);
    await accounts.unlock(accountId, password);
  }, 30_000);

  it('says plainly when there were too many checks', async () => {
    let refusal: unknown;
    for (let tries = 0; tries < 50 && refusal === undefined; tries++) refusal = await checker.check(accountId, code).then(() => undefined, (error: unknown) => error);
    // The wait is the server's (its window is an hour), not words the device made up.
    expect(refusal).toMatchObject({ code: 'rate-limited', fields: { retryAfterSeconds: expect.any(Number) }, message: expect.stringMatching(/^Too many attempts\. Try again in (a minute|\d+ minutes)\.$/) });
    const minutes = Number(/in (\d+) minutes/.exec((refusal as Error).message)?.[1] ?? 1);
    expect(minutes).toBeGreaterThan(0);
    expect(minutes).toBeLessThanOrEqual(60);
  }, 60_000);
});
