/**
 * The organizers a device trusts for a family (docs/security-design.md §8.7) outlive a restart,
 * and a record the device did not write under this account's key and id trusts nobody.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { TrustedOrganizers } from '../../../src/main/core/family/trusted-organizers';
import { initCrypto, systemRandom } from '../../../src/main/core/crypto/sodium';
import { SettingsStore } from '../../../src/main/core/settings/settings';
import { fromWire, toWire } from '../../../src/main/core/sync/wire';

const localUuid = '6f1c2a4e-9b3d-4c5e-8f7a-1b2c3d4e5f60';
const code = 'ABCDEFGH0123456789JKMNPQ';
const folders: string[] = [];

beforeAll(initCrypto);
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function settingsIn(folder?: string): SettingsStore {
  const dir = folder ?? mkdtempSync(join(tmpdir(), 'latchkey-trust-'));
  if (!folder) folders.push(dir);
  const settings = SettingsStore.open(dir);
  if (!folder) settings.saveAccount({ localUuid, email: 'a@example.com', serverUrl: 'https://sync.example', serverAccountId: 'ABC123', displayName: 'A', lastUnlockedAt: null });
  return settings;
}

const unlockedAs = (accountKey: Uint8Array, serverAccountId = 'ABC123') => ({
  unlocked: () => ({ serverAccountId, open: { accountKey: SecretBytes.copyOf(accountKey) } }) as never,
});

describe('trusted organizers on the device', () => {
  it('are still trusted after the settings are opened again (a restart)', () => {
    const key = systemRandom(32);
    const settings = settingsIn();
    new TrustedOrganizers(unlockedAs(key), settings).trust(localUuid, 'family-1', code);
    const reopened = SettingsStore.open(join(settings.path, '..'));
    expect(new TrustedOrganizers(unlockedAs(key), reopened).codes(localUuid, 'family-1')).toEqual([code]);
    expect(new TrustedOrganizers(unlockedAs(key), reopened).codes(localUuid, 'family-2')).toEqual([]);
  });

  it('a record under another account key, for another account id, or changed by one bit trusts nobody', () => {
    const key = systemRandom(32);
    const settings = settingsIn();
    new TrustedOrganizers(unlockedAs(key), settings).trust(localUuid, 'family-1', code);
    expect(new TrustedOrganizers(unlockedAs(systemRandom(32)), settings).codes(localUuid, 'family-1')).toEqual([]);
    expect(new TrustedOrganizers(unlockedAs(key, 'XYZ789'), settings).codes(localUuid, 'family-1')).toEqual([]);
    const account = settings.account(localUuid)!;
    const bytes = fromWire(account.trustRecord!);
    bytes[bytes.length - 1]! ^= 1;
    settings.saveAccount({ ...account, trustRecord: toWire(bytes) });
    expect(new TrustedOrganizers(unlockedAs(key), settings).codes(localUuid, 'family-1')).toEqual([]);
  });
});
