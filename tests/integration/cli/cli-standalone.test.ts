/**
 * The command line against the standalone sync server (`npm run server`, its own process):
 * an account made in the app is added on another data folder with its Secret Key and password
 * (from stdin, then from environment variables), used, and forgotten. Then the secrets scan:
 * every command has run (here and in the other file's kinds), and neither their output nor the
 * data folders nor TMPDIR hold the password, the Secret Key or a session key (beyond the one
 * line `latchkey unlock` prints it on).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../server/harness';
import { appAccount, appSavesLogin, PASSWORD } from './app-device';
import { useCli, type CliResult } from './cli-harness';
import { useStandaloneServer } from './standalone-server';

const cli = useCli();
const standalone = useStandaloneServer();
let smtp: TestSmtp;
let serverUrl: string;
let app: Awaited<ReturnType<typeof appAccount>>;
const EMAIL = 'bo-cli@example.com';
const cliDir = mkdtempSync(join(tmpdir(), 'latchkey-cli-device-'));
const sessionKeys: string[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  serverUrl = await standalone.start(smtp.url);
  app = await appAccount({ email: EMAIL, smtp, serverUrl });
}, 120_000);
afterAll(() => smtp.close());

const onDevice = (args: string[], env: Record<string, string> = {}, input?: string) => cli.run([...args, '--data-dir', cliDir, '--server-url', serverUrl], { env, ...(input !== undefined && { input }) });

async function unlocked(): Promise<Record<string, string>> {
  const result = await onDevice(['unlock', '--account', EMAIL], {}, `${PASSWORD}\n`);
  expect(result.code).toBe(0);
  sessionKeys.push(result.stdout.trim());
  return { LATCHKEY_SESSION: result.stdout.trim() };
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

describe('latchkey against the standalone server', { timeout: 600_000 }, () => {
  it('adds the app’s account with the Secret Key and password on stdin, and a wrong Secret Key changes nothing', async () => {
    const wrong = await onDevice(['account', 'add', '--email', EMAIL], {}, `${app.secretKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}\n${PASSWORD}\n`);
    expect(wrong.code).toBe(1);
    expect((await onDevice(['account', 'list', '--json'])).stdout).toBe('{"accounts":[]}\n');
    const added = await onDevice(['account', 'add', '--email', EMAIL], {}, `${app.secretKey}\n${PASSWORD}\n`);
    expect([added.code, added.stdout]).toEqual([0, expect.stringContaining(`Added ${EMAIL}`)]);
    const listed = JSON.parse((await onDevice(['account', 'list', '--json'])).stdout) as { accounts: { email: string; serverUrl: string }[] };
    expect(listed.accounts).toEqual([expect.objectContaining({ email: EMAIL, serverUrl })]);
  });

  it('unlocks and reads what the app saved', async () => {
    const env = await unlocked();
    const list = await onDevice(['item', 'list', '--vault', 'Private'], env);
    expect(list.stdout.trim().split('\n')).toHaveLength(4);
    expect((await onDevice(['item', 'get', 'GitHub', '--field', 'username'], env)).stdout).toBe('ana\n');
    expect((await onDevice(['item', 'get', 'GitHub', '--field', 'otp', '--json'], env)).stdout).toMatch(/"field":"otp","value":"\d{6}"/);
    const noVault = await onDevice(['item', 'list', '--vault', 'Nope'], env);
    expect([noVault.code, noVault.stderr]).toEqual([4, expect.stringContaining('No vault named "Nope"')]);
    expect((await onDevice(['item', 'list', '--category', 'shoes'], env)).code).toBe(2);
    expect((await onDevice(['lock'])).code).toBe(0);
  });

  it('reads answer from this device’s copy as of its last sync; --sync and `latchkey sync` pull the server’s changes first', async () => {
    const env = await unlocked();
    const titles = async (args: string[] = []) => (JSON.parse((await onDevice(['item', 'list', '--json', ...args], env)).stdout) as { items: { title: string }[] }).items.map((item) => item.title);
    expect(await titles()).toEqual(['Door', 'GitHub', 'Twin', 'Twin']);
    // Another device (the app) adds an item: this device's copy does not have it until it syncs.
    await appSavesLogin(app, smtp, serverUrl, 'Fresh', 'fresh-pw-1');
    expect(await titles()).toEqual(['Door', 'GitHub', 'Twin', 'Twin']);
    const stale = await onDevice(['item', 'get', 'Fresh', '--field', 'password'], env);
    expect([stale.code, stale.stdout]).toEqual([4, '']);
    expect(stale.stderr).toContain('No item is named "Fresh"');
    expect(stale.stderr).toMatch(/this device's copy of the vaults \(last synced \d{4}-\d\d-\d\dT[\d:]+Z\)\. Run `latchkey sync`, or add --sync/);
    const pulled = await onDevice(['item', 'get', 'Fresh', '--field', 'password', '--sync'], env);
    expect([pulled.code, pulled.stdout]).toEqual([0, 'fresh-pw-1\n']);
    // The pull was written to the copy: a plain read has it now.
    expect(await titles()).toEqual(['Door', 'Fresh', 'GitHub', 'Twin', 'Twin']);

    await appSavesLogin(app, smtp, serverUrl, 'Fresher', 'fresher-pw-2');
    expect((await onDevice(['item', 'get', 'Fresher'], env)).code).toBe(4);
    const synced = await onDevice(['sync', '--json'], env);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toEqual({ vaults: [{ vaultId: app.vaultId, name: 'Private' }], syncedAt: expect.stringMatching(/Z$/) });
    expect((await onDevice(['item', 'get', 'Fresher', '--field', 'password'], env)).stdout).toBe('fresher-pw-2\n');
    expect((await onDevice(['sync'])).code).toBe(3);
  });

  it('unlock brings this device’s copy up to date, opening the vaults only when the server has a change', async () => {
    const unlock = async () => {
      const result = await onDevice(['unlock', '--account', EMAIL], {}, `${PASSWORD}\n`);
      expect(result.code).toBe(0);
      sessionKeys.push(result.stdout.trim());
      return result;
    };
    expect((await unlock()).stderr).toContain("This device's copy of the vaults was up to date.");
    await appSavesLogin(app, smtp, serverUrl, 'Newest', 'newest-pw-3');
    const pulled = await unlock();
    expect(pulled.stderr).toContain("The server's changes were pulled into this device's copy of the vaults.");
    expect((await onDevice(['item', 'get', 'Newest', '--field', 'password'], { LATCHKEY_SESSION: pulled.stdout.trim() })).stdout).toBe('newest-pw-3\n');
    expect((await unlock()).stderr).toContain("This device's copy of the vaults was up to date.");
  });

  it('takes its own writes as current: the next unlock opens nothing, but a change another device made after them is pulled', async () => {
    const unlock = async () => {
      const result = await onDevice(['unlock', '--account', EMAIL], {}, `${PASSWORD}\n`);
      expect(result.code).toBe(0);
      sessionKeys.push(result.stdout.trim());
      return { env: { LATCHKEY_SESSION: result.stdout.trim() }, said: result.stderr };
    };
    const { env } = await unlock();
    // One item (PUT …/items/:itemId), then an import (PUT …/items, a batch): each answered the vault's cursor after it.
    expect((await onDevice(['item', 'create', '--title', 'Own one', '--generate'], env)).code).toBe(0);
    const afterOne = await unlock();
    expect(afterOne.said).toContain("This device's copy of the vaults was up to date.");
    const csv = join(mkdtempSync(join(tmpdir(), 'latchkey-cli-csv-')), 'own.csv');
    writeFileSync(csv, 'name,url,username,password,note\nOwn two,https://two.example,me,pw-two-1,\nOwn three,https://three.example,me,pw-three-1,\n');
    // Each unlock starts a new session: the latest one's key.
    const imported = await onDevice(['import', csv], afterOne.env);
    expect([imported.code, imported.stderr, imported.stdout]).toEqual([0, '', expect.stringContaining('Imported 2 items')]);
    const afterImport = await unlock();
    expect(afterImport.said).toContain("This device's copy of the vaults was up to date.");
    expect((await onDevice(['item', 'get', 'Own three', '--field', 'password'], afterImport.env)).stdout).toBe('pw-three-1\n');
    // The app writes after this device's write: the device's cursor covers only its own, so the app's item is pulled.
    expect((await onDevice(['item', 'create', '--title', 'Own four', '--generate'], afterImport.env)).code).toBe(0);
    await appSavesLogin(app, smtp, serverUrl, 'Between', 'between-pw-4');
    const pulled = await unlock();
    expect(pulled.said).toContain("The server's changes were pulled into this device's copy of the vaults.");
    expect((await onDevice(['item', 'get', 'Between', '--field', 'password'], pulled.env)).stdout).toBe('between-pw-4\n');
    // The app's item written before this device's next write: the write pulls first (as every command line change does), so
    // the copy has it, and the write's cursor covers both (the server's answer for a writer behind: tests/integration/server/batch-items.test.ts).
    await appSavesLogin(app, smtp, serverUrl, 'Before', 'before-pw-5');
    expect((await onDevice(['item', 'create', '--title', 'Own five', '--generate'], pulled.env)).code).toBe(0);
    const again = await unlock();
    expect(again.said).toContain("This device's copy of the vaults was up to date.");
    expect((await onDevice(['item', 'get', 'Before', '--field', 'password'], again.env)).stdout).toBe('before-pw-5\n');
  });

  it('an unlock that finds nothing changed still makes the copy "last synced" now', async () => {
    const env = await unlocked();
    // As if the copy had last been synced long ago.
    const record = filesUnder(join(cliDir, 'device-state'));
    expect(record).toHaveLength(1);
    utimesSync(record[0]!, new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'));
    const asOf = async (env: Record<string, string>) => /last synced (\S+Z)\)/.exec((await onDevice(['item', 'get', 'No such item'], env)).stderr)?.[1];
    expect(await asOf(env)).toBe('2020-01-02T03:04:05Z');
    const before = Math.floor(Date.now() / 1000) * 1000;
    const result = await onDevice(['unlock', '--account', EMAIL], {}, `${PASSWORD}\n`);
    sessionKeys.push(result.stdout.trim());
    expect(result.stderr).toContain("This device's copy of the vaults was up to date.");
    expect(Date.parse((await asOf({ LATCHKEY_SESSION: result.stdout.trim() }))!)).toBeGreaterThanOrEqual(before);
  });

  it('forgets the account, then adds it again from environment variables', async () => {
    await unlocked();
    const forgot = await onDevice(['account', 'forget', '--account', EMAIL]);
    expect(forgot.code).toBe(0);
    expect((await onDevice(['account', 'list', '--json'])).stdout).toBe('{"accounts":[]}\n');
    expect(() => statSync(join(cliDir, 'cli-session.json'))).toThrow();
    const locked = await onDevice(['unlock'], { LATCHKEY_PASSWORD: PASSWORD });
    expect(locked.code).toBe(3);
    const again = await onDevice(['account', 'add'], { LATCHKEY_EMAIL: EMAIL, LATCHKEY_SECRET_KEY: app.secretKey, LATCHKEY_PASSWORD: PASSWORD });
    expect(again.code).toBe(0);
    const env = await unlocked();
    expect((await onDevice(['item', 'get', 'Door', '--field', 'notes'], env)).stdout).toBe('Back door code\n');
  });

  it('leaves no password, Secret Key or session key in any output, data folder or TMPDIR', () => {
    const ran = cli.runs.map((run) => `${run.args.join(' ')} `);
    for (const command of ['account add', 'account list', 'account forget', 'unlock', 'lock', 'item list', 'item get', 'sync']) expect(ran.some((args) => args.startsWith(`${command} `)), command).toBe(true);
    const secrets = [PASSWORD, app.secretKey, app.secretKey.replaceAll('-', ''), ...sessionKeys];
    expect(sessionKeys.length).toBeGreaterThan(1);
    const said = (run: CliResult) => `${run.args.join(' ')}${run.args[0] === 'unlock' ? '' : run.stdout}${run.stderr}`;
    for (const run of cli.runs) for (const secret of secrets) expect(said(run)).not.toContain(secret);
    const files = [...filesUnder(cliDir), ...filesUnder(cli.tmp)];
    expect(files.some((path) => path.endsWith('settings.json'))).toBe(true);
    for (const path of files) {
      const bytes = readFileSync(path);
      for (const secret of secrets) expect(bytes.includes(secret), `${path} holds a secret`).toBe(false);
    }
  });
});
