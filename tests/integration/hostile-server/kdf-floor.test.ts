/**
 * Attack class: KDF parameters below the floor. The server answers sign-up, sign-in, unlock, a
 * recovery with a recovery code and an organizer's recovery of a family member with Argon2id
 * parameters below ARGON2ID_FLOOR, so that what the device derives from
 * the password is cheap to guess. The device refuses to derive, says why, and keeps nothing:
 * no account added, the cached account state untouched, no recovery step sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARGON2ID_FLOOR } from '../../../src/shared/crypto/argon2-params';
import { accountRoutes, type KdfDescription } from '../../../src/shared/server-api/account';
import { memberRecoveryRoutes } from '../../../src/shared/server-api/family';
import { recoveryRoutes } from '../../../src/shared/server-api/recovery';
import { codeIn, waitForMail } from '../server/recovery-helpers';
import { lastCodeFor, snapshot } from '../server/harness';
import type { RouteDefinition } from '../../../src/shared/server-api/http';
import { PASSWORD as password, useHostileServer, type TestDevice } from './hostile-server';

const email = 'kdf@example.com';
const refusal = { code: 'untrusted-key', message: expect.stringMatching(/key-derivation settings that Latchkey does not allow/) as unknown };

/** Each parameter one step below the floor, the others as the server sent them. */
const weakenings: Partial<KdfDescription>[] = [{ memoryKiB: ARGON2ID_FLOOR.memoryKiB - 1 }, { iterations: ARGON2ID_FLOOR.iterations - 1 }, { parallelism: 1 }];

const hostile = useHostileServer();
let first: TestDevice;
let accountId: string;
let secretKey: string;

beforeAll(async () => {
  ({ device: first, accountId, secretKey } = await hostile.signedUpDevice(email));
});

/**
 * A recovery on a new device whose `verify` answer (on `verifyRoute`) carries a weakened KDF: completing it is refused
 * before the reset's first step (`resetStart`) is sent, and the server is unchanged. Then, as a control, the same
 * recovery through an honest wire completes.
 */
async function recoveryRefusedThenHonest(flow: {
  verifyRoute: typeof recoveryRoutes.verify | typeof memberRecoveryRoutes.verify;
  resetStart: RouteDefinition;
  weak: Partial<KdfDescription>;
  verify: (device: TestDevice) => Promise<void>;
  complete: (device: TestDevice) => Promise<{ account: { email: string; unlocked: boolean } }>;
}): Promise<{ email: string; unlocked: boolean }> {
  const device = await hostile.device();
  const rule = hostile.rewriteBody(flow.verifyRoute, (body) => ({ ...body, account: { ...body.account, kdf: { ...body.account.kdf, ...flow.weak } } }));
  await flow.verify(device);
  expect(rule.hits).toBe(1);
  rule.stop();
  const before = await snapshot(hostile.db);
  await expect(flow.complete(device)).rejects.toMatchObject(refusal);
  expect(hostile.requests(flow.resetStart)).toHaveLength(0);
  expect(await snapshot(hostile.db)).toEqual(before);
  expect((await device.ipc('accounts.list', {})).accounts).toEqual([]);
  // Control: the same recovery through an honest wire.
  await flow.verify(device);
  return (await flow.complete(device)).account;
}

/** Waits for the newest mail to `to` matching `pattern` sent during `send`, and answers its 8-digit code. */
async function emailedCode(to: string, pattern: RegExp, send: () => Promise<unknown>): Promise<string> {
  const before = hostile.smtp.messages.length;
  await send();
  return codeIn(await waitForMail(hostile.smtp, to, pattern, before));
}

describe('KDF parameters below the floor', () => {
  it('sign-up: refused before an account is made', async () => {
    const device = await hostile.device();
    const newcomer = 'newcomer@example.com';
    const rule = hostile.rewriteBody(accountRoutes.signupVerify, (body) => ({ ...body, kdf: { ...body.kdf, iterations: 1 } }));
    await device.ipc('signup.start', { email: newcomer, name: 'Newcomer' });
    await device.ipc('signup.verify', { code: lastCodeFor(hostile.smtp, newcomer) });
    expect(rule.hits).toBe(1);
    const before = await snapshot(hostile.db);
    await expect(device.ipc('signup.complete', { password })).rejects.toMatchObject(refusal);
    expect(await snapshot(hostile.db)).toEqual(before);
    expect((await device.ipc('accounts.list', {})).accounts).toEqual([]);
    rule.stop();
    // Control: the same sign-up through an honest wire.
    expect((await hostile.signedUpDevice(newcomer)).secretKey).toMatch(/^K1-/);
  });

  it('sign-in on a new device: refused before anything is derived or sent, and no account is added', async () => {
    const device = await hostile.device();
    for (const weak of weakenings) {
      const rule = hostile.rewriteBody(accountRoutes.loginParameters, (body) => ({ kdf: { ...body.kdf, ...weak } }));
      const loginStarts = hostile.requests(accountRoutes.loginStart).length;
      await expect(device.ipc('signin.newDevice', { email, secretKey, password })).rejects.toMatchObject(refusal);
      expect(rule.hits).toBe(1);
      expect(hostile.requests(accountRoutes.loginStart)).toHaveLength(loginStarts);
      expect((await device.ipc('accounts.list', {})).accounts).toEqual([]);
      rule.stop();
    }
    // Control: the same sign-in through an honest wire.
    expect((await device.ipc('signin.newDevice', { email, secretKey, password })).account).toMatchObject({ email, unlocked: true });
  });

  it('unlock: refused, the account stays locked, and the cached account state is not overwritten', async () => {
    const accountFile = join(first.dataDir, 'cache', accountId, 'account.json');
    await first.ipc('account.lock', { accountId });
    const cached = readFileSync(accountFile);
    // The cached state as each unlock asks the server: an unlock reads the cache first, which waits for any write still under way.
    const onDisk: Buffer[] = [];
    const look = hostile.rewrite(accountRoutes.account, (answer) => (onDisk.push(readFileSync(accountFile)), answer));
    for (const weak of weakenings) {
      const rule = hostile.rewriteBody(accountRoutes.account, (state) => ({ ...state, kdf: { ...state.kdf, ...weak } }));
      await expect(first.ipc('account.unlock', { accountId, password })).rejects.toMatchObject(refusal);
      expect(rule.hits).toBe(1);
      rule.stop();
      expect((await first.ipc('accounts.list', {})).accounts).toEqual([expect.objectContaining({ accountId, unlocked: false })]);
    }
    // Control: the same unlock through an honest wire.
    expect((await first.ipc('account.unlock', { accountId, password })).account).toMatchObject({ unlocked: true });
    look.stop();
    expect(onDisk).toEqual(Array.from({ length: weakenings.length + 1 }, () => cached));
  });

  it('recovery with a recovery code: the new password is never derived with the weak parameters, and nothing reaches the server', async () => {
    const { code } = await first.ipc('recoveryCode.begin', { accountId, password });
    await first.ipc('recoveryCode.confirm', { accountId, code });
    const recovered = await recoveryRefusedThenHonest({
      verifyRoute: recoveryRoutes.verify,
      resetStart: recoveryRoutes.resetStart,
      weak: { memoryKiB: 8 },
      verify: async (device) => void (await device.ipc('recoveryUse.verify', { check: 'email', code: await emailedCode(email, /verification code is/, () => device.ipc('recoveryUse.start', { email, code })) })),
      complete: (device) => device.ipc('recoveryUse.complete', { password: 'a brand new passphrase 2026 meadow' }),
    });
    expect(recovered).toMatchObject({ email, unlocked: true });
  });

  it("an organizer's recovery of a family member: the member's new password is never derived with the weak parameters, and nothing is reset", async () => {
    const kidEmail = 'kid@kdf.example';
    const { device: organizer, accountId: organizerId } = await hostile.signedUpDevice('parent@kdf.example');
    const { device: kid, accountId: kidId } = await hostile.signedUpDevice(kidEmail);
    const { securityCode: organizerCode } = (await organizer.ipc('family.create', { accountId: organizerId, name: 'The Floors' })).family;
    const mailBefore = hostile.smtp.messages.length;
    await organizer.ipc('family.invite', { accountId: organizerId, email: kidEmail });
    const inviteToken = /invitation code is: ([A-Za-z0-9_-]{43})/.exec(await waitForMail(hostile.smtp, kidEmail, /invitation code/, mailBefore))![1]!;
    const joined = await kid.ipc('family.join', { accountId: kidId, inviteToken, organizerCode });
    await organizer.ipc('family.startRecovery', { accountId: organizerId, memberId: joined.family.members.find((member) => member.email === kidEmail)!.accountId });

    const recovered = await recoveryRefusedThenHonest({
      verifyRoute: memberRecoveryRoutes.verify,
      resetStart: memberRecoveryRoutes.resetStart,
      weak: { parallelism: 1 },
      verify: async (device) => void (await device.ipc('memberRecovery.verify', { code: await emailedCode(kidEmail, /family recovery/i, () => device.ipc('memberRecovery.start', { email: kidEmail })) })),
      complete: (device) => device.ipc('memberRecovery.complete', { password: 'a brand new passphrase for the kid 2026' }),
    });
    expect(recovered).toMatchObject({ email: kidEmail, unlocked: true });
  });
});
