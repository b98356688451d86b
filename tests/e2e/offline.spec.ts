/**
 * The encrypted offline cache and background sync, against a sync server running as its own
 * process (`node dist/server/cli.js`): a second device sees a new item without pressing
 * anything; with the server stopped, the app restarts, unlocks from the cache, says it is
 * offline, lists and searches the items and refuses edits without losing them; only
 * ciphertext was ever written; signing out deletes the cache.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { device, filesContaining, openNewAccount, openSettings, password, signIn, useDevices } from './support/accounts';
import { addItem, items } from './support/vault';

useDevices();

const offlineNotice = 'Offline: the sync server cannot be reached. These are the items saved on this device; changes cannot be saved until it is back.';

/** The sync server on its own, as `npm run server` starts it, with its mailbox in `folder`. */
async function startServer(folder: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['dist/server/cli.js', '--data-dir', folder, '--dev-mailbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) return { url, process: child };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the sync server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('syncs in the background, and opens, lists and searches the vault from the encrypted cache with the server stopped', async ({}, testInfo) => {
  test.setTimeout(300_000);
  const serverFolder = mkdtempSync(join(tmpdir(), 'latchkey-e2e-server-'));
  const server = await startServer(serverFolder);
  try {
    const phone = await device(testInfo, 'phone', ['--server-url', server.url]);
    const a = phone.page;
    const secretKey = await openNewAccount(a, serverFolder, 'alice@example.com');
    await addItem(a, { title: 'Example Mail', username: 'alice@mail.example', password: 'mail-pass-7391' });
    await addItem(a, { title: 'Bank of Nowhere', username: 'alice.b', password: 'bank-pass-5521' });

    const laptop = await device(testInfo, 'laptop', ['--server-url', server.url]);
    const b = laptop.page;
    await signIn(b, 'alice@example.com', secretKey);
    await expect(items(b)).toHaveCount(2);

    // Background sync: an item made on the phone appears on the laptop with nobody touching it.
    await addItem(a, { title: 'Travel Club', username: 'alice.t', password: 'travel-pass-8802' });
    await expect(items(b).filter({ hasText: 'Travel Club' })).toHaveCount(1, { timeout: 40_000 });

    // The server goes away and the laptop's app restarts.
    await stopServer(server.process);
    await laptop.stop();
    const restarted = await device(testInfo, 'laptop', ['--server-url', server.url], {}, laptop.dataDir);
    const c = restarted.page;
    await c.getByRole('button', { name: /alice@example\.com/ }).click();
    await c.getByLabel('Account password').fill(password);
    await c.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(c.getByRole('heading', { name: 'Private' })).toBeFocused({ timeout: 30_000 });
    await expect(c.getByText(offlineNotice)).toBeVisible();
    await openSettings(c);
    await expect(c.getByText(offlineNotice)).toBeVisible();
    await expect(c.getByText(/^The recovery code's status is not available: The sync server at .+ cannot be reached\.$/)).toBeVisible();
    await expectAccessible(c, 'the account page, offline');

    await c.getByRole('button', { name: 'All items' }).click();
    await expect(c.getByText(offlineNotice)).toBeVisible();
    await expect(items(c)).toHaveCount(3);
    await c.getByLabel('Search items').fill('bank');
    await expect(items(c)).toHaveCount(1);
    await expect(items(c).first()).toContainText('Bank of Nowhere');
    await c.getByLabel('Search items').fill('travel');
    await expect(items(c)).toHaveCount(1);
    await expect(items(c).first()).toContainText('Travel Club');
    await expectAccessible(c, 'the vault, offline');

    // An edit while offline is refused and stays on screen: nothing is lost or half-saved.
    await c.getByRole('button', { name: 'Travel Club', exact: true }).click();
    await c.getByRole('button', { name: 'Show password' }).click();
    await expect(c.getByLabel('Password', { exact: true })).toHaveValue('travel-pass-8802');
    await c.getByRole('button', { name: 'Edit', exact: true }).click();
    await c.getByLabel('Username').fill('alice.offline');
    await c.getByRole('button', { name: 'Save' }).click();
    await expect(c.getByRole('alert')).toHaveText('You are offline: the sync server cannot be reached, so nothing was changed. Try again when you are back online.');
    await expect(c.getByLabel('Username')).toHaveValue('alice.offline');
    await expectAccessible(c, 'an edit refused offline');

    // Only ciphertext reached the disk: no item password or title in any file of either device.
    for (const dev of [phone, restarted])
      for (const secret of ['mail-pass-7391', 'bank-pass-5521', 'travel-pass-8802', 'Bank of Nowhere', 'alice.offline']) expect(filesContaining([dev.home, dev.temp, dev.dataDir], secret)).toEqual([]);
    const cacheFolder = join(restarted.dataDir, 'cache');
    expect(readdirSync(cacheFolder)).toHaveLength(1);

    // Signing out of the account on this device deletes its cache.
    const [account] = readdirSync(cacheFolder);
    const signedOut = await c.evaluate((accountId) => window.latchkey.invoke('account.signOut', { accountId }), account!);
    expect(signedOut).toEqual({ ok: true, value: {} });
    expect(existsSync(join(cacheFolder, account!))).toBe(false);
  } finally {
    await stopServer(server.process);
    rmSync(serverFolder, { recursive: true, force: true });
  }
});
