/**
 * Families through the real main core, as the renderer calls it: three devices (their own data
 * folders and keychain entries) against one real sync server with a loopback SMTP server. The
 * organizer makes a family, invites a member whose existing items are sealed to the recovery
 * group as they join, then recovers the member, whose new keys get every item back, and whose
 * old recovery code stops working.
 */
import { describe, expect, it } from 'vitest';
import { waitForMail } from '../server/recovery-helpers';
import { PASSWORD, useDesktopServer, type Ipc } from './desktop-devices';
import { login } from '../../support/items';
import { INVITE_NOT_VALID } from '../../../src/main/core/family/family';

const desktop = useDesktopServer('family');
type Device = Ipc;

/** A device: the main core with its own data folder, talking to the one server. */
const device = async (): Promise<Device> => (await desktop.device()).ipc;

const signUp = async (ipc: Device, email: string): Promise<string> => (await desktop.signUp(ipc, email)).account.accountId;

/** Adds a login to the account's Private vault, or to the vault named. */
async function addItem(ipc: Device, accountId: string, title: string, vaultId?: string): Promise<void> {
  vaultId ??= (await ipc('vault.open', { accountId })).vaultId;
  const saved = await ipc('vault.save', { accountId, vaultId, expectedVersion: 0, fields: login({ title, username: `${title}@example.com`, password: `${title}-pw`, urls: [], notes: `notes of ${title}` }) });
  expect(saved.outcome).toBe('saved');
}

/** The member's side of an organizer recovery, on a new device: the emailed code, a new password, new keys. */
async function resetOnNewDevice(email: string): Promise<{ ipc: Device; accountId: string }> {
  const ipc = await device();
  const before = desktop.smtp.messages.length;
  await ipc('memberRecovery.start', { email });
  const emailed = /verification code is: (\d{8})/.exec(await waitForMail(desktop.smtp, email, /family recovery/i, before))![1]!;
  expect(await ipc('memberRecovery.verify', { code: emailed })).toEqual({ familyName: 'The Appleseeds' });
  const recovered = await ipc('memberRecovery.complete', { password: 'a brand new passphrase for the kid 2026' });
  expect(recovered.secretKey).toMatch(/^K1-/);
  return { ipc, accountId: recovered.account.accountId };
}

/** The organizer invites `email`; answers the invitation code from the mail. */
async function invite(organizerDevice: Device, organizer: string, email: string): Promise<string> {
  const mailBefore = desktop.smtp.messages.length;
  await organizerDevice('family.invite', { accountId: organizer, email });
  return /invitation code is: ([A-Za-z0-9_-]{43})/.exec(await waitForMail(desktop.smtp, email, /invitation code/, mailBefore))![1]!;
}

const titles = async (ipc: Device, accountId: string, vaultId?: string) => (await ipc('vault.open', { accountId, ...(vaultId && { vaultId }) })).items.map((item) => item.title).sort();
/** Each vault the account opens, by name, with its items' titles. */
const everything = async (ipc: Device, accountId: string) => {
  const { vaults } = await ipc('vault.open', { accountId });
  return Object.fromEntries(await Promise.all(vaults.map(async (vault) => [vault.name, await titles(ipc, accountId, vault.vaultId)])));
};

describe('families on the desktop client', () => {
  it("an organizer recovers a member: every item comes back under the member's new keys, and the old recovery code no longer works", async () => {
    const organizerDevice = await device();
    const memberDevice = await device();
    const organizer = await signUp(organizerDevice, 'parent@family.example');
    const member = await signUp(memberDevice, 'kid@family.example');
    await addItem(organizerDevice, organizer, 'Parent bank');
    await addItem(memberDevice, member, 'Kid mail');

    // Bad input is refused on the device, before anything is sent.
    await expect(organizerDevice('family.create', { accountId: organizer, name: '   ' })).rejects.toThrow('Name your family.');
    const created = await organizerDevice('family.create', { accountId: organizer, name: 'The Appleseeds' });
    expect(created.family).toMatchObject({ name: 'The Appleseeds', role: 'organizer', members: [{ email: 'parent@family.example', role: 'organizer' }] });

    const inviteToken = await invite(organizerDevice, organizer, 'kid@family.example');
    const organizerCode = created.family.securityCode;
    expect(organizerCode).toMatch(/^([0-9A-HJKMNP-TV-Y]{4} ){5}[0-9A-HJKMNP-TV-Y]{4}$/);
    // The same code as the account's Sign-In & Recovery page shows; another account's differs.
    expect(await organizerDevice('account.securityCode', { accountId: organizer })).toEqual({ securityCode: organizerCode });
    expect((await memberDevice('account.securityCode', { accountId: member })).securityCode).not.toBe(organizerCode);
    await expect(organizerDevice('account.securityCode', { accountId: 'not an account' })).rejects.toThrow('Invalid accountId: Invalid UUID');
    await expect(memberDevice('family.join', { accountId: member, inviteToken: 'not a code', organizerCode })).rejects.toThrow(INVITE_NOT_VALID);
    await expect(memberDevice('family.join', { accountId: member, inviteToken, organizerCode: organizerCode.slice(0, 20) })).rejects.toThrow('A security code has 24 characters');
    expect(await memberDevice('family.invitation', { accountId: member, inviteToken })).toEqual({ familyName: 'The Appleseeds', invitedBy: 'parent@family.example' });
    const joined = await memberDevice('family.join', { accountId: member, inviteToken, organizerCode: organizerCode.toLowerCase() });
    expect(joined.family.members.map((m) => [m.email, m.role])).toEqual([
      ['parent@family.example', 'organizer'],
      ['kid@family.example', 'member'],
    ]);
    await addItem(memberDevice, member, 'Kid games');
    // The member shares a vault with the organizer.
    expect((await memberDevice('vault.open', { accountId: member })).canShare).toBe(true);
    const streaming = await memberDevice('vault.createShared', { accountId: member, name: 'Family streaming' });
    await addItem(memberDevice, member, 'Movie night', streaming.vaultId);
    const access = await memberDevice('vault.access', { accountId: member, vaultId: streaming.vaultId });
    expect(access).toEqual({ members: [expect.objectContaining({ email: 'kid@family.example', role: 'owner' })], candidates: [expect.objectContaining({ email: 'parent@family.example' })] });
    await memberDevice('vault.share', { accountId: member, vaultId: streaming.vaultId, memberId: access.candidates[0]!.accountId });
    expect(await everything(organizerDevice, organizer)).toEqual({ Private: ['Parent bank'], 'Family streaming': ['Movie night'] });
    // The organizer has access but does not own it: they cannot change who has it.
    await expect(organizerDevice('vault.unshare', { accountId: organizer, vaultId: streaming.vaultId, memberId: access.members[0]!.accountId })).rejects.toThrow('Only the owner of this vault can change who has access.');
    // A member cannot recover anyone.
    const organizerId = joined.family.members.find((m) => m.role === 'organizer')!.accountId;
    await expect(memberDevice('family.startRecovery', { accountId: member, memberId: organizerId })).rejects.toThrow('Only a Family Organizer can do that.');

    // The member had a recovery code.
    const { code: oldCode } = await memberDevice('recoveryCode.begin', { accountId: member, password: PASSWORD });
    await memberDevice('recoveryCode.confirm', { accountId: member, code: oldCode });

    const memberId = joined.family.members.find((m) => m.role === 'member')!.accountId;
    const started = await organizerDevice('family.startRecovery', { accountId: organizer, memberId });
    expect(started.family.recoveries).toEqual([expect.objectContaining({ email: 'kid@family.example', stage: 'awaiting-member' })]);

    // On a new device, the member proves the email and chooses a new password: new Secret Key, new keys.
    const { ipc: newDevice, accountId: recoveredId } = await resetOnNewDevice('kid@family.example');
    // Until an organizer finishes, the vault does not open (and no new, empty vault is made in its place).
    await expect(newDevice('vault.open', { accountId: recoveredId })).rejects.toThrow('Your Family Organizer has to finish your recovery');
    // The old device was signed out.
    await expect(memberDevice('vault.sync', { accountId: member, vaultId: streaming.vaultId, query: '' })).rejects.toThrow(/signed out/i);

    const pending = await organizerDevice('family.get', { accountId: organizer });
    const recovery = pending.family!.recoveries[0]!;
    expect(recovery.stage).toBe('awaiting-organizer');
    const completed = await organizerDevice('family.completeRecovery', { accountId: organizer, recoveryId: recovery.recoveryId });
    expect(completed.family.recoveries).toEqual([]);

    // Every vault comes back, the shared one with its owner still the member; the organizer's Private vault was never given to them.
    expect(await everything(newDevice, recoveredId)).toEqual({ Private: ['Kid games', 'Kid mail'], 'Family streaming': ['Movie night'] });
    const opened = await newDevice('vault.open', { accountId: recoveredId });
    const item = opened.items.find((i) => i.title === 'Kid mail')!;
    expect((await newDevice('vault.item', { accountId: recoveredId, vaultId: opened.vaultId, itemId: item.itemId })).fields).toMatchObject({ password: 'Kid mail-pw', notes: 'notes of Kid mail' });
    expect(opened.vaults.find((vault) => vault.name === 'Family streaming')?.role).toBe('owner');
    // The member, back in, takes the organizer's access to the shared vault away.
    const after = await newDevice('vault.unshare', { accountId: recoveredId, vaultId: streaming.vaultId, memberId: organizerId });
    expect(after.members.map((m) => m.email)).toEqual(['kid@family.example']);
    expect(await everything(organizerDevice, organizer)).toEqual({ Private: ['Parent bank'] });

    // The old recovery code no longer works at the server.
    const thirdDevice = await device();
    await expect(thirdDevice('recoveryUse.start', { email: 'kid@family.example', code: oldCode })).rejects.toThrow("That recovery code doesn't work with this email address.");
  });

  it('a second organizer is made a member, then removed: each time the first organizer\'s client rotates the group key, and a later recovery still gives a member every item back', async () => {
    const parentDevice = await device();
    const otherDevice = await device();
    const kidDevice = await device();
    const parent = await signUp(parentDevice, 'parent@rotation.example');
    const other = await signUp(otherDevice, 'other@rotation.example');
    const kid = await signUp(kidDevice, 'kid@rotation.example');
    await addItem(otherDevice, other, 'Other notes');
    await addItem(kidDevice, kid, 'Kid mail');
    const organizerCode = (await parentDevice('family.create', { accountId: parent, name: 'The Appleseeds' })).family.securityCode;
    await otherDevice('family.join', { accountId: other, inviteToken: await invite(parentDevice, parent, 'other@rotation.example'), organizerCode });
    const joined = await kidDevice('family.join', { accountId: kid, inviteToken: await invite(parentDevice, parent, 'kid@rotation.example'), organizerCode });
    await addItem(kidDevice, kid, 'Kid games');
    const idOf = (email: string) => joined.family.members.find((member) => member.email === email)!.accountId;
    const [otherId, kidId] = [idOf('other@rotation.example'), idOf('kid@rotation.example')];
    const promote = () => parentDevice('family.setRole', { accountId: parent, memberId: otherId, role: 'organizer' });
    const organizers = (family: { members: { email: string; role: string }[] }) => family.members.filter((member) => member.role === 'organizer').map((member) => member.email);

    expect(organizers((await promote()).family)).toEqual(['other@rotation.example', 'parent@rotation.example']);
    expect((await otherDevice('family.get', { accountId: other })).family!.role).toBe('organizer');
    // Made a member again: the parent's client rotates; the other's client has no group key any more.
    expect(organizers((await parentDevice('family.setRole', { accountId: parent, memberId: otherId, role: 'member' })).family)).toEqual(['parent@rotation.example']);
    await expect(otherDevice('family.startRecovery', { accountId: other, memberId: kidId })).rejects.toThrow('Only a Family Organizer can do that.');

    // Promoted again, they get the new key (they start the kid's recovery); then removed, with a second rotation.
    await promote();
    await otherDevice('family.startRecovery', { accountId: other, memberId: kidId });
    const removed = await parentDevice('family.remove', { accountId: parent, memberId: otherId });
    expect(removed.family.members.map((member) => member.email)).toEqual(['parent@rotation.example', 'kid@rotation.example']);
    expect(await otherDevice('family.get', { accountId: other })).toEqual({ family: null });
    // They keep their own items.
    expect(await titles(otherDevice, other)).toEqual(['Other notes']);

    // The kid resets; only the remaining organizer can complete it, through the twice-rotated key, and every item comes back.
    const { ipc: newDevice, accountId: recoveredId } = await resetOnNewDevice('kid@rotation.example');
    const recovery = (await parentDevice('family.get', { accountId: parent })).family!.recoveries[0]!;
    expect(recovery.stage).toBe('awaiting-organizer');
    await expect(otherDevice('family.completeRecovery', { accountId: other, recoveryId: recovery.recoveryId })).rejects.toThrow('This account is not in a family.');
    await parentDevice('family.completeRecovery', { accountId: parent, recoveryId: recovery.recoveryId });
    expect(await titles(newDevice, recoveredId)).toEqual(['Kid games', 'Kid mail']);
  });

  it('a wrong, cancelled or replaced invitation code says what to do; an organizer steps down, and the successor, holding the rotated key, recovers them with every item', async () => {
    const parentDevice = await device();
    const kidDevice = await device();
    const parent = await signUp(parentDevice, 'parent@handover.example');
    const kid = await signUp(kidDevice, 'kid@handover.example');
    await addItem(parentDevice, parent, 'Parent bank');
    const organizerCode = (await parentDevice('family.create', { accountId: parent, name: 'The Appleseeds' })).family.securityCode;

    // Mistyped, cancelled, or replaced by sending again: the same words, saying what the person can do.
    await expect(kidDevice('family.invitation', { accountId: kid, inviteToken: 'not-the-code' })).rejects.toThrow(INVITE_NOT_VALID);
    const cancelled = await invite(parentDevice, parent, 'kid@handover.example');
    expect((await parentDevice('family.cancelInvite', { accountId: parent, email: 'kid@handover.example' })).family.invites).toEqual([]);
    await expect(kidDevice('family.invitation', { accountId: kid, inviteToken: cancelled })).rejects.toThrow(INVITE_NOT_VALID);
    const replaced = await invite(parentDevice, parent, 'kid@handover.example');
    const inviteToken = await invite(parentDevice, parent, 'kid@handover.example');
    await expect(kidDevice('family.join', { accountId: kid, inviteToken: replaced, organizerCode })).rejects.toThrow(INVITE_NOT_VALID);
    const joined = await kidDevice('family.join', { accountId: kid, inviteToken: ` ${inviteToken} `, organizerCode });
    const kidId = joined.family.members.find((member) => member.email === 'kid@handover.example')!.accountId;

    const stepped = await parentDevice('family.stepDown', { accountId: parent, memberId: kidId });
    expect(stepped.family.role).toBe('member');
    expect(stepped.family.members.map((member) => [member.email, member.role])).toEqual([
      ['kid@handover.example', 'organizer'],
      ['parent@handover.example', 'member'],
    ]);
    await expect(parentDevice('family.invite', { accountId: parent, email: 'late@handover.example' })).rejects.toThrow('Only a Family Organizer can do that.');

    // The kid's client opens the new group key: it recovers the parent, whose items come back.
    await kidDevice('family.startRecovery', { accountId: kid, memberId: stepped.family.you });
    const { ipc: newDevice, accountId: recoveredId } = await resetOnNewDevice('parent@handover.example');
    const recovery = (await kidDevice('family.get', { accountId: kid })).family!.recoveries[0]!;
    await kidDevice('family.completeRecovery', { accountId: kid, recoveryId: recovery.recoveryId });
    expect(await titles(newDevice, recoveredId)).toEqual(['Parent bank']);
  });
});
