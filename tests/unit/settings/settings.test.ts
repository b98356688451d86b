import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { thrownBy } from '../../support/thrown';
import {
  DEFAULT_IDLE_LOCK_MINUTES,
  type DeviceAccount,
  deviceAccountSchema,
  SETTINGS_FILE_NAME,
  SettingsError,
  settingsSchema,
  SettingsStore,
} from '../../../src/main/core/settings/settings';

const posix = process.platform !== 'win32';

function tempDataDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'latchkey-settings-')), 'data');
}

function sampleAccount(overrides: Partial<DeviceAccount> = {}): DeviceAccount {
  return {
    localUuid: randomUUID(),
    email: 'ada@example.com',
    serverUrl: 'http://127.0.0.1:4100',
    serverAccountId: 'A3B4C5',
    displayName: 'Ada Lovelace',
    lastUnlockedAt: null,
    ...overrides,
  };
}

function fileOf(dataDir: string): unknown {
  return JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE_NAME), 'utf8'));
}

function settingsError(run: () => unknown): SettingsError {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(SettingsError);
  return error as SettingsError;
}

describe('settings', () => {
  it('starts with defaults, and makes the installation id once', () => {
    const dataDir = tempDataDir();
    const store = SettingsStore.open(dataDir);
    expect(store.path).toBe(join(dataDir, SETTINGS_FILE_NAME));
    expect(fileOf(dataDir)).toEqual({
      version: 1,
      installationId: store.installationId,
      accounts: [],
      idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
      quickAccessShortcut: 'CommandOrControl+Shift+Space',
      autoUpdate: true,
    });
    expect(store.idleLockMinutes).toBe(10);
    expect(z.uuid().safeParse(store.installationId).success).toBe(true);
    // Written at once, so the id survives a restart.
    expect(SettingsStore.open(dataDir).installationId).toBe(store.installationId);
    expect(SettingsStore.open(tempDataDir()).installationId).not.toBe(store.installationId);
  });

  it('round-trips accounts, unlock times and the idle-lock timeout', () => {
    const dataDir = tempDataDir();
    const store = SettingsStore.open(dataDir);
    const ada = sampleAccount();
    const grace = sampleAccount({ email: 'grace@example.org', displayName: 'Grace', serverUrl: 'https://sync.example.org/', serverAccountId: 'Z9Y8X7' });
    store.saveAccount(ada);
    store.saveAccount(grace);
    store.recordUnlock(grace.localUuid, new Date('2026-03-01T12:34:56.789Z'));
    store.setIdleLockMinutes(30);
    // Saving again replaces in place.
    store.saveAccount({ ...ada, displayName: 'Ada L.' });

    const written = readFileSync(store.path, 'utf8');
    const reopened = SettingsStore.open(dataDir);
    expect(readFileSync(store.path, 'utf8')).toBe(written);
    expect(reopened.accounts()).toEqual(store.accounts());
    expect(reopened.accounts().map((account) => account.displayName)).toEqual(['Ada L.', 'Grace']);
    expect(reopened.account(grace.localUuid)).toEqual({ ...grace, lastUnlockedAt: '2026-03-01T12:34:56.789Z' });
    expect(reopened.account(ada.localUuid)?.lastUnlockedAt).toBeNull();
    expect(reopened.idleLockMinutes).toBe(30);

    expect(reopened.removeAccount(grace.localUuid)).toBe(true);
    expect(reopened.removeAccount(grace.localUuid)).toBe(false);
    expect(reopened.account(grace.localUuid)).toBeNull();
    expect(SettingsStore.open(dataDir).accounts()).toEqual([{ ...ada, displayName: 'Ada L.' }]);
  });

  it('hands out copies: changing one changes nothing stored', () => {
    const store = SettingsStore.open(tempDataDir());
    store.saveAccount(sampleAccount());
    const [account] = store.accounts();
    account!.displayName = 'changed';
    store.account(account!.localUuid)!.email = 'changed@example.com';
    expect(store.accounts()[0]).toMatchObject({ displayName: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it.skipIf(!posix)('is owner-only (0600) in an owner-only folder, and tightens a looser file', () => {
    const dataDir = tempDataDir();
    const store = SettingsStore.open(dataDir);
    store.saveAccount(sampleAccount());
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o077).toBe(0);

    chmodSync(store.path, 0o644);
    SettingsStore.open(dataDir);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('has a strict schema: no field it does not name, such as a Secret Key, can be stored', () => {
    const dataDir = tempDataDir();
    const store = SettingsStore.open(dataDir);
    const account = sampleAccount();
    const secretKey = 'K1-A3B4C5-DEFGHJ-KLMNP-QRSTV-WXYZ2-34567';
    for (const field of ['secretKey', 'password', 'accountKey', 'sessionToken']) {
      const error = settingsError(() => store.saveAccount({ ...account, [field]: secretKey } as DeviceAccount));
      expect(error.reason).toBe('invalid');
      expect(error.message).toContain(field);
      expect(error.message).not.toContain(secretKey);
    }
    expect(store.accounts()).toEqual([]);
    expect(readFileSync(store.path, 'utf8')).not.toContain(secretKey);

    const valid = { ...(fileOf(dataDir) as object), accounts: [account] };
    expect(settingsSchema.safeParse(valid).success).toBe(true);
    expect(settingsSchema.safeParse({ ...valid, secretKey }).success).toBe(false);
    expect(settingsSchema.safeParse({ ...valid, accounts: [{ ...account, secretKey }] }).success).toBe(false);
    expect(deviceAccountSchema.safeParse({ ...account, secretKey }).success).toBe(false);
  });

  it('names no field that could hold a secret, at any depth, and every object in it is strict', () => {
    const names: string[] = [];
    const visit = (schema: z.ZodType): void => {
      const def = schema.def as { type: string; shape?: Record<string, z.ZodType>; catchall?: z.ZodType; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType };
      if (def.type === 'object') {
        // A strict object's catchall is `never`: unknown keys are refused, not kept.
        expect(def.catchall?.def.type).toBe('never');
        for (const [name, field] of Object.entries(def.shape ?? {})) {
          names.push(name);
          visit(field);
        }
      }
      for (const inner of [def.element, def.innerType, def.in]) if (inner) visit(inner);
    };
    visit(settingsSchema);
    expect(names.sort()).toEqual(
      ['accounts', 'autoUpdate', 'displayName', 'email', 'idleLockMinutes', 'installationId', 'lastUnlockedAt', 'localUuid', 'profileVersion', 'quickAccessShortcut', 'serverAccountId', 'serverUrl', 'trustRecord', 'version'].sort(),
    );
    for (const name of names) expect(name).not.toMatch(/secret|password|passphrase|token|private|seed|mnemonic|recovery|^key$|Key$/i);
  });

  it('refuses invalid changes and writes nothing', () => {
    const dataDir = tempDataDir();
    const store = SettingsStore.open(dataDir);
    const before = readFileSync(store.path, 'utf8');
    expect(settingsError(() => store.setIdleLockMinutes(0)).reason).toBe('invalid');
    expect(settingsError(() => store.setIdleLockMinutes(2.5)).reason).toBe('invalid');
    expect(settingsError(() => store.setIdleLockMinutes(24 * 60 + 1)).reason).toBe('invalid');
    expect(settingsError(() => store.recordUnlock(randomUUID())).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ email: 'not an email' }))).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ serverUrl: 'file:///etc/passwd' }))).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ localUuid: 'abc' }))).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ lastUnlockedAt: 'yesterday' }))).reason).toBe('invalid');
    expect(readFileSync(store.path, 'utf8')).toBe(before);
    expect(store.accounts()).toEqual([]);
    expect(store.idleLockMinutes).toBe(DEFAULT_IDLE_LOCK_MINUTES);
  });

  it('recovers from a file that is not JSON: defaults, and a repaired file', () => {
    const dataDir = tempDataDir();
    SettingsStore.open(dataDir);
    writeFileSync(join(dataDir, SETTINGS_FILE_NAME), '{"version": 1, "installationId": "trunc');
    const store = SettingsStore.open(dataDir);
    expect(fileOf(dataDir)).toEqual({ version: 1, installationId: store.installationId, accounts: [], idleLockMinutes: 10, quickAccessShortcut: 'CommandOrControl+Shift+Space', autoUpdate: true });
    if (posix) expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(SettingsStore.open(dataDir).installationId).toBe(store.installationId);

    for (const text of ['', 'null', '[]', '"settings"', '42']) {
      writeFileSync(join(dataDir, SETTINGS_FILE_NAME), text);
      const recovered = SettingsStore.open(dataDir);
      expect(recovered.accounts()).toEqual([]);
      expect(fileOf(dataDir)).toEqual({ version: 1, installationId: recovered.installationId, accounts: [], idleLockMinutes: 10, quickAccessShortcut: 'CommandOrControl+Shift+Space', autoUpdate: true });
    }
  });

  it('salvages a tampered file field by field: keeps the installation id and valid accounts, drops the rest', () => {
    const dataDir = tempDataDir();
    const original = SettingsStore.open(dataDir);
    const good = sampleAccount();
    const other = sampleAccount({ email: 'other@example.com' });
    original.saveAccount(good);
    original.saveAccount(other);
    const tampered = {
      ...(fileOf(dataDir) as object),
      secretKey: 'K1-TAMPER-EDEDED-EDEDE-EDEDE-EDEDE-EDEDE',
      accounts: [
        { ...good, password: 'hunter2' },
        other,
        { ...other, displayName: 'duplicate' },
        { localUuid: 'nope' },
        'not an account',
      ],
      activeAccount: good.localUuid,
      idleLockMinutes: -5,
    };
    writeFileSync(join(dataDir, SETTINGS_FILE_NAME), JSON.stringify(tampered));

    const store = SettingsStore.open(dataDir);
    expect(store.installationId).toBe(original.installationId);
    expect(store.accounts()).toEqual([other]);
    expect(store.idleLockMinutes).toBe(DEFAULT_IDLE_LOCK_MINUTES);
    // The repaired file is what the store holds, with nothing of the tampering left.
    const text = readFileSync(store.path, 'utf8');
    expect(JSON.parse(text)).toEqual({ version: 1, installationId: original.installationId, accounts: [other], idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES, quickAccessShortcut: 'CommandOrControl+Shift+Space', autoUpdate: true });
    expect(text).not.toContain('K1-TAMPER');
    expect(text).not.toContain('hunter2');
  });

  it('opens a file of an earlier build (with the active account it no longer keeps): accounts and id kept, the field dropped', () => {
    const dataDir = tempDataDir();
    const first = SettingsStore.open(dataDir);
    const ada = sampleAccount();
    writeFileSync(join(dataDir, SETTINGS_FILE_NAME), JSON.stringify({ version: 1, installationId: first.installationId, accounts: [ada], activeAccount: ada.localUuid, idleLockMinutes: 20 }));
    const store = SettingsStore.open(dataDir);
    expect([store.installationId, store.accounts(), store.idleLockMinutes]).toEqual([first.installationId, [ada], 20]);
    expect(fileOf(dataDir)).toEqual({ version: 1, installationId: first.installationId, accounts: [ada], idleLockMinutes: 20, quickAccessShortcut: 'CommandOrControl+Shift+Space', autoUpdate: true });
  });

  it('replaces a missing or invalid installation id, and keeps the valid rest', () => {
    const dataDir = tempDataDir();
    const first = SettingsStore.open(dataDir);
    writeFileSync(join(dataDir, SETTINGS_FILE_NAME), JSON.stringify({ version: 1, accounts: [], idleLockMinutes: 15 }));
    const store = SettingsStore.open(dataDir);
    expect(store.installationId).not.toBe(first.installationId);
    expect(z.uuid().safeParse(store.installationId).success).toBe(true);
    expect(store.idleLockMinutes).toBe(15);
    expect(SettingsStore.open(dataDir).installationId).toBe(store.installationId);
  });

  it('reports a data folder it cannot use as a SettingsError, not a crash of another kind', () => {
    // A file where the folder should be: fails for root too, unlike a read-only folder.
    const blocker = join(mkdtempSync(join(tmpdir(), 'latchkey-settings-')), 'not-a-folder');
    writeFileSync(blocker, '');
    const error = settingsError(() => SettingsStore.open(join(blocker, 'data')));
    expect(error.reason).toBe('io');
    expect(error.message).toContain(blocker);
    expect(existsSync(join(blocker, 'data'))).toBe(false);
  });
});
