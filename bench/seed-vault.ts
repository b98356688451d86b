/**
 * A vault of many items for the benchmarks that open it in the browser host, seeded before the
 * host starts: the main core as the app starts it (bench/in-process-core.ts: every real handler,
 * the embedded server in its worker on the data folder's own SQLite file, the offline cache),
 * in the benchmark's process, on the data folder the host opens next. An account is signed up
 * through the channels and the items come in through the app's own CSV import (a Chrome password
 * export, chosen by the open dialog), so they are sealed, uploaded and cached as a user's
 * import makes them; then the core closes. The host finds the account locked, as after a
 * restart. Nothing of the page or CDP is in the way, and the window is not yet open, so an
 * import of 100,000 items cannot trip the window's idle lock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMailbox } from '../src/server/mail/mailbox';
import { BENCH_EMAIL, BENCH_PASSWORD, chromeCsv } from './browser-host';
import { inProcessCore } from './in-process-core';

/** Who is signed up, and the Chrome CSV of the `items` logins imported. */
export interface SeedAccount {
  email: string;
  password: string;
  csv: string;
}

/** Signs up the account (by default the bench account) in `dataDir` and imports its `items` logins; answers how long it took (ms). */
export async function seedVault(dataDir: string, items: number, account: SeedAccount = { email: BENCH_EMAIL, password: BENCH_PASSWORD, csv: chromeCsv(items) }): Promise<number> {
  const started = performance.now();
  // Only this user can open it (mkdtemp makes it 0700); the CSV holds the items' passwords.
  const csvDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-csv-'));
  const file = join(csvDir, 'bench-passwords.csv');
  writeFileSync(file, account.csv, { mode: 0o600 });
  const { core, ipc } = await inProcessCore(dataDir, async () => file);
  try {
    await ipc('signup.start', { email: account.email, name: 'Bench' });
    const mail = (await readMailbox(join(dataDir, 'mailbox'))).find((message) => message.to.includes(account.email));
    const code = /verification code is: (\d+)/.exec(mail?.text ?? '')?.[1];
    if (!code) throw new Error('no verification code in the local mailbox');
    await ipc('signup.verify', { code });
    const { account: signedUp } = await ipc('signup.complete', { password: account.password });
    const { vaultId } = await ipc('vault.open', { accountId: signedUp.accountId });
    const chosen = await ipc('transfer.chooseFile', { purpose: 'import' });
    if (chosen.status !== 'chosen') throw new Error('the open dialog did not answer');
    const preview = await ipc('transfer.previewImport', { accountId: signedUp.accountId, vaultId, fileId: chosen.fileId });
    if (preview.toImport !== items) throw new Error(`the preview found ${preview.toImport} items to import, not ${items}`);
    const imported = await ipc('transfer.runImport', { importId: preview.importId });
    if (imported.status !== 'done' || imported.created !== items) throw new Error(`the import created ${imported.created} items, not ${items}`);
  } finally {
    await core.close();
    rmSync(csvDir, { recursive: true, force: true });
  }
  return performance.now() - started;
}
