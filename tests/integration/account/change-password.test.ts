/**
 * Changing the account password in the main process, against a real server (SQLite) and the
 * real keychain: bad input is refused before anything reaches the server, a wrong current
 * password (refused by the server's step-up) or a change without a step-up token changes
 * nothing, and afterwards only the new password unlocks and signs in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Accounts } from '../../../src/main/core/account/accounts';
import { changePassword } from '../../../src/main/core/account/change-password';
import { signIn } from '../../../src/main/core/account/sign-in';
import { StepUp } from '../../../src/main/core/account/step-up';
import type { SyncServerClient } from '../../../src/main/core/sync/client';
import { parseSecretKey } from '../../../src/shared/crypto/secret-key';
import type { TestServer } from '../server/harness';
import { signedUpDevice } from './signed-up-device';

const email = 'alice@example.com';
const password = 'quiet orchard lantern 1987 fjord';
const newPassword = 'copper kettle meadow 2231 tundra';

describe('changing the account password', () => {
  let device: Awaited<ReturnType<typeof signedUpDevice>>;
  let server: TestServer;
  let accounts: Accounts;
  let api: SyncServerClient;
  let accountId: string;
  let secretKey: string;

  const changeWith = (current: string, next: string, stepUp: () => Promise<string>) => changePassword(accounts, accountId, { currentPassword: current, newPassword: next, stepUp });
  const change = (current: string, next: string) => changeWith(current, next, () => new StepUp(accounts).token(accountId, { password: current }));
  const wrappedKey = async () => (await server.db.selectFrom('accounts').select(['wrapped_account_key', 'opaque_record']).executeTakeFirstOrThrow());

  beforeAll(async () => {
    device = await signedUpDevice(email, password);
    ({ server, accounts, api, accountId } = device);
    secretKey = accounts.emergencyKitDetails(accountId).secretKey;
  }, 60_000);

  afterAll(async () => device?.close());

  it.each([
    ['the same password again', password, password, 'weak-password', 'The new password is the same as the current one. Choose a different one.'],
    ['a weak new password', password, 'password1', 'weak-password', /commonly used/],
    ['a wrong current password', 'not my password at all 77', newPassword, 'wrong-password', 'That password is not right.'],
  ])('refuses %s and changes nothing', async (_label, current, next, code, message) => {
    const before = await wrappedKey();
    await expect(change(current, next)).rejects.toMatchObject({ code, message });
    expect(await wrappedKey()).toEqual(before);
  }, 30_000);

  it('refuses a locked account', async () => {
    accounts.lock(accountId);
    await expect(change(password, newPassword)).rejects.toMatchObject({ code: 'not-unlocked', message: 'Unlock the account first.' });
    await accounts.unlock(accountId, password);
  }, 30_000);

  it('is refused by the server without a step-up token, or with one already used', async () => {
    const before = await wrappedKey();
    const forged = 'A'.repeat(43);
    await expect(changeWith(password, newPassword, async () => forged)).rejects.toMatchObject({ code: 'refused' });
    const token = await new StepUp(accounts).token(accountId, { password });
    await changeWith(password, 'first new password lantern 4411', async () => token);
    await expect(changeWith('first new password lantern 4411', password, async () => token)).rejects.toMatchObject({ code: 'refused' });
    await change('first new password lantern 4411', password);
    expect((await wrappedKey()).opaque_record).not.toBe(before.opaque_record);
  }, 60_000);

  it('changes it: the old password no longer unlocks or signs in, the new one does, with the same Secret Key', async () => {
    const before = await wrappedKey();
    await change(password, newPassword);
    const after = await wrappedKey();
    expect(after.wrapped_account_key).not.toBe(before.wrapped_account_key);
    expect(after.opaque_record).not.toBe(before.opaque_record);

    accounts.lock(accountId);
    await expect(accounts.unlock(accountId, password)).rejects.toMatchObject({ message: 'That password is not right.' });
    await accounts.unlock(accountId, newPassword);
    expect(accounts.emergencyKitDetails(accountId).secretKey).toBe(secretKey);

    await expect(signIn(api, { email, secretKey: parseSecretKey(secretKey), password })).rejects.toThrow(/not right/);
    const signedIn = await signIn(api, { email, secretKey: parseSecretKey(secretKey), password: newPassword });
    expect(signedIn.state.accountId).toBe(parseSecretKey(secretKey).accountId);
    signedIn.open.dispose();
  }, 60_000);
});
