/**
 * The account's name on every device (docs/security-design.md §8.8). The name is sealed under
 * a key from the account key and kept by the server as bytes it cannot read: a second device
 * and a device that recovered the account show it, a rename reaches the other devices, and a
 * profile the server forged or replayed under another version is refused, and an older one
 * changes nothing: the device keeps the name it has.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sealAccountProfile } from '../../../src/main/core/crypto/account-profile';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { toWire } from '../../../src/main/core/sync/wire';
import { accountProfileRoutes } from '../../../src/shared/server-api/account-profile';
import { codeIn, waitForMail } from '../server/recovery-helpers';
import { PASSWORD as password, useHostileServer, type TestDevice } from './hostile-server';

const email = 'zoe@name.example';
const hostile = useHostileServer();
let first: TestDevice;
let firstId: string;
let secretKey: string;
/** The account's first profile (its name at sign-up), as the server stored it. */
let firstProfile: { version: number; profile: string };
/** The device that recovered the account, and the password it chose. */
let recovered: { device: TestDevice; accountId: string };
const newPassword = 'a brand new passphrase 2026 meadow';

const accountOn = async (device: TestDevice, accountId: string) => (await device.ipc('accounts.list', {})).accounts.find((account) => account.accountId === accountId);
const nameOn = async (device: TestDevice, accountId: string) => (await accountOn(device, accountId))?.name;

beforeAll(async () => {
  await initCrypto();
  ({ device: first, accountId: firstId, secretKey } = await hostile.signedUpDevice(email));
});

describe("the account's name", () => {
  it('is written at sign-up and shown by a second device; a rename there reaches the first at its next unlock', async () => {
    // hostile.signUp names the account after the email's local part.
    expect(await nameOn(first, firstId)).toBe('zoe');
    const second = await hostile.device();
    const secondId = await hostile.signIn(second, email, secretKey);
    expect(await nameOn(second, secondId)).toBe('zoe');
    const written = await hostile.db.selectFrom('account_profiles').select(['version', 'record']).executeTakeFirstOrThrow();
    firstProfile = { version: Number(written.version), profile: written.record };
    expect(firstProfile.version).toBe(1);

    const renamed = await second.ipc('account.rename', { accountId: secondId, name: '  Zoë Example ' });
    expect(renamed.account.name).toBe('Zoë Example');
    // What the server keeps is not the name.
    const stored = await hostile.db.selectFrom('account_profiles').select(['version', 'record']).executeTakeFirstOrThrow();
    expect(Number(stored.version)).toBe(2);
    expect(Buffer.from(stored.record, 'base64url').includes(Buffer.from('Zo'))).toBe(false);

    await first.ipc('account.lock', { accountId: firstId });
    await first.ipc('account.unlock', { accountId: firstId, password });
    expect(await nameOn(first, firstId)).toBe('Zoë Example');
    await expect(second.ipc('account.rename', { accountId: secondId, name: 'line\nbreak' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('is shown on a device that recovered the account with a recovery code', async () => {
    const { code } = await first.ipc('recoveryCode.begin', { accountId: firstId, password });
    await first.ipc('recoveryCode.confirm', { accountId: firstId, code });
    const device = await hostile.device();
    const before = hostile.smtp.messages.length;
    await device.ipc('recoveryUse.start', { email, code });
    await device.ipc('recoveryUse.verify', { check: 'email', code: codeIn(await waitForMail(hostile.smtp, email, /verification code is/, before)) });
    const done = await device.ipc('recoveryUse.complete', { password: newPassword });
    expect(done.account).toMatchObject({ email, name: 'Zoë Example' });
    recovered = { device, accountId: done.account.accountId };
    secretKey = done.secretKey;
  });

  it('a profile the account did not seal, or one served under another version, is refused: the device keeps its name', async () => {
    const { device, accountId } = recovered;
    const [honest] = (await hostile.db.selectFrom('account_profiles').select(['version', 'record']).execute()).map((row) => ({ version: Number(row.version), profile: row.record }));
    const forged = toWire(sealAccountProfile(new Uint8Array(32).fill(7), (await hostile.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()).id, honest!.version, 'Mallory'));
    const attacks = [
      { what: 'sealed under another key', body: { version: honest!.version, profile: forged } },
      { what: 'the honest profile under another version', body: { version: honest!.version + 1, profile: honest!.profile } },
    ];
    for (const { what, body } of attacks) {
      const rule = hostile.rewriteBody(accountProfileRoutes.get, () => body);
      await device.ipc('account.lock', { accountId });
      await device.ipc('account.unlock', { accountId, password: newPassword });
      expect(await accountOn(device, accountId), what).toMatchObject({ name: 'Zoë Example', nameRefused: true });
      // A new device has no name of its own yet: it shows the email, not the server's.
      const fresh = await hostile.device();
      const freshId = await hostile.signIn(fresh, email, secretKey, newPassword);
      expect(await accountOn(fresh, freshId), what).toMatchObject({ name: email, nameRefused: true });
      expect(rule.hits, what).toBe(2);
      rule.stop();
    }
    // A rollback: the account's own first profile, served as the version it was written as, opens, but a device that took a newer one keeps it.
    const rollback = hostile.rewriteBody(accountProfileRoutes.get, () => firstProfile);
    await device.ipc('account.lock', { accountId });
    await device.ipc('account.unlock', { accountId, password: newPassword });
    // Older, but the account's own: kept out without a refusal, so the earlier refusal's notice goes.
    expect(await accountOn(device, accountId)).toMatchObject({ name: 'Zoë Example', nameRefused: false });
    expect(rollback.hits).toBe(1);
    rollback.stop();
    // Control: the same sign-in through an honest wire takes the name.
    const fresh = await hostile.device();
    expect(await accountOn(fresh, await hostile.signIn(fresh, email, secretKey, newPassword))).toMatchObject({ name: 'Zoë Example', nameRefused: false });
  });
});
