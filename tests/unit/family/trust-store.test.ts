/**
 * The trust record (docs/security-design.md §8.7) outlives a restart; one the device did not
 * seal under this account's key and id trusts nobody; another device of the account takes the
 * server's record; a served record older than the device's is not taken; and a write that
 * another device beat is made again on top of that device's record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { TrustStore } from '../../../src/main/core/family/trust-store';
import { AccountSession } from '../../../src/main/core/account/account-session';
import { initCrypto, systemRandom } from '../../../src/main/core/crypto/sodium';
import { SettingsStore } from '../../../src/main/core/settings/settings';
import { SyncApiError, type SyncServerClient } from '../../../src/main/core/sync/client';
import { fromWire, toWire } from '../../../src/main/core/sync/wire';
import { trustRecordRoutes } from '../../../src/shared/server-api/trust-record';

const localUuid = '6f1c2a4e-9b3d-4c5e-8f7a-1b2c3d4e5f60';
const code = 'ABCDEFGH0123456789JKMNPQ';
const other = 'QPNMKJ9876543210HGFEDCBA';
const familyId = 'ZmFtaWx5LWlkLTAwMDAwMQ';
const memberId = 'B2C3D4';
const folders: string[] = [];

beforeAll(initCrypto);
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function settingsIn(): SettingsStore {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-trust-'));
  folders.push(dir);
  const settings = SettingsStore.open(dir);
  settings.saveAccount({ localUuid, email: 'a@example.com', serverUrl: 'https://sync.example', serverAccountId: 'ABC123', displayName: 'A', lastUnlockedAt: null });
  return settings;
}

/** The account as the store sees it: unlocked with `accountKey`, and its session talking to `api`. */
const unlockedAs =
  (accountKey: Uint8Array, serverAccountId = 'ABC123') =>
  (api: Pick<SyncServerClient, 'call'>) => ({
    unlocked: () => ({ serverAccountId, open: { accountKey: SecretBytes.copyOf(accountKey) } }) as never,
    session: () => new AccountSession(api, 'session'),
  });

/** The server's two routes, as it answers them: one row, each write exactly one version more. */
class FakeServer {
  version = 0;
  record: string | null = null;
  puts = 0;
  readonly api = {
    call: async (route: unknown, options: { body?: { version: number; record: string } }) => {
      if (route === trustRecordRoutes.get) return { version: this.version, record: this.record };
      this.puts++;
      const { version, record } = options.body!;
      if (version !== this.version + 1) throw new SyncApiError('stale_trust_record', 'stale', 409);
      Object.assign(this, { version, record });
      return { version, record };
    },
  } as unknown as Pick<SyncServerClient, 'call'>;
}

describe('the trust record', () => {
  it('is still there after the settings are opened again (a restart), and is kept on the server', async () => {
    const key = systemRandom(32);
    const settings = settingsIn();
    const server = new FakeServer();
    await new TrustStore(unlockedAs(key)(server.api), settings).trustOrganizer(localUuid, familyId, code);
    await new TrustStore(unlockedAs(key)(server.api), settings).verifyMember(localUuid, memberId, other);
    expect(server.version).toBe(2);
    const reopened = SettingsStore.open(join(settings.path, '..'));
    const record = await new TrustStore(unlockedAs(key)(new FakeServer().api), reopened).current(localUuid);
    expect(record.version).toBe(2);
    expect(record.organizers.get(familyId)).toEqual([code]);
    expect(record.members.get(memberId)).toBe(other);
  });

  it('one under another account key, for another account id, or changed by one bit trusts nobody', async () => {
    const key = systemRandom(32);
    const settings = settingsIn();
    await new TrustStore(unlockedAs(key)(new FakeServer().api), settings).trustOrganizer(localUuid, familyId, code);
    expect(await new TrustStore(unlockedAs(systemRandom(32))(new FakeServer().api), settings).organizerCodes(localUuid, familyId)).toEqual([]);
    expect(await new TrustStore(unlockedAs(key, 'XYZ789')(new FakeServer().api), settings).organizerCodes(localUuid, familyId)).toEqual([]);
    const account = settings.account(localUuid)!;
    const bytes = fromWire(account.trustRecord!);
    bytes[bytes.length - 1]! ^= 1;
    settings.saveAccount({ ...account, trustRecord: toWire(bytes) });
    expect(await new TrustStore(unlockedAs(key)(new FakeServer().api), settings).organizerCodes(localUuid, familyId)).toEqual([]);
  });

  it("another device of the account (no record of its own) takes the server's record and keeps it", async () => {
    const key = systemRandom(32);
    const server = new FakeServer();
    await new TrustStore(unlockedAs(key)(server.api), settingsIn()).trustOrganizer(localUuid, familyId, code);
    const second = settingsIn();
    expect(second.account(localUuid)!.trustRecord).toBeUndefined();
    expect(await new TrustStore(unlockedAs(key)(server.api), second).organizerCodes(localUuid, familyId)).toEqual([code]);
    expect(second.account(localUuid)!.trustRecord).toBe(server.record);
  });

  it('a served record older than the one the device holds is not taken (the device keeps what it trusted)', async () => {
    const key = systemRandom(32);
    const settings = settingsIn();
    const server = new FakeServer();
    const store = new TrustStore(unlockedAs(key)(server.api), settings);
    await store.trustOrganizer(localUuid, familyId, code);
    const old = { version: server.version, record: server.record };
    await store.verifyMember(localUuid, memberId, other);
    // The server rolls back to the first version (its own bytes, sealed by this account).
    Object.assign(server, old);
    const record = await store.current(localUuid);
    expect(record.version).toBe(2);
    expect(record.members.get(memberId)).toBe(other);
  });

  it('a served version that is not the one sealed inside is not taken', async () => {
    const key = systemRandom(32);
    const server = new FakeServer();
    await new TrustStore(unlockedAs(key)(server.api), settingsIn()).trustOrganizer(localUuid, familyId, code);
    server.version = 7;
    const second = settingsIn();
    expect((await new TrustStore(unlockedAs(key)(server.api), second).current(localUuid)).version).toBe(0);
    expect(second.account(localUuid)!.trustRecord).toBeUndefined();
  });

  it("a write another device beat is made again on top of that device's record", async () => {
    const key = systemRandom(32);
    const server = new FakeServer();
    const first = new TrustStore(unlockedAs(key)(server.api), settingsIn());
    await first.trustOrganizer(localUuid, familyId, code);
    // The second device read version 1 before the first device wrote version 2.
    const secondSettings = settingsIn();
    const second = new TrustStore(unlockedAs(key)(server.api), secondSettings);
    await second.current(localUuid);
    await first.verifyMember(localUuid, memberId, other);
    const get = server.api.call;
    let stale = true;
    // Serve the second device the old version once, so its first write is stale.
    const served = { version: 1, record: secondSettings.account(localUuid)!.trustRecord! };
    server.api.call = (async (route: unknown, options: never) => (route === trustRecordRoutes.get && stale ? ((stale = false), served) : get(route as never, options))) as never;
    await second.trustOrganizer(localUuid, familyId, other);
    expect(server.version).toBe(3);
    const record = await second.current(localUuid);
    expect(record.organizers.get(familyId)).toEqual([code, other]);
    expect(record.members.get(memberId)).toBe(other);
  });
});
