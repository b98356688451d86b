/**
 * The recovery check-up through the real main core, as the renderer calls it: two devices of one
 * account (their own data folders, keychain entries and clocks the test moves) against one real
 * sync server (SQLite) with a loopback SMTP server. The reminder follows the schedule stored with
 * the account, so "Remind me later" on one device holds on the other; the readiness checklist
 * reads each part from the server and shows a part it cannot read as unknown.
 */
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import type { HostPorts } from '../../../src/main/core/platform/ports';
import { noPorts, PASSWORD, useDesktopServer } from './desktop-devices';
import { login } from '../../support/items';

const DAY = 86_400_000;
const EMAIL = 'alice@example.com';
const desktop = useDesktopServer('check-up');

/** A device whose clock runs `offsetDays` ahead (the test changes it), with a save dialog and printer that always succeed. */
async function device() {
  const kits = desktop.folder('kits');
  const clock = { offsetDays: 0, now: () => Date.now() + clock.offsetDays * DAY };
  let saves = 0;
  const ports: HostPorts = {
    ...noPorts,
    saveDialog: { chooseSavePath: async () => join(kits, `kit-${++saves}.pdf`) },
    printer: { preview: async () => new Uint8Array([137, 80, 78, 71]), print: async () => ({ status: 'printed' }) },
  };
  const { ipc } = await desktop.device({ ports, clock });
  return { ipc, clock };
}

let a: Awaited<ReturnType<typeof device>>;
let b: Awaited<ReturnType<typeof device>>;
let alice: string;
let aliceOnB: string;
let secretKey: string;

const status = (on: typeof a, accountId: string) => on.ipc('checkUp.status', { accountId });

beforeAll(async () => {
  a = await device();
  b = await device();
  const created = await desktop.signUp(a.ipc, EMAIL);
  alice = created.account.accountId;
  secretKey = created.secretKey;
  aliceOnB = (await b.ipc('signin.newDevice', { email: EMAIL, secretKey, password: PASSWORD })).account.accountId;
}, 120_000);

describe('the recovery check-up', () => {
  it('a new account: nothing ready but the email line, no reminder without a recovery code', async () => {
    expect(await status(a, alice)).toEqual({
      reminder: { enabled: true, due: false, dueAt: null },
      readiness: {
        recoveryCode: { ok: false, createdAt: null, lastCheckedAt: null },
        emergencyKit: { ok: false, how: null, keptAt: null },
        twoStep: { ok: false },
        familyRecovery: null,
        emailTrap: { ok: true, provider: null, vaultId: null, itemId: null },
      },
    });
    a.clock.offsetDays = 30;
    expect((await status(a, alice)).reminder.due).toBe(false);
    a.clock.offsetDays = 0;
  });

  it('a recovery code set up: the first reminder a week later, by the device clock, on every device', async () => {
    const { code } = await a.ipc('recoveryCode.begin', { accountId: alice, password: PASSWORD });
    const setUpAt = Date.now();
    await a.ipc('recoveryCode.confirm', { accountId: alice, code });
    const after = await status(a, alice);
    expect(after.readiness.recoveryCode).toMatchObject({ ok: true, createdAt: expect.any(String), lastCheckedAt: null });
    expect(after.reminder.due).toBe(false);
    // Due a week after the setup (as the device's clock read it then).
    const dueAt = Date.parse(after.reminder.dueAt!);
    expect(dueAt - setUpAt).toBeGreaterThanOrEqual(7 * DAY);
    expect(dueAt - Date.now()).toBeLessThanOrEqual(7 * DAY);

    b.clock.offsetDays = 6;
    expect((await status(b, aliceOnB)).reminder).toEqual({ enabled: true, due: false, dueAt: after.reminder.dueAt });
    b.clock.offsetDays = 8;
    expect((await status(b, aliceOnB)).reminder).toEqual({ enabled: true, due: true, dueAt: after.reminder.dueAt });
  }, 60_000);

  it('"Remind me later" on one device holds on the other, and the reminder is back a day later', async () => {
    b.clock.offsetDays = 8;
    const later = await b.ipc('checkUp.remindLater', { accountId: aliceOnB });
    expect(later.reminder.due).toBe(false);
    a.clock.offsetDays = 8;
    expect((await status(a, alice)).reminder).toEqual(later.reminder);
    a.clock.offsetDays = 10;
    expect((await status(a, alice)).reminder).toEqual({ ...later.reminder, due: true });
  });

  it('reminders turned off on one device are off on the other, and none is due', async () => {
    a.clock.offsetDays = 10;
    expect((await a.ipc('checkUp.setReminders', { accountId: alice, enabled: false })).reminder).toEqual({ enabled: false, due: false, dueAt: null });
    b.clock.offsetDays = 400;
    expect((await status(b, aliceOnB)).reminder).toEqual({ enabled: false, due: false, dueAt: null });
    expect((await b.ipc('checkUp.setReminders', { accountId: aliceOnB, enabled: true })).reminder.due).toBe(true);
  });

  it('saving or printing the Emergency Kit is recorded; the Recovery Kit is not', async () => {
    await a.ipc('recoveryCode.begin', { accountId: alice, password: PASSWORD });
    expect(await a.ipc('kit.save', { accountId: alice, kind: 'recovery' })).toMatchObject({ status: 'saved' });
    expect(await a.ipc('kit.print', { accountId: alice, kind: 'recovery' })).toEqual({ status: 'printed' });
    await a.ipc('recoveryCode.cancel', { accountId: alice });
    expect((await status(a, alice)).readiness.emergencyKit).toEqual({ ok: false, how: null, keptAt: null });
    await a.ipc('secretKey.reveal', { accountId: alice, password: PASSWORD });
    expect(await a.ipc('kit.print', { accountId: alice, kind: 'emergency' })).toEqual({ status: 'printed' });
    expect((await status(b, aliceOnB)).readiness.emergencyKit).toEqual({ ok: true, how: 'printed', keptAt: expect.any(String) });
    expect(await a.ipc('kit.save', { accountId: alice, kind: 'emergency' })).toMatchObject({ status: 'saved' });
    expect((await status(a, alice)).readiness.emergencyKit).toMatchObject({ ok: true, how: 'saved' });
    await b.ipc('checkUp.confirmKit', { accountId: aliceOnB });
    expect((await status(a, alice)).readiness.emergencyKit).toMatchObject({ ok: true, how: 'confirmed' });
  }, 60_000);

  it("the email catch-22: email the only check, and the vault holds the email's own login: flagged with the provider and the item, never its URL", async () => {
    const email = 'bob.example@gmail.com';
    const bob = (await desktop.signUp(a.ipc, email)).account.accountId;
    const { vaultId } = await a.ipc('vault.open', { accountId: bob });
    const fields = login({ title: 'Mail', username: email, password: 'mail-password-1', urls: ['https://accounts.google.com/signin'], notes: '' });
    const saved = await a.ipc('vault.save', { accountId: bob, vaultId, expectedVersion: 0, fields });
    if (saved.outcome !== 'saved') throw new Error('the login was not saved');
    const { itemId, version } = saved.item;
    const flagged = await status(a, bob);
    expect(flagged.readiness.emailTrap).toEqual({ ok: false, provider: 'Google', vaultId, itemId });
    expect(JSON.stringify(flagged)).not.toMatch(/accounts\.google|mail-password/);
    expect(await a.ipc('vault.delete', { accountId: bob, vaultId, itemId, expectedVersion: version })).toEqual({ outcome: 'deleted' });
    expect((await status(a, bob)).readiness.emailTrap).toEqual({ ok: true, provider: null, vaultId: null, itemId: null });
  }, 60_000);

  it('an organizer alone in a family: the family line shows, not ready', async () => {
    await a.ipc('family.create', { accountId: alice, name: 'The Appleseeds' });
    expect((await status(a, alice)).readiness.familyRecovery).toEqual({ ok: false });
  });

  it('when the server cannot be reached, every line is unknown and the list still answers; saving the kit still works', async () => {
    await desktop.closeServer();
    a.clock.offsetDays = 10;
    const offline = await status(a, alice);
    expect(offline).toEqual({
      reminder: { enabled: true, due: false, dueAt: null },
      readiness: {
        recoveryCode: { ok: null, createdAt: null, lastCheckedAt: null },
        emergencyKit: { ok: null, how: null, keptAt: null },
        twoStep: { ok: null },
        familyRecovery: { ok: null },
        emailTrap: { ok: null, provider: null, vaultId: null, itemId: null },
      },
    });
    expect(await a.ipc('kit.save', { accountId: alice, kind: 'emergency' })).toMatchObject({ status: 'saved' });
  });
});
