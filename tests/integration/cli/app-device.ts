/**
 * "The app" for the command-line tests: a main core started as the hosts start it (an embedded
 * server when no server URL is given, mail to a loopback SMTP server), on its own data folder,
 * with one account signed up through the real flow and items saved through its channels.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMainCore } from '../../../src/main/core/app/start';
import { startServer } from '../../../src/server/index';
import { blankItem } from '../../../src/shared/vault/blank-item';
import type { ItemFields } from '../../../src/shared/vault/item-fields';
import { ipcOf, noPorts, PASSWORD, unused } from '../desktop/desktop-devices';
import { lastCodeFor, type TestSmtp } from '../server/harness';

export { PASSWORD };
export const OTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** The items every test account holds: a login with a one-time password, two items with one title, a note with a custom field. */
export const ITEMS: ItemFields[] = [
  { ...blankItem('login'), title: 'GitHub', username: 'ana', password: 'gh-Pa55word!x', urls: ['https://github.com'], otp: `otpauth://totp/GitHub:ana?secret=${OTP_SECRET}&issuer=GitHub` },
  { ...blankItem('login'), title: 'Twin', username: 'first', password: 'twin-one-pw' },
  { ...blankItem('login'), title: 'Twin', username: 'second', password: 'twin-two-pw' },
  { ...blankItem('note'), title: 'Door', notes: 'Back door code', customFields: [{ label: 'Alarm', kind: 'hidden', value: '4711-alarm' }] },
];

/** The app on `dataDir`: against `serverUrl`, or its embedded server (mail to the test's SMTP server). */
function startApp(dataDir: string, smtp: TestSmtp, serverUrl?: string) {
  return startMainCore({
    host: 'browser',
    dataDir,
    serverUrl,
    startEmbeddedServer: serverUrl ? unused : (file) => startServer({ database: { kind: 'sqlite', file }, embedded: true, logLevel: 'silent', mail: { smtpUrl: smtp.url } }),
    allowedOrigins: ['https://app.latchkey.invalid'],
    ports: noPorts,
  });
}

/** Signs up `email` in an app on `dataDir` (or a new folder) and saves ITEMS; the app is closed after. */
export async function appAccount(options: { email: string; smtp: TestSmtp; serverUrl?: string; dataDir?: string }) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'latchkey-cli-app-'));
  const core = await startApp(dataDir, options.smtp, options.serverUrl);
  try {
    const ipc = ipcOf(core);
    await ipc('signup.start', { email: options.email, name: 'Ana' });
    await ipc('signup.verify', { code: lastCodeFor(options.smtp, options.email) });
    const { account, secretKey } = await ipc('signup.complete', { password: PASSWORD });
    const { vaultId } = await ipc('vault.open', { accountId: account.accountId });
    for (const fields of ITEMS) await ipc('vault.save', { accountId: account.accountId, vaultId, expectedVersion: 0, fields });
    return { dataDir, accountId: account.accountId, secretKey, vaultId };
  } finally {
    await core.close();
  }
}

/** The app, unlocked on its data folder, saves a new login titled `title` (another device changing the account); closed after. */
export async function appSavesLogin(app: { dataDir: string; accountId: string; vaultId: string }, smtp: TestSmtp, serverUrl: string, title: string, password: string): Promise<void> {
  const core = await startApp(app.dataDir, smtp, serverUrl);
  try {
    const ipc = ipcOf(core);
    await ipc('account.unlock', { accountId: app.accountId, password: PASSWORD });
    await ipc('vault.open', { accountId: app.accountId });
    await ipc('vault.save', { accountId: app.accountId, vaultId: app.vaultId, expectedVersion: 0, fields: { ...blankItem('login'), title, password } });
  } finally {
    await core.close();
  }
}
