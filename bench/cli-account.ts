/**
 * The command-line benchmarks' account (bench/cli-item-get.ts, bench/cli-scale.ts): signed up on
 * a data folder's embedded server and filled with `items` logins through the app's own Chrome CSV
 * import, as a user would fill it (not timed); the app is closed after. Login i is titled
 * "Site i" with the password `pw-i-secret`.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readMailbox } from '../src/server/mail/mailbox';
import { inProcessCore } from './in-process-core';

export const CLI_PASSWORD = 'correct horse battery staple 1987';
/** The built command line (`npm run build` or `node scripts/build-main.mjs` first). */
export const BUILT_CLI = resolve('dist/main/cli.js');

export async function seedCliAccount(dataDir: string, items: number, email = 'bench-cli@example.com'): Promise<void> {
  const csv = join(dataDir, 'chrome.csv');
  writeFileSync(csv, ['name,url,username,password,note', ...Array.from({ length: items }, (_, i) => `Site ${i},https://site${i}.example.com,user${i}@example.com,pw-${i}-secret,`)].join('\n'));
  const { core, ipc } = await inProcessCore(dataDir, async () => csv);
  try {
    await ipc('signup.start', { email, name: 'Bench' });
    const mail = (await readMailbox(join(dataDir, 'mailbox'))).find((message) => message.to.includes(email));
    const code = /verification code is: (\d+)/.exec(mail?.text ?? '')?.[1];
    if (!code) throw new Error('no verification code in the local mailbox');
    await ipc('signup.verify', { code });
    const { account } = await ipc('signup.complete', { password: CLI_PASSWORD });
    const { vaultId } = await ipc('vault.open', { accountId: account.accountId });
    const chosen = await ipc('transfer.chooseFile', { purpose: 'import' });
    if (chosen.status !== 'chosen') throw new Error('the open dialog did not answer');
    const preview = await ipc('transfer.previewImport', { accountId: account.accountId, vaultId, fileId: chosen.fileId });
    const done = await ipc('transfer.runImport', { importId: preview.importId });
    if (done.created !== items) throw new Error(`imported ${done.created} of ${items}`);
  } finally {
    await core.close();
  }
}
