/**
 * Unlocking in the main process, against a real server (SQLite), the real keychain and the
 * offline cache on disk. The key derivation starts from the KDF description cached at the last
 * unlock, before the server answers: these tests prove that the server's description still
 * decides, that a damaged cache costs nothing online, and that an unchanged state is not
 * rewritten. Each test starts from the same place (locked, with the cached state the last
 * online unlock wrote), so they pass in any order (`vitest --sequence.shuffle`).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OfflineCache } from '../../../src/main/core/offline/offline-cache';
import { Accounts } from '../../../src/main/core/account/accounts';
import type { DeviceKeychain } from '../../../src/main/core/device/keychain';
import type { SettingsStore } from '../../../src/main/core/settings/settings';
import { SyncServerClient } from '../../../src/main/core/sync/client';
import { signedUpDevice } from './signed-up-device';

const email = 'alice@example.com';
const password = 'quiet orchard lantern 1987 fjord';

describe('unlocking', () => {
  let device: Awaited<ReturnType<typeof signedUpDevice>>;
  let dataDir: string;
  let settings: SettingsStore;
  let keychain: DeviceKeychain;
  let cache: OfflineCache;
  let accounts: Accounts;
  let accountId: string;

  const accountFile = () => join(dataDir, 'cache', accountId, 'account.json');
  const cachedFile = () => JSON.parse(readFileSync(accountFile(), 'utf8')) as { format: number; account: { kdf: Record<string, unknown> } };
  const unlocked = (on: Accounts) => on.list().find((account) => account.accountId === accountId)?.unlocked;
  /** The same device with its server out of reach. */
  const offline = () => new Accounts(settings, keychain, new SyncServerClient('http://127.0.0.1:9'), cache);

  beforeAll(async () => {
    device = await signedUpDevice(email, password);
    ({ dataDir, settings, keychain, cache, accounts, accountId } = device);
  }, 60_000);

  afterAll(async () => device?.close());

  // Locked, with a good cached state: an online unlock writes it (the read waits for the write).
  beforeEach(async () => {
    await accounts.unlock(accountId, password);
    await cache.readAccount(accountId);
    accounts.lock(accountId);
  }, 30_000);

  it('does not rewrite an account state that has not changed', async () => {
    const before = statSync(accountFile());
    await accounts.unlock(accountId, password);
    await cache.readAccount(accountId); // after any write still under way
    const after = statSync(accountFile());
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  }, 30_000);

  it('uses the server\'s KDF description when the cached one differs, and caches the server\'s', async () => {
    const file = cachedFile();
    const fromServer = structuredClone(file.account);
    // Still a valid description, so the early derivation runs, on parameters that give another key.
    file.account.kdf.iterations = (file.account.kdf.iterations as number) + 1;
    writeFileSync(accountFile(), JSON.stringify(file));
    await accounts.unlock(accountId, password);
    expect(unlocked(accounts)).toBe(true);
    await cache.readAccount(accountId);
    expect(cachedFile().account).toEqual(fromServer);
  }, 30_000);

  it('unlocks without a usable cached state (damaged, or of another format) and writes it again', async () => {
    for (const damaged of ['{"format":2,"account":', JSON.stringify({ ...cachedFile(), format: 1 })]) {
      writeFileSync(accountFile(), damaged);
      accounts.lock(accountId);
      await accounts.unlock(accountId, password);
      expect(unlocked(accounts)).toBe(true);
      expect(await cache.readAccount(accountId)).toMatchObject({ email });
    }
  }, 30_000);

  it('refuses a wrong password with a cached state, and stays locked', async () => {
    await expect(accounts.unlock(accountId, 'not my password at all 77')).rejects.toMatchObject({ code: 'wrong-password', message: 'That password is not right.' });
    expect(unlocked(accounts)).toBe(false);
  }, 30_000);

  it('unlocks offline from the cached state; a damaged one then reads as no cache and the unlock needs the server', async () => {
    const away = offline();
    await expect(away.unlock(accountId, 'not my password at all 77')).rejects.toMatchObject({ message: 'That password is not right.' });
    await away.unlock(accountId, password);
    expect(unlocked(away)).toBe(true);
    away.lock(accountId);

    const good = readFileSync(accountFile(), 'utf8');
    const damaged = good.replace('"format":3', '"format":3,"extra":true');
    expect(damaged).not.toBe(good);
    writeFileSync(accountFile(), damaged);
    await expect(away.unlock(accountId, password)).rejects.toMatchObject({ code: 'offline' });
    expect(unlocked(away)).toBe(false);
    expect(readFileSync(accountFile(), 'utf8')).toBe(damaged);
  }, 30_000);
});
