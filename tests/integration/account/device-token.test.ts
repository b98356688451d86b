/**
 * The device token on the client, against a real server (SQLite) and the real keychain: the
 * device keeps the token the server gives it at sign-in, presents it at the next sign-in and
 * recovery start (so a flood of strangers' attempts does not lock it out), keeps the renewed
 * one, and forgets it on sign-out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../../../src/main/core/account/accounts';
import { DeviceKeychain } from '../../../src/main/core/device/keychain';
import { OfflineCache } from '../../../src/main/core/offline/offline-cache';
import { RecoveryUse } from '../../../src/main/core/recovery/use-recovery';
import { systemRandom } from '../../../src/main/core/crypto/sodium';
import { SettingsStore } from '../../../src/main/core/settings/settings';
import { formatRecoveryCode, generateRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import { ClientAt, loginStartAt, recoveryStartAt } from '../server/client-address';
import { randomSecret } from '../server/harness';
import { signedUpDevice } from './signed-up-device';

const email = 'dora@example.com';
const password = 'amber kettle harbour 2291 moss';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const someRecoveryCode = () => formatRecoveryCode(generateRecoveryCode((n) => new Uint8Array(randomBytes(n))));
const TOO_MANY = /Too many attempts/;

describe('the device token', () => {
  let device: Awaited<ReturnType<typeof signedUpDevice>>;
  const tokenIn = () => device.keychain.load('device-token', device.accountId);
  const storedHashes = async () => (await device.server.db.selectFrom('device_tokens').select('token_hash').execute()).map((row) => row.token_hash);

  beforeAll(async () => {
    device = await signedUpDevice(email, password);
  }, 60_000);

  afterAll(async () => {
    await device?.server.close();
    await device?.smtp.close();
    if (device) rmSync(device.dataDir, { recursive: true, force: true });
  });

  it('is kept in the keychain from the sign-in after sign-up; the server keeps only its hash', async () => {
    const token = await tokenIn();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await storedHashes()).toEqual([sha256(token!)]);
  });

  it('lets this device sign in while strangers have used up the account’s attempts, and is renewed', async () => {
    const secretKey = device.accounts.emergencyKitDetails(device.accountId).secretKey;
    const before = await tokenIn();
    // Strangers at two other addresses use up the account's ten login starts (the sign-in after sign-up took one, the clock stands still).
    for (const [address, count] of [['127.0.0.2', 5], ['127.0.0.3', 4]] as const) {
      for (let i = 0; i < count; i++) expect((await loginStartAt(new ClientAt(device.server.url, address), email, randomSecret())).started.status).toBe(200);
    }
    // Another device (no token) at this device's address is refused…
    const otherDir = mkdtempSync(join(tmpdir(), 'latchkey-account-'));
    try {
      const otherSettings = SettingsStore.open(otherDir);
      const other = new Accounts(otherSettings, new DeviceKeychain({ installationId: otherSettings.installationId }), device.api, new OfflineCache(join(otherDir, 'cache')));
      await expect(other.signInNewDevice(email, secretKey, password)).rejects.toThrow(TOO_MANY);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
    // …this one, which signed in before, gets in, and keeps the new token the server gave it.
    device.accounts.lock(device.accountId);
    await device.accounts.signInNewDevice(email, secretKey, password);
    const after = await tokenIn();
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after).not.toBe(before);
    expect(await storedHashes()).toEqual([sha256(after!)]);
  }, 60_000);

  it('goes with a recovery start, which then counts apart from strangers’', async () => {
    // Strangers use up the account's five recovery starts.
    for (const [address, count] of [['127.0.0.2', 3], ['127.0.0.3', 2]] as const) {
      for (let i = 0; i < count; i++) expect((await recoveryStartAt(new ClientAt(device.server.url, address), email)).status).toBe(200);
    }
    await expect(new RecoveryUse(device.api).start(email, someRecoveryCode())).rejects.toThrow(TOO_MANY);
    // With the token, the start is let through: the (random) code is then found wrong.
    const withToken = new RecoveryUse(device.api, systemRandom, (address) => device.accounts.deviceTokenFor(address));
    await expect(withToken.start(` ${email.toUpperCase()}`, someRecoveryCode())).rejects.toThrow(/recovery code/i);
  }, 60_000);

  it('is forgotten at sign-out', async () => {
    expect(await tokenIn()).not.toBeNull();
    await device.accounts.signOut(device.accountId);
    expect(await tokenIn()).toBeNull();
  });
});
