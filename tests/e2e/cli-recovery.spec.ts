/**
 * The command line and the app are one product: an account made in the app is added to the
 * `latchkey` command line (dist/main/cli.js, the package's bin), a recovery code is set up there
 * (the password again, the code shown, typed back, activated only then), and that very code
 * recovers the account in the app on a new device, through "Having trouble signing in?".
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { device, expectWindow, openNewAccount, password, serverUrlOf, useDevices } from './support/accounts';
import { openRecovery, recoverAccount } from './support/recovery';

useDevices();

const email = 'cli-owner@example.com';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One run of the built command line; `reply` answers stdout so far with the next stdin line (stdin closes after it). */
function latchkey(args: string[], env: Record<string, string>, reply?: (stdout: string) => string | undefined): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('dist/main/cli.js'), ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let replied = false;
    if (!reply) child.stdin.end();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = replied ? undefined : reply?.(stdout);
      if (line !== undefined) {
        replied = true;
        child.stdin.end(`${line}\n`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

test('a recovery code set up with the command line recovers the account in the app', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const owner = await device(testInfo, 'app');
  const secretKey = await openNewAccount(owner.page, owner.dataDir, email);
  const serverUrl = await serverUrlOf(owner.page);

  const cliData = mkdtempSync(join(tmpdir(), 'latchkey-e2e-cli-'));
  try {
    const common = ['--data-dir', cliData, '--server-url', serverUrl];
    const added = await latchkey(['account', 'add', '--email', email, ...common], { LATCHKEY_SECRET_KEY: secretKey, LATCHKEY_PASSWORD: password });
    expect(added.code, added.stderr).toBe(0);
    const unlocked = await latchkey(['unlock', ...common], { LATCHKEY_PASSWORD: password });
    expect(unlocked.code, unlocked.stderr).toBe(0);
    const session = unlocked.stdout.trim();

    const before = await latchkey(['recovery', 'status', '--json', ...common], { LATCHKEY_SESSION: session });
    expect(JSON.parse(before.stdout)).toMatchObject({ status: 'none' });
    // The code is printed; it is typed back (stdin) only after it was read, as a person would.
    let shown = '';
    const setup = await latchkey(['recovery', 'setup', ...common], { LATCHKEY_SESSION: session, LATCHKEY_PASSWORD: password }, (stdout) => {
      shown = /^([0-9A-Z]+(?:-[0-9A-Z]+){5,})$/m.exec(stdout)?.[1] ?? '';
      return shown || undefined;
    });
    expect(setup.code, setup.stderr).toBe(0);
    expect(shown).not.toBe('');
    const after = await latchkey(['recovery', 'status', '--json', ...common], { LATCHKEY_SESSION: session });
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'active' });

    // Locked out on a new device: the code from the command line is the way back in.
    const laptop = await device(testInfo, 'laptop', ['--server-url', serverUrl]);
    await laptop.page.getByRole('button', { name: 'Sign in' }).click();
    await openRecovery(laptop.page);
    await recoverAccount(laptop.page, { email, code: shown, newPassword: 'a brand new passphrase 4417', mailFolder: owner.dataDir });
    await expectWindow(laptop.page, 30_000);
  } finally {
    rmSync(cliData, { recursive: true, force: true });
  }
});
