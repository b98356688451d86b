/**
 * Runs keychain operations in a child process, whose environment the test chooses (a
 * session bus that goes nowhere, or a nested throwaway keyring that gets locked), and prints
 * one JSON line per operation. Usage:
 *   node --import tsx keychain-child.ts each|lock INSTALLATION_ID ACCOUNT_UUID SECRET
 *   each: save, load and delete, each on its own.
 *   lock: save, lock the keyring's default collection, then load and save again.
 */
import { execFileSync } from 'node:child_process';
import { DeviceKeychain, KeychainError, keychainIpcError } from '../../../src/main/core/device/keychain';

interface Outcome {
  operation: string;
  ok: boolean;
  value?: unknown;
  name?: string;
  reason?: string;
  message?: string;
  detail?: string;
  /** What the renderer is sent for it (code and message). */
  ipc?: { code: string; message: string } | null;
}

const [mode, installationId, accountUuid, secret] = process.argv.slice(2);
if (!mode || !installationId || !accountUuid || !secret) throw new Error('usage: keychain-child.ts each|lock INSTALLATION_ID ACCOUNT_UUID SECRET');

async function attempt(operation: string, run: () => Promise<unknown>): Promise<void> {
  let outcome: Outcome;
  try {
    outcome = { operation, ok: true, value: await run() };
  } catch (error) {
    if (!(error instanceof KeychainError)) throw error;
    const ipc = keychainIpcError(error);
    outcome = { operation, ok: false, name: error.name, reason: error.reason, message: error.message, detail: error.detail, ipc: ipc && { code: ipc.code, message: ipc.message } };
  }
  console.log(JSON.stringify(outcome));
}

const keychain = new DeviceKeychain({ installationId });
if (mode === 'lock') {
  await keychain.save('secret-key', accountUuid, secret);
  const lock = ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets'];
  execFileSync('dbus-send', [...lock, 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'], { stdio: 'ignore' });
}
await attempt('save', () => keychain.save('secret-key', accountUuid, secret));
await attempt('load', () => keychain.load('secret-key', accountUuid));
await attempt('delete', () => keychain.delete('secret-key', accountUuid));
