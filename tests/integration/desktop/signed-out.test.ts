/**
 * A device signed out elsewhere: every capability that calls the server as the account reads
 * the server's 401 the same way, as 'signed-out' (the "sign in again" path), through the one
 * account-session client. Two devices of one account against the real sync server; the first
 * signs the second out (its session revoked on the server), then the second calls each feature's
 * channel as the renderer does. Among them the named bug: a recovery code setup begun before
 * the sign-out, confirmed after it, used to read the 401 as a generic refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, RequestOf } from '../../../src/shared/ipc/contract';
import { appOrigins } from '../../../src/shared/app-shell';
import type { MainCore } from '../../../src/main/core/app/start';
import { PASSWORD, useDesktopServer } from './desktop-devices';

const EMAIL = 'signed-out@example.com';
const desktop = useDesktopServer('signed-out');
const sender = { frameUrl: `${appOrigins.browser}/index.html` };

let first: Awaited<ReturnType<typeof desktop.device>>;
let second: MainCore;
let accountId: string;
/** The recovery code the second device began setting up before it was signed out. */
let pendingCode: string;

/** The error code the second device's channel answers (null: it answered). */
async function codeOf<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<string | null> {
  const result = await second.router(sender, channel, request);
  return result.ok ? null : result.error.code;
}

beforeAll(async () => {
  first = await desktop.device();
  const created = await desktop.signUp(first.ipc, EMAIL);
  const other = await desktop.device();
  second = other.core;
  accountId = (await other.ipc('signin.newDevice', { email: EMAIL, secretKey: created.secretKey, password: PASSWORD })).account.accountId;
  // The control: while signed in, the same channels answer.
  expect(await codeOf('devices.list', { accountId })).toBeNull();
  expect(await codeOf('twoFactor.status', { accountId })).toBeNull();
  pendingCode = (await other.ipc('recoveryCode.begin', { accountId, password: PASSWORD })).code;
  const { signedOut } = await first.ipc('devices.signOutOthers', { accountId: created.account.accountId, password: PASSWORD });
  expect(signedOut).toBe(1);
}, 120_000);

describe('a device whose session the server ended', () => {
  it.each<[string, () => Promise<string | null>]>([
    ['vault', () => codeOf('vault.open', { accountId })],
    ['recovery setup: confirming a code begun before', () => codeOf('recoveryCode.confirm', { accountId, code: pendingCode })],
    ['recovery setup: the status', () => codeOf('recoveryCode.status', { accountId })],
    ['recovery check', () => codeOf('recoveryCode.check', { accountId, code: pendingCode })],
    ['recovery checks', () => codeOf('recoveryChecks.status', { accountId })],
    ['two-factor', () => codeOf('twoFactor.status', { accountId })],
    ['security keys', () => codeOf('securityKeys.list', { accountId })],
    ['family', () => codeOf('family.get', { accountId })],
    ['devices', () => codeOf('devices.list', { accountId })],
    ['check-up', () => codeOf('checkUp.status', { accountId })],
    ['check-up: the kit kept', () => codeOf('checkUp.confirmKit', { accountId })],
    ['a step-up (password change)', () => codeOf('account.changePassword', { accountId, currentPassword: PASSWORD, newPassword: 'a brand new passphrase 5521 kiwi' })],
  ])('%s: says signed out (sign in again)', async (_feature, answer) => {
    expect(await answer()).toBe('signed-out');
  }, 60_000);
});
