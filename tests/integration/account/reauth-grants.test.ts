/**
 * The Secret Key channels (copying it; the Emergency Kit's preview, save and print) need a
 * fresh password check held in the main process, whatever the page does. Tested at the IPC
 * router, composed as the app composes it, with real Accounts against a real server (SQLite)
 * and a clock the test moves; the save dialog, printer and clipboard are stand-ins that
 * record every call, so a refusal is seen to reach none of them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REAUTH_GRANT_MS } from '../../../src/main/core/account/reauth-grants';
import { createHandlers } from '../../../src/main/core/app/handlers';
import { createRouter, type Router } from '../../../src/main/core/ipc/router';
import { createKitService } from '../../../src/main/core/kit/kit-service';
import { AutoLock } from '../../../src/main/core/lock/auto-lock';
import { createSecretClipboard } from '../../../src/main/core/platform/secret-clipboard';
import { appOrigins } from '../../../src/shared/app-shell';
import type { ChannelName, RequestOf } from '../../../src/shared/ipc/contract';
import type { IpcResult } from '../../../src/shared/ipc/result';
import { Clock, lastCodeFor } from '../server/harness';
import { codeIn, waitForMail } from '../server/recovery-helpers';
import { signedUpDevice } from './signed-up-device';

const noDialogs = { saveDialog: { chooseSavePath: async () => null }, openDialog: { chooseOpenPath: async () => null } };

const EMAIL = 'alice@example.com';
const PASSWORD = 'quiet orchard lantern 1987 fjord';
const REFUSED = { ok: false, error: { code: 'reauth-required', message: 'Enter your account password again to continue.' } };
const sender = { frameUrl: `${appOrigins.browser}/index.html` };

/** What reached the desktop: the save dialog, the printer, the clipboard. */
const reached: string[] = [];
const copied: string[] = [];
let device: Awaited<ReturnType<typeof signedUpDevice>>;
let clock: Clock;
let route: Router;
let alice: string;

const ipc = <C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<IpcResult<unknown>> => route(sender, channel, request);

/** The four channels that hand out the Secret Key, for an account. */
const secretKeyCalls = (accountId: string) =>
  ({
    'secretKey.copy': () => ipc('secretKey.copy', { accountId }),
    'kit.preview': () => ipc('kit.preview', { accountId, kind: 'emergency' }),
    'kit.save': () => ipc('kit.save', { accountId, kind: 'emergency' }),
    'kit.print': () => ipc('kit.print', { accountId, kind: 'emergency' }),
  }) as const;
const channelNames = Object.keys(secretKeyCalls('')) as (keyof ReturnType<typeof secretKeyCalls>)[];

async function expectAllRefused(accountId: string): Promise<void> {
  for (const call of Object.values(secretKeyCalls(accountId))) expect(await call()).toEqual(REFUSED);
  expect(reached).toEqual([]);
  expect(copied).toEqual([]);
}

async function expectAllWork(accountId: string): Promise<void> {
  const calls = secretKeyCalls(accountId);
  expect(await calls['secretKey.copy']()).toMatchObject({ ok: true });
  expect(copied).toEqual([device.accounts.emergencyKitDetails(accountId).secretKey]);
  expect(await calls['kit.preview']()).toMatchObject({ ok: true, value: { image: expect.stringMatching(/^data:image\/png;base64,/) } });
  const saved = await calls['kit.save']();
  expect(saved).toMatchObject({ ok: true, value: { status: 'saved' } });
  expect(existsSync((saved as { value: { path: string } }).value.path)).toBe(true);
  expect(await calls['kit.print']()).toEqual({ ok: true, value: { status: 'printed' } });
  expect(reached).toEqual(['preview', 'save dialog', 'print']);
}

const reveal = async (accountId: string, password: string) => ipc('secretKey.reveal', { accountId, password });

beforeAll(async () => {
  device = await signedUpDevice(EMAIL, PASSWORD);
  alice = device.accountId;
  clock = new Clock();
  let saves = 0;
  const kits = createKitService({
    saveDialog: { chooseSavePath: async () => (reached.push('save dialog'), join(device.dataDir, `kit-${++saves}.pdf`)) },
    printer: { preview: async () => (reached.push('preview'), new Uint8Array([137, 80, 78, 71])), print: async () => (reached.push('print'), { status: 'printed' }) },
  });
  const clipboard = createSecretClipboard({ writeSecret: async (text) => void copied.push(text), readText: async () => '', clear: async () => undefined });
  const { api, accounts, cache, settings } = device;
  const autoLock = new AutoLock({ lockAll: () => accounts.lockAll(), idleMs: () => 3_600_000 });
  const handlers = createHandlers({ host: 'browser', server: { mode: 'remote', url: device.server.url }, mailboxAccess: null, api, accounts, kits, dialogs: noDialogs, clipboard, cache, autoLock, settings, clock });
  route = createRouter({ handlers, allowedOrigins: [appOrigins.browser], onInternalError: (channel, error) => reached.push(`internal error in ${channel}: ${String(error)}`) });
}, 60_000);

afterAll(async () => device?.close());

beforeEach(() => {
  reached.length = 0;
  copied.length = 0;
});

describe('the Secret Key channels need a fresh password check held in the main process', () => {
  it.each(channelNames)('%s without one is refused with reauth-required, and nothing reaches the desktop', async (channel) => {
    expect(await secretKeyCalls(alice)[channel]()).toEqual(REFUSED);
    expect(reached).toEqual([]);
    expect(copied).toEqual([]);
  });

  it('a wrong password grants nothing', async () => {
    expect(await reveal(alice, 'not my password at all 77')).toEqual({ ok: false, error: { code: 'wrong-password', message: 'That password is not right.' } });
    await expectAllRefused(alice);
  }, 30_000);

  it('after secretKey.reveal with the right password all four work, until 5 minutes after the check', async () => {
    expect(await reveal(alice, PASSWORD)).toEqual({ ok: true, value: { secretKey: device.accounts.emergencyKitDetails(alice).secretKey } });
    await expectAllWork(alice);
    clock.advance(REAUTH_GRANT_MS - 1);
    expect(await secretKeyCalls(alice)['kit.preview']()).toMatchObject({ ok: true });
    clock.advance(1);
    reached.length = 0;
    copied.length = 0;
    await expectAllRefused(alice);
  }, 30_000);

  it('a clock set back before the check does not keep the grant', async () => {
    expect(await reveal(alice, PASSWORD)).toMatchObject({ ok: true });
    clock.advance(-1);
    await expectAllRefused(alice);
  }, 30_000);

  it('locking drops the grant, and unlocking does not give one back', async () => {
    expect(await reveal(alice, PASSWORD)).toMatchObject({ ok: true });
    expect(await ipc('account.lock', { accountId: alice })).toEqual({ ok: true, value: {} });
    expect(await ipc('account.unlock', { accountId: alice, password: PASSWORD })).toMatchObject({ ok: true });
    await expectAllRefused(alice);
  }, 30_000);

  it('the Recovery Kit needs the code being set up, whose setup starts with the password', async () => {
    const recoveryKit = () => ipc('kit.preview', { accountId: alice, kind: 'recovery' });
    expect(await recoveryKit()).toEqual({ ok: false, error: { code: 'start-again', message: 'Start setting up a recovery code first.' } });
    expect(await ipc('recoveryCode.begin', { accountId: alice, password: 'not my password at all 77' })).toMatchObject({ ok: false, error: { message: 'That password is not right.' } });
    expect(await recoveryKit()).toMatchObject({ ok: false, error: { code: 'start-again' } });
    expect(await ipc('recoveryCode.begin', { accountId: alice, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await recoveryKit()).toMatchObject({ ok: true });
    expect(await ipc('recoveryCode.cancel', { accountId: alice })).toEqual({ ok: true, value: {} });
  }, 60_000);
});

describe('the end of a sign-up or of a recovery grants the check: the user just chose the password', () => {
  const bobEmail = 'bob@example.com';
  const bobPassword = 'copper kettle meadow 2231 tundra';
  let bob: string;

  it('a sign-up opens its own Emergency Kit, and not another account’s', async () => {
    await ipc('signup.start', { email: bobEmail, name: 'Bob' });
    await ipc('signup.verify', { code: lastCodeFor(device.smtp, bobEmail) });
    const created = await ipc('signup.complete', { password: bobPassword });
    expect(created).toMatchObject({ ok: true });
    bob = (created as { value: { account: { accountId: string } } }).value.account.accountId;
    await expectAllWork(bob);
    reached.length = 0;
    copied.length = 0;
    await expectAllRefused(alice);
  }, 60_000);

  it('a recovery with a recovery code opens the new Emergency Kit', async () => {
    const begun = await ipc('recoveryCode.begin', { accountId: bob, password: bobPassword });
    const code = (begun as { value: { code: string } }).value.code;
    expect(await ipc('recoveryCode.confirm', { accountId: bob, code })).toMatchObject({ ok: true });
    // Locked out of it: the grant of the sign-up is gone.
    expect(await ipc('account.lock', { accountId: bob })).toEqual({ ok: true, value: {} });
    const mailBefore = device.smtp.messages.length;
    expect(await ipc('recoveryUse.start', { email: bobEmail, code })).toMatchObject({ ok: true });
    const emailed = codeIn(await waitForMail(device.smtp, bobEmail, /verification code is/, mailBefore));
    expect(await ipc('recoveryUse.verify', { check: 'email', code: emailed })).toEqual({ ok: true, value: {} });
    const recovered = await ipc('recoveryUse.complete', { password: 'a brand new passphrase for bob 2026' });
    expect(recovered).toMatchObject({ ok: true, value: { account: { accountId: bob } } });
    await expectAllWork(bob);
    clock.advance(REAUTH_GRANT_MS);
    reached.length = 0;
    copied.length = 0;
    await expectAllRefused(bob);
  }, 90_000);
});
