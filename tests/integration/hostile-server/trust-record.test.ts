/**
 * Attack class: a rolled-back trust record. The organizers an account trusts and the members it
 * verified are kept, sealed under the account key, on the server (docs/security-design.md §8.7)
 * so its other devices know them. The server cannot forge a record, but it could serve an older
 * one of the account's own, trusting less (or an organizer since distrusted). A device keeps the
 * highest version it has seen and takes a served record only if it is newer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { trustRecordRoutes } from '../../../src/shared/server-api/trust-record';
import { deviceFamily, type DeviceFamily } from './family-devices';
import { useHostileServer } from './hostile-server';

const hostile = useHostileServer();
let family: DeviceFamily;

beforeAll(async () => {
  await initCrypto();
  family = await deviceFamily(hostile, 'organizer@trust.example', 'Trusting');
});

describe('the trust record on the server', () => {
  it("another device of the account takes the server's record; one the server rolls back to an older version is not taken", async () => {
    const { device, accountId, secretKey } = await family.member('two-devices@trust.example');
    let firstVersion: unknown;
    const watch = hostile.rewriteBody(trustRecordRoutes.get, (body) => ((firstVersion ??= body), body));
    await device.ipc('vault.createShared', { accountId, name: 'First device' });
    watch.stop();
    expect(firstVersion).toMatchObject({ version: 1 });
    // An organizer made after the member joined, whose code the member then checks: the record's second version.
    const extra = await family.member('extra-organizer@trust.example');
    await family.organizer.ipc('family.setRole', { accountId: family.organizerId, memberId: extra.serverId, role: 'organizer' });
    const extrasCode = (await extra.device.ipc('family.get', { accountId: extra.accountId })).family!.securityCode;
    await device.ipc('family.trustOrganizer', { accountId, organizerCode: extrasCode });
    // A second device of the member, with no record of its own, takes the server's.
    const second = await hostile.device();
    const secondId = await hostile.signIn(second, 'two-devices@trust.example', secretKey);
    expect((await second.ipc('vault.createShared', { accountId: secondId, name: 'Second device' })).name).toBe('Second device');
    // The extra organizer rotates the group key (removing another organizer): signed by them.
    const leaver = await family.member('leaving-organizer@trust.example');
    await family.organizer.ipc('family.setRole', { accountId: family.organizerId, memberId: leaver.serverId, role: 'organizer' });
    await extra.device.ipc('family.remove', { accountId: extra.accountId, memberId: leaver.serverId });
    // The server serves the first version again (it trusts only the first organizer).
    const rollback = hostile.rewriteBody(trustRecordRoutes.get, () => firstVersion);
    expect((await second.ipc('vault.createShared', { accountId: secondId, name: 'After the rollback' })).name).toBe('After the rollback');
    // Control: a third device, with no record of its own, has only the rolled-back one and refuses.
    const third = await hostile.device();
    const thirdId = await hostile.signIn(third, 'two-devices@trust.example', secretKey);
    await expect(third.ipc('vault.createShared', { accountId: thirdId, name: 'Third device' })).rejects.toMatchObject({ code: 'untrusted-key' });
    expect(rollback.hits).toBeGreaterThan(1);
    rollback.stop();
  });
});
