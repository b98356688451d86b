/**
 * The command line's writes, on the app's data folder with its embedded server: item create,
 * edit and delete (to Recently Deleted); recovery setup's two phases (the code shown, typed
 * back, only then active; typed wrong, nothing changes) with the Recovery Kit at --kit PATH
 * only; export to CSV and KDBX, and import.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../server/harness';
import { appAccount, PASSWORD } from './app-device';
import { useCli } from './cli-harness';
import { makeKdbx, withEditedXml } from '../../unit/transfer/kdbx-fixture';

const cli = useCli();
let smtp: TestSmtp;
let app: Awaited<ReturnType<typeof appAccount>>;
let env: Record<string, string>;
const out = mkdtempSync(join(tmpdir(), 'latchkey-cli-out-'));

beforeAll(async () => {
  smtp = await startSmtp();
  app = await appAccount({ email: 'cy-cli@example.com', smtp });
  const unlocked = await cli.run(['unlock', '--data-dir', app.dataDir], { env: { LATCHKEY_PASSWORD: PASSWORD } });
  env = { LATCHKEY_SESSION: unlocked.stdout.trim() };
}, 120_000);
afterAll(() => smtp.close());

const inApp = (args: string[], more: Record<string, string> = {}, options: { input?: string; reply?: (stdout: string) => string | undefined } = {}) => cli.run([...args, '--data-dir', app.dataDir], { env: { ...env, ...more }, ...options });
const recoveryCode = (stdout: string) => /R1(-[0-9A-Z]+)+/.exec(stdout)?.[0];

describe('latchkey writes', { timeout: 900_000 }, () => {
  it('creates, edits and deletes an item; a deleted one is in Recently Deleted', async () => {
    const created = await inApp(['item', 'create', '--title', 'Mail', '--username', 'cy', '--url', 'https://mail.example', '--generate']);
    expect(created.code).toBe(0);
    const itemId = created.stdout.trim();
    expect((await inApp(['item', 'get', itemId, '--field', 'password'])).stdout.trim()).toHaveLength(20);
    expect((await inApp(['item', 'edit', 'Mail', '--username', 'cy2', '--password'], { LATCHKEY_ITEM_PASSWORD: 'typed-Pass-99' })).code).toBe(0);
    const item = JSON.parse((await inApp(['item', 'get', 'Mail', '--json'])).stdout) as { fields: { username: string; password: string; urls: string[] } };
    expect(item.fields).toMatchObject({ username: 'cy2', password: 'typed-Pass-99', urls: ['https://mail.example'] });
    expect((await inApp(['item', 'delete', 'Mail'])).stdout).toContain('Recently Deleted');
    expect((await inApp(['item', 'list'])).stdout).not.toContain(itemId);
    expect((await inApp(['item', 'list', '--category', 'trash'])).stdout).toContain(itemId);
    expect((await inApp(['item', 'create', '--type', 'note', '--title', 'N', '--username', 'x'])).code).toBe(2);
  });

  it('sets up a recovery code in two phases, with the Recovery Kit only at --kit PATH', async () => {
    expect(JSON.parse((await inApp(['recovery', 'status', '--json'])).stdout)).toMatchObject({ status: 'none' });
    const kit = join(out, 'recovery-kit.pdf');
    const setup = await inApp(['recovery', 'setup', '--kit', kit], {}, { input: `${PASSWORD}\n`, reply: (stdout) => (recoveryCode(stdout) ? `${recoveryCode(stdout)}\n` : undefined) });
    expect(setup.code).toBe(0);
    expect(setup.stderr).toContain('A recovery code is set up');
    expect(readFileSync(kit).subarray(0, 5).toString()).toBe('%PDF-');
    expect(statSync(kit).mode & 0o777).toBe(0o600);
    expect(readdirSync(out)).toEqual(['recovery-kit.pdf']);
    const active = JSON.parse((await inApp(['recovery', 'status', '--json'])).stdout) as { status: string; createdAt: string };
    expect(active.status).toBe('active');

    const wrong = await inApp(['recovery', 'setup'], {}, { input: `${PASSWORD}\n`, reply: (stdout) => (recoveryCode(stdout) ? 'R1-WRONG\n' : undefined) });
    expect(wrong.code).toBe(1);
    // The active code is as it was; the new one stays pending on the server (as in the app), never activated, until it expires.
    const after = JSON.parse((await inApp(['recovery', 'status', '--json'])).stdout) as { status: string; createdAt: string };
    expect(after).toMatchObject({ status: 'active', createdAt: active.createdAt });
  });

  it('exports CSV and KDBX, and imports them back (everything already there is skipped)', async () => {
    const csv = join(out, 'vault.csv');
    const exported = await inApp(['export', '--format', 'csv', '--out', csv], { LATCHKEY_PASSWORD: PASSWORD });
    expect(exported.code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain('GitHub');
    const kdbx = join(out, 'vault.kdbx');
    expect((await inApp(['export', '--format', 'kdbx', '--out', kdbx], { LATCHKEY_PASSWORD: PASSWORD, LATCHKEY_FILE_PASSWORD: 'file pass 1' })).code).toBe(0);
    const imported = await inApp(['import', kdbx], { LATCHKEY_FILE_PASSWORD: 'file pass 1' });
    expect([imported.code, imported.stdout]).toEqual([0, expect.stringMatching(/Imported 0 items \(kdbx\); skipped [1-9]\d* already there/)]);
    // The file is read in the import worker, as the app reads it: XML with a DOCTYPE is refused as damaged, and nothing is imported.
    const doctype = join(out, 'doctype.kdbx');
    writeFileSync(doctype, await withEditedXml((xml) => xml.replace('?>', '?><!DOCTYPE KeePassFile>'), () => makeKdbx(4, 'file pass 2', [{ fields: { Title: 'Planted', Password: 'planted-pw' } }])));
    const refused = await inApp(['import', doctype], { LATCHKEY_FILE_PASSWORD: 'file pass 2' });
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('damaged or cut short, so nothing was imported')]);
    expect((await inApp(['item', 'list', '--search', 'Planted', '--sync', '--json'])).stdout).toBe('{"items":[]}\n');
    expect((await inApp(['export', '--format', 'pdf', '--out', csv])).code).toBe(2);
    const wrongPassword = await inApp(['export', '--format', 'csv', '--out', join(out, 'no.csv')], { LATCHKEY_PASSWORD: 'wrong password here' });
    expect(wrongPassword.code).toBe(1);
    expect(() => statSync(join(out, 'no.csv'))).toThrow();
  });
});
