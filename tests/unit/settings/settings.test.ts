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
    expect(store.problems).toEqual([]);
    expect(store.path).toBe(join(dataDir, SETTINGS_FILE_NAME));
    expect(store.get()).toEqual({
      version: 1,
      installationId: store.installationId,
      accounts: [],
      activeAccount: null,
      idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
    });
    expect(store.idleLockMinutes).toBe(10);
    expect(z.uuid().safeParse(store.installationId).success).toBe(true);
    // Written at once, so the id survives a restart.
    expect(fileOf(dataDir)).toEqual(store.get());
    expect(SettingsStore.open(dataDir).installationId).toBe(store.installationId);
    expect(SettingsStore.open(tempDataDir()).installationId).not.toBe(store.installationId);
  });

  it('round-trips accounts, the active account, unlock times and the idle-lock timeout', () => {
    const dataDir = tempDataDir();
    const store = SettingsStore.open(dataDir);
    const ada = sampleAccount();
    const grace = sampleAccount({ email: 'grace@example.org', displayName: 'Grace', serverUrl: 'https://sync.example.org/', serverAccountId: 'Z9Y8X7' });
    store.saveAccount(ada);
    store.saveAccount(grace);
    store.setActiveAccount(grace.localUuid);
    store.recordUnlock(grace.localUuid, new Date('2026-03-01T12:34:56.789Z'));
    store.setIdleLockMinutes(30);
    // Saving again replaces in place.
    store.saveAccount({ ...ada, displayName: 'Ada L.' });

    const reopened = SettingsStore.open(dataDir);
    expect(reopened.problems).toEqual([]);
    expect(reopened.get()).toEqual(store.get());
    expect(reopened.accounts().map((account) => account.displayName)).toEqual(['Ada L.', 'Grace']);
    expect(reopened.activeAccount()).toEqual({ ...grace, lastUnlockedAt: '2026-03-01T12:34:56.789Z' });
    expect(reopened.account(ada.localUuid)?.lastUnlockedAt).toBeNull();
    expect(reopened.idleLockMinutes).toBe(30);

    expect(reopened.removeAccount(grace.localUuid)).toBe(true);
    expect(reopened.removeAccount(grace.localUuid)).toBe(false);
    expect(reopened.activeAccount()).toBeNull();
    expect(SettingsStore.open(dataDir).accounts()).toEqual([{ ...ada, displayName: 'Ada L.' }]);
  });

  it('hands out copies: changing one changes nothing stored', () => {
    const store = SettingsStore.open(tempDataDir());
    store.saveAccount(sampleAccount());
    const snapshot = store.get();
    snapshot.accounts[0]!.displayName = 'changed';
    snapshot.idleLockMinutes = 99;
    store.accounts()[0]!.email = 'changed@example.com';
    expect(store.get().accounts[0]).toMatchObject({ displayName: 'Ada Lovelace', email: 'ada@example.com' });
    expect(store.idleLockMinutes).toBe(10);
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

    const valid = { ...store.get(), accounts: [account], activeAccount: account.localUuid };
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
      ['accounts', 'activeAccount', 'displayName', 'email', 'idleLockMinutes', 'installationId', 'lastUnlockedAt', 'localUuid', 'serverAccountId', 'serverUrl', 'version'].sort(),
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
    expect(settingsError(() => store.setActiveAccount(randomUUID())).reason).toBe('invalid');
    expect(settingsError(() => store.recordUnlock(randomUUID())).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ email: 'not an email' }))).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ serverUrl: 'file:///etc/passwd' }))).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ localUuid: 'abc' }))).reason).toBe('invalid');
    expect(settingsError(() => store.saveAccount(sampleAccount({ lastUnlockedAt: 'yesterday' }))).reason).toBe('invalid');
    expect(readFileSync(store.path, 'utf8')).toBe(before);
    expect(store.get()).toEqual(SettingsStore.open(dataDir).get());
  });

  it('recovers from a file that is not JSON: defaults, a report, and a repaired file', () => {
    const dataDir = tempDataDir();
    SettingsStore.open(dataDir);
    writeFileSync(join(dataDir, SETTINGS_FILE_NAME), '{"version": 1, "installationId": "trunc');
    const store = SettingsStore.open(dataDir);
    expect(store.problems).toEqual([{ field: '', message: expect.stringMatching(/not valid JSON/) }]);
    expect(store.get()).toEqual({ version: 1, installationId: store.installationId, accounts: [], activeAccount: null, idleLockMinutes: 10 });
    expect(fileOf(dataDir)).toEqual(store.get());
    if (posix) expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(SettingsStore.open(dataDir).problems).toEqual([]);

    for (const text of ['', 'null', '[]', '"settings"', '42']) {
      writeFileSync(join(dataDir, SETTINGS_FILE_NAME), text);
      const recovered = SettingsStore.open(dataDir);
      expect(recovered.problems).toHaveLength(1);
      expect(recovered.get().accounts).toEqual([]);
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
      ...original.get(),
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
    expect(store.activeAccount()).toBeNull();
    expect(store.idleLockMinutes).toBe(DEFAULT_IDLE_LOCK_MINUTES);
    expect(store.problems.map((problem) => problem.field).sort()).toEqual(
      ['accounts.0', 'accounts.2', 'accounts.3', 'accounts.4', 'activeAccount', 'idleLockMinutes', 'secretKey'].sort(),
    );
    // The report names fields, never their values.
    const report = JSON.stringify(store.problems);
    expect(report).not.toContain('K1-TAMPER');
    expect(report).not.toContain('hunter2');
    // The repaired file is what the store holds, with nothing of the tampering left.
    const text = readFileSync(store.path, 'utf8');
    expect(JSON.parse(text)).toEqual(store.get());
    expect(text).not.toContain('K1-TAMPER');
    expect(text).not.toContain('hunter2');
  });

  it('replaces a missing or invalid installation id, and reports it', () => {
    const dataDir = tempDataDir();
    SettingsStore.open(dataDir);
    writeFileSync(join(dataDir, SETTINGS_FILE_NAME), JSON.stringify({ version: 1, accounts: [], activeAccount: null, idleLockMinutes: 15 }));
    const store = SettingsStore.open(dataDir);
    expect(store.problems.map((problem) => problem.field)).toEqual(['installationId']);
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
