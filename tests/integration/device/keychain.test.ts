/**
 * The device keychain against a real Secret Service: the throwaway gnome-keyring that
 * scripts/with-keyring.sh starts (`npm test` runs vitest under it). What is stored is also
 * read back around our code, with libsecret's `secret-tool`, to show it really is there.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DeviceKeychain, KEYCHAIN_SERVICE, KeychainError, MAX_SECRET_LENGTH } from '../../../src/main/core/device/keychain';
import { SettingsStore } from '../../../src/main/core/settings/settings';

if (process.env.LATCHKEY_TEST_KEYRING !== 'throwaway') {
  // Never write test entries into a developer's real keychain.
  throw new Error('LATCHKEY_TEST_KEYRING is not set: run the keychain tests through `npm test` or scripts/with-keyring.sh');
}

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const secretKey = 'K1-A3B4C5-DEFGHJ-KLMNP-QRSTV-WXYZ2-34567';

function newKeychain(): DeviceKeychain {
  return new DeviceKeychain({ installationId: randomUUID() });
}

/** What libsecret itself finds for the entry, or null (secret-tool exits 1 when there is none). */
async function secretToolLookup(entryName: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', entryName]);
    return stdout;
  } catch (error) {
    if ((error as { code?: number }).code === 1) return null;
    throw error;
  }
}

async function secretToolCount(entryName: string): Promise<number> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', KEYCHAIN_SERVICE, 'username', entryName]);
  return (stdout + stderr).split('\n').filter((line) => /^\[\/.+\]$/.test(line.trim())).length;
}

interface ChildOutcome {
  operation: 'save' | 'load' | 'delete';
  ok: boolean;
  value?: unknown;
  name?: string;
  reason?: string;
  message?: string;
  detail?: string;
  ipc?: { code: string; message: string } | null;
}

async function runChild(command: string[], env: NodeJS.ProcessEnv): Promise<{ outcomes: ChildOutcome[]; output: string }> {
  const [file, ...args] = command as [string, ...string[]];
  const { stdout, stderr } = await run(file, args, { cwd: root, env, timeout: 30_000 });
  const outcomes = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ChildOutcome);
  return { outcomes, output: stdout + stderr };
}

function childCommand(mode: 'each' | 'lock', installationId: string, accountUuid: string, secret: string): string[] {
  return [process.execPath, '--import', 'tsx', join(here, 'keychain-child.ts'), mode, installationId, accountUuid, secret];
}

describe('device keychain (real Secret Service)', () => {
  it('saves, loads, replaces and deletes a Secret Key, and the Secret Service really holds it', async () => {
    const keychain = newKeychain();
    const account = randomUUID();
    const entryName = keychain.entryName('secret-key', account);
    expect(entryName).toBe(`secret-key:${keychain.installationId}:${account}`);

    await keychain.save('secret-key', account, secretKey);
    expect(await keychain.load('secret-key', account)).toBe(secretKey);
    expect(await secretToolLookup(entryName)).toBe(secretKey);

    // Saving again replaces the value in place: still one item.
    const replacement = 'K1-A3B4C5-ZZZZZZ-YYYYY-XXXXX-WWWWW-VVVVV';
    await keychain.save('secret-key', account, replacement);
    expect(await keychain.load('secret-key', account)).toBe(replacement);
    expect(await secretToolLookup(entryName)).toBe(replacement);
    expect(await secretToolCount(entryName)).toBe(1);

    expect(await keychain.delete('secret-key', account)).toBe(true);
    expect(await keychain.load('secret-key', account)).toBeNull();
    expect(await secretToolLookup(entryName)).toBeNull();
    expect(await keychain.delete('secret-key', account)).toBe(false);
  });

  it('reads the keychain itself at every load, also through an entry it built before: changes made around it show', async () => {
    const keychain = newKeychain();
    const account = randomUUID();
    const entryName = keychain.entryName('secret-key', account);
    await keychain.save('secret-key', account, secretKey);
    expect(await keychain.load('secret-key', account)).toBe(secretKey);

    await run('secret-tool', ['clear', 'service', KEYCHAIN_SERVICE, 'username', entryName]);
    expect(await keychain.load('secret-key', account)).toBeNull();
    // A second instance (another window of the same data folder) writes; the first one reads it.
    const replacement = 'K1-A3B4C5-ZZZZZZ-YYYYY-XXXXX-WWWWW-VVVVV';
    await new DeviceKeychain({ installationId: keychain.installationId }).save('secret-key', account, replacement);
    expect(await keychain.load('secret-key', account)).toBe(replacement);
    expect(await keychain.delete('secret-key', account)).toBe(true);
  });

  it('returns null for an account with no entry', async () => {
    expect(await newKeychain().load('secret-key', randomUUID())).toBeNull();
  });

  it('keeps two data folders apart: each installation sees only its own entries', async () => {
    const folders = [mkdtempSync(join(tmpdir(), 'latchkey-device-a-')), mkdtempSync(join(tmpdir(), 'latchkey-device-b-'))];
    const [first, second] = folders.map((folder) => new DeviceKeychain({ installationId: SettingsStore.open(folder).installationId })) as [
      DeviceKeychain,
      DeviceKeychain,
    ];
    expect(first.installationId).not.toBe(second.installationId);
    // The same account signed in on both "devices" (as the end-to-end tests do).
    const account = randomUUID();
    await first.save('secret-key', account, 'K1-FIRST1-AAAAAA-AAAAA-AAAAA-AAAAA-AAAAA');
    expect(await second.load('secret-key', account)).toBeNull();
    await second.save('secret-key', account, 'K1-SECND2-BBBBBB-BBBBB-BBBBB-BBBBB-BBBBB');
    expect(await first.load('secret-key', account)).toBe('K1-FIRST1-AAAAAA-AAAAA-AAAAA-AAAAA-AAAAA');
    expect(await second.load('secret-key', account)).toBe('K1-SECND2-BBBBBB-BBBBB-BBBBB-BBBBB-BBBBB');

    expect(await first.delete('secret-key', account)).toBe(true);
    expect(await first.load('secret-key', account)).toBeNull();
    expect(await second.load('secret-key', account)).toBe('K1-SECND2-BBBBBB-BBBBB-BBBBB-BBBBB-BBBBB');

    // A reopened data folder keeps its installation id, and so finds its entries again.
    const reopened = new DeviceKeychain({ installationId: SettingsStore.open(folders[1]!).installationId });
    expect(await reopened.load('secret-key', account)).toBe('K1-SECND2-BBBBBB-BBBBB-BBBBB-BBBBB-BBBBB');

    // Nothing of either secret reached the data folders.
    for (const folder of folders) {
      for (const name of readdirSync(folder)) {
        const text = readFileSync(join(folder, name), 'utf8');
        expect(text).not.toContain('K1-FIRST1');
        expect(text).not.toContain('K1-SECND2');
      }
    }
    await second.delete('secret-key', account);
  });

  it('stores any well-formed text exactly, without normalising it', async () => {
    const keychain = newKeychain();
    const values = ['Schlüssel-密钥-ключ-🔑-𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'e\u0301 and \u00e9', ' spaces \t and\nnewlines ', 'x'.repeat(MAX_SECRET_LENGTH)];
    for (const value of values) {
      const account = randomUUID();
      await keychain.save('secret-key', account, value);
      expect(await keychain.load('secret-key', account)).toBe(value);
      expect(await keychain.delete('secret-key', account)).toBe(true);
    }
    const account = randomUUID();
    await keychain.save('secret-key', account, values[0]!);
    expect(await secretToolLookup(keychain.entryName('secret-key', account))).toBe(values[0]);
    await keychain.delete('secret-key', account);
  });

  it('refuses bad input before reaching the keychain, without repeating the value', async () => {
    const keychain = newKeychain();
    const account = randomUUID();
    const cases: [() => Promise<unknown>, string][] = [
      [() => keychain.save('secret-key', 'not-a-uuid', secretKey), 'not-a-uuid'],
      [() => keychain.load('secret-key', '../../etc'), '../../etc'],
      [() => keychain.delete('secret-key', ''), ''],
      [() => keychain.save('secret-key', account, ''), ''],
      [() => keychain.save('secret-key', account, `SECRET${'y'.repeat(MAX_SECRET_LENGTH)}`), 'SECRET'],
      [() => keychain.save('secret-key', account, 'SECRET\ud800'), 'SECRET'],
    ];
    for (const [call, value] of cases) {
      const error = await call().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(KeychainError);
      expect((error as KeychainError).reason).toBe('invalid-input');
      if (value) expect(`${(error as KeychainError).message} ${(error as KeychainError).detail}`).not.toContain(value);
    }
    expect(await keychain.load('secret-key', account)).toBeNull();
    expect(() => new DeviceKeychain({ installationId: 'nope' })).toThrow(TypeError);
  });

  it('reports an unavailable keychain (no Secret Service on the bus) with a typed error, and never the secret', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'latchkey-nobus-'));
    const environments: NodeJS.ProcessEnv[] = [
      // A bus address that leads nowhere.
      { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(folder, 'no-bus-here')}` },
      // No session bus at all, no display to start one, and no user bus in the runtime folder
      // (where libdbus looks next: on a desktop, that would be the real keyring's bus).
      {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DBUS_SESSION_BUS_ADDRESS' && name !== 'DISPLAY')),
        XDG_RUNTIME_DIR: folder,
      },
    ];
    for (const env of environments) {
      const { outcomes, output } = await runChild(childCommand('each', randomUUID(), randomUUID(), secretKey), env);
      expect(outcomes.map((outcome) => outcome.operation)).toEqual(['save', 'load', 'delete']);
      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({ ok: false, name: 'KeychainError', reason: 'unavailable' });
        expect(outcome.message).toMatch(/system keychain is not available/);
        // The renderer is sent the keychain's own message under its code, not "Something went wrong".
        expect(outcome.ipc).toEqual({ code: 'keychain-unavailable', message: outcome.message });
        expect(outcome.message).toMatch(/GNOME Keyring or KWallet/);
        expect(outcome.detail).toMatch(/dbus/i);
      }
      expect(output).not.toContain(secretKey);
    }
  });

  it('reports a locked keychain (unlock prompt dismissed) with a typed error', async () => {
    // A nested throwaway keyring, so that locking it does not disturb the other tests.
    const { outcomes, output } = await runChild(
      ['bash', join(root, 'scripts', 'with-keyring.sh'), ...childCommand('lock', randomUUID(), randomUUID(), secretKey)],
      process.env,
    );
    expect(outcomes.map((outcome) => outcome.operation)).toEqual(['save', 'load', 'delete']);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ ok: false, name: 'KeychainError', reason: 'locked' });
      expect(outcome.ipc).toEqual({ code: 'keychain-locked', message: outcome.message });
      expect(outcome.message).toMatch(/Unlock it/);
    }
    expect(output).not.toContain(secretKey);
  });
});
