/**
 * Accounts.resume: unlocking with the account key itself (what a command-line session keeps
 * wrapped, src/main/cli/session.ts), against a real server, the real keychain and the offline
 * cache. The right key unlocks, online and offline; any other key is 'not-unlocked' and leaves
 * the account locked; the key handed in is wiped when it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../../../src/main/core/account/accounts';
import { SyncServerClient } from '../../../src/main/core/sync/client';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { IpcError } from '../../../src/shared/ipc/result';
import { signedUpDevice } from './signed-up-device';

describe('resuming an account with its account key', () => {
  let device: Awaited<ReturnType<typeof signedUpDevice>>;
  let keyBytes: Uint8Array;
  const unlockedOn = (accounts: Accounts) => accounts.list().find((account) => account.accountId === device.accountId)?.unlocked;

  beforeAll(async () => {
    device = await signedUpDevice('resume@example.com', 'quiet orchard lantern 1987 fjord');
    keyBytes = device.accounts.unlocked(device.accountId).open.accountKey.expose().slice();
    device.accounts.lock(device.accountId);
  }, 60_000);
  afterAll(() => device.close());

  it('unlocks with the right key: the keyset opens, the session works', async () => {
    const view = await device.accounts.resume(device.accountId, SecretBytes.copyOf(keyBytes));
    expect(view.unlocked).toBe(true);
    expect(device.accounts.unlocked(device.accountId).open.accountKey.expose()).toEqual(keyBytes);
    expect(device.accounts.session(device.accountId)).toBeDefined();
    device.accounts.lock(device.accountId);
  });

  it('unlocks offline from the cached account state', async () => {
    const offline = new Accounts(device.settings, device.keychain, new SyncServerClient('http://127.0.0.1:9'), device.cache);
    await offline.resume(device.accountId, SecretBytes.copyOf(keyBytes));
    expect(unlockedOn(offline)).toBe(true);
    offline.lock(device.accountId);
  });

  it('refuses another key with not-unlocked, stays locked, and wipes the key it was given', async () => {
    const wrong = SecretBytes.copyOf(keyBytes.map((byte) => byte ^ 1));
    const error = await device.accounts.resume(device.accountId, wrong).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).code).toBe('not-unlocked');
    expect(unlockedOn(device.accounts)).toBe(false);
    expect(wrong.disposed).toBe(true);
  });
});
