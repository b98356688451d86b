/**
 * The `latchkey` command line as a process, on the data folder of an app that made the account,
 * with the embedded server as the app runs it: account list, unlock, item list and get (the
 * one-time code too), lock, and every bad-input path (README, "Command line"). A session file
 * holds only the wrapped key, 0600; an expired or forged session key is exit 3 and changes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../../src/main/core/otp/totp-code';
import { startSmtp, type TestSmtp } from '../server/harness';
import { appAccount, OTP_SECRET, PASSWORD } from './app-device';
import { useCli } from './cli-harness';

const cli = useCli();
let smtp: TestSmtp;
let app: Awaited<ReturnType<typeof appAccount>>;
const EMAIL = 'ana-cli@example.com';

beforeAll(async () => {
  smtp = await startSmtp();
  app = await appAccount({ email: EMAIL, smtp });
}, 60_000);
afterAll(() => smtp.close());

const inApp = (args: string[], env: Record<string, string> = {}, input?: string) => cli.run([...args, '--data-dir', app.dataDir], { env, ...(input !== undefined && { input }) });

async function unlock(): Promise<string> {
  const result = await inApp(['unlock'], { LATCHKEY_PASSWORD: PASSWORD });
  expect(result.stderr).toContain('Unlocked.');
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

describe('latchkey against the app’s embedded server', { timeout: 400_000 }, () => {
  it('lists the account the app made, in words and as JSON', async () => {
    const text = await inApp(['account', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(EMAIL);
    const json = await inApp(['account', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ accounts: [{ accountId: app.accountId, email: EMAIL, name: 'Ana', serverUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/), session: false }] });
  });

  it('unlocks with the password from stdin; the session file is 0600 and holds no key in clear', async () => {
    const result = await inApp(['unlock'], {}, `${PASSWORD}\n`);
    expect(result.code).toBe(0);
    const sessionKey = result.stdout.trim();
    expect(sessionKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = join(app.dataDir, 'cli-session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { accountId: string; expiresAt: number; wrapped: string };
    expect(stored.accountId).toBe(app.accountId);
    expect(Buffer.from(stored.wrapped, 'base64url')[1]).toBe(0x0e);
    expect(readFileSync(file, 'utf8')).not.toContain(sessionKey);
    const listed = await inApp(['account', 'list', '--json']);
    expect(JSON.parse(listed.stdout).accounts[0].session).toBe(true);
  });

  it('lists, searches and reads items with a session; the one-time code is the current one', async () => {
    const env = { LATCHKEY_SESSION: await unlock() };
    const list = await inApp(['item', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const items = (JSON.parse(list.stdout) as { items: { title: string; itemId: string; vault: string }[] }).items;
    expect(items.map((item) => item.title)).toEqual(['Door', 'GitHub', 'Twin', 'Twin']);
    const search = await inApp(['item', 'list', '--search', 'github'], env);
    expect(search.stdout.trim().split('\n')).toHaveLength(1);
    expect((await inApp(['item', 'list', '--category', 'note', '--json'], env)).stdout).toContain('"Door"');

    const password = await inApp(['item', 'get', 'github', '--field', 'password'], env);
    expect([password.code, password.stdout]).toEqual([0, 'gh-Pa55word!x\n']);
    const before = totpCode({ secret: OTP_SECRET, algorithm: 'SHA1', digits: 6, period: 30 }, Date.now()).code;
    const otp = await inApp(['item', 'get', 'GitHub', '--field', 'otp'], env);
    const after = totpCode({ secret: OTP_SECRET, algorithm: 'SHA1', digits: 6, period: 30 }, Date.now()).code;
    expect(otp.code).toBe(0);
    expect([before, after]).toContain(otp.stdout.trim());
    expect((await inApp(['item', 'get', 'Door', '--field', 'alarm'], env)).stdout).toBe('4711-alarm\n');
    const twin = items.find((item) => item.title === 'Twin')!;
    const byId = await inApp(['item', 'get', twin.itemId, '--json'], env);
    expect(JSON.parse(byId.stdout)).toMatchObject({ itemId: twin.itemId, fields: { title: 'Twin' } });
    // An id opens that item alone; a title shaped like an id that is no item's id is still looked for by title.
    expect((await inApp(['item', 'get', twin.itemId, '--field', 'password', '--vault', 'Private'], env)).code).toBe(0);
    const idShaped = await inApp(['item', 'get', 'AAAAAAAAAAAAAAAAAAAAAA'], env);
    expect([idShaped.code, idShaped.stderr]).toEqual([4, expect.stringContaining('No item is named "AAAAAAAAAAAAAAAAAAAAAA"')]);

    const shown = await inApp(['item', 'get', 'GitHub'], env);
    expect(shown.stdout).toContain('username: ana');
    expect(shown.stdout).not.toContain('gh-Pa55word!x');
  });

  it('reads from this device’s copy without starting the embedded server: with its database moved away, list and get still answer', async () => {
    const env = { LATCHKEY_SESSION: await unlock() };
    const aside = join(app.dataDir, 'aside');
    mkdirSync(aside);
    const serverFiles = readdirSync(app.dataDir).filter((name) => name.startsWith('server.sqlite'));
    expect(serverFiles).toContain('server.sqlite');
    for (const name of serverFiles) renameSync(join(app.dataDir, name), join(aside, name));
    try {
      const list = await inApp(['item', 'list'], env);
      expect([list.code, list.stdout.trim().split('\n')]).toEqual([0, expect.arrayContaining([expect.stringContaining('GitHub')])]);
      const password = await inApp(['item', 'get', 'github', '--field', 'password'], env);
      expect([password.code, password.stdout]).toEqual([0, 'gh-Pa55word!x\n']);
      // No server ran: one would have made a new database in the data folder.
      expect(existsSync(join(app.dataDir, 'server.sqlite'))).toBe(false);
      // --sync does start it (the check above would see it): on an empty database the account is not there.
      const synced = await inApp(['item', 'get', 'github', '--field', 'password', '--sync'], env);
      expect(synced.stdout).toBe('');
      expect(synced.code).not.toBe(0);
      expect(existsSync(join(app.dataDir, 'server.sqlite'))).toBe(true);
    } finally {
      for (const name of readdirSync(app.dataDir).filter((file) => file.startsWith('server.sqlite'))) rmSync(join(app.dataDir, name));
      for (const name of serverFiles) renameSync(join(aside, name), join(app.dataDir, name));
      rmSync(aside, { recursive: true });
    }
  });

  it('says which items share a name (exit 1), and that none or no such field exists (exit 4)', async () => {
    const env = { LATCHKEY_SESSION: await unlock() };
    const twins = await inApp(['item', 'get', 'Twin', '--field', 'password'], env);
    expect(twins.code).toBe(1);
    expect(twins.stderr).toContain('2 items are named "Twin"');
    expect(twins.stderr).toMatch(/[A-Za-z0-9_-]{22}\s+Twin\s+first/);
    expect(twins.stdout).toBe('');
    const none = await inApp(['item', 'get', 'Nothing here'], env);
    expect([none.code, none.stderr]).toEqual([4, expect.stringContaining('No item is named "Nothing here"')]);
    const field = await inApp(['item', 'get', 'Door', '--field', 'pin'], env);
    expect([field.code, field.stderr]).toEqual([4, expect.stringContaining('has no field "pin"')]);
  });

  it('refuses a wrong password (exit 1), and writes no session', async () => {
    await inApp(['lock']);
    const wrong = await inApp(['unlock'], { LATCHKEY_PASSWORD: 'not the password at all' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('That password is not right.');
    expect(wrong.stdout).toBe('');
    expect(() => statSync(join(app.dataDir, 'cli-session.json'))).toThrow();
  });

  it('needs a session: none, a forged key, another session’s key, or an expired one is exit 3 with how to get one', async () => {
    const noSession = await inApp(['item', 'list']);
    expect([noSession.code, noSession.stderr]).toEqual([3, expect.stringContaining('Run `latchkey unlock`')]);
    const first = await unlock();
    const file = join(app.dataDir, 'cli-session.json');
    const stored = readFileSync(file, 'utf8');
    const forged = await inApp(['item', 'list'], { LATCHKEY_SESSION: Buffer.alloc(32, 7).toString('base64url') });
    expect([forged.code, forged.stderr]).toEqual([3, expect.stringContaining('does not open')]);
    expect(readFileSync(file, 'utf8')).toBe(stored);
    const garbage = await inApp(['item', 'list'], { LATCHKEY_SESSION: 'not-a-key' });
    expect(garbage.code).toBe(3);
    await unlock();
    const replaced = await inApp(['item', 'list'], { LATCHKEY_SESSION: first });
    expect(replaced.code).toBe(3);

    const session = JSON.parse(readFileSync(file, 'utf8')) as { expiresAt: number };
    const key = await unlock();
    const expiring = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // Only the key's holder can move the expiry: an earlier one in the file no longer opens, a passed one is deleted.
    writeFileSync(file, JSON.stringify({ ...expiring, expiresAt: Date.now() - 1 }));
    const expired = await inApp(['item', 'list'], { LATCHKEY_SESSION: key });
    expect([expired.code, expired.stderr]).toEqual([3, expect.stringContaining('expired')]);
    expect(() => statSync(file)).toThrow();
    expect(session.expiresAt).toBeGreaterThan(Date.now());
  });

  it('lock deletes the session: the key opens nothing after', async () => {
    const key = await unlock();
    expect((await inApp(['lock'])).stdout).toBe('Locked.\n');
    const after = await inApp(['item', 'get', 'GitHub', '--field', 'password'], { LATCHKEY_SESSION: key });
    expect([after.code, after.stdout]).toEqual([3, '']);
  });

  it('an expiry moved later in the file without the key does not open', async () => {
    const key = await unlock();
    const file = join(app.dataDir, 'cli-session.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { expiresAt: number };
    writeFileSync(file, JSON.stringify({ ...stored, expiresAt: stored.expiresAt + 86_400_000 }));
    const moved = await inApp(['item', 'list'], { LATCHKEY_SESSION: key });
    expect([moved.code, moved.stderr]).toEqual([3, expect.stringContaining('does not open')]);
  });

  it('a prompt with standard input closed is exit 2 naming the three ways to give it', async () => {
    const closed = await inApp(['unlock']);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain('Account password is needed, and standard input is closed');
    expect(closed.stderr).toContain('LATCHKEY_PASSWORD');
  });

  it('an unknown command or flag is exit 2 naming it, and every command has --help', async () => {
    const command = await cli.run(['frobnicate']);
    expect([command.code, command.stderr]).toEqual([2, expect.stringContaining('Unknown command "frobnicate"')]);
    const flag = await cli.run(['item', 'list', '--colour', 'red']);
    expect([flag.code, flag.stderr]).toEqual([2, expect.stringContaining("'--colour'")]);
    const extra = await cli.run(['lock', 'now']);
    expect([extra.code, extra.stderr]).toEqual([2, expect.stringContaining('takes no arguments, not "now"')]);
    for (const words of [['account', 'add'], ['account', 'list'], ['account', 'forget'], ['unlock'], ['lock'], ['item', 'list'], ['item', 'get'], ['item', 'create'], ['item', 'edit'], ['item', 'delete'], ['recovery', 'status'], ['recovery', 'setup'], ['export'], ['import'], ['generate'], ['sync']]) {
      const help = await cli.run([...words, '--help']);
      expect([help.code, help.stdout]).toEqual([0, expect.stringContaining(`Usage: latchkey ${words.join(' ')}`)]);
    }
  });

  it('generates passwords as asked, without a session', async () => {
    const plain = await cli.run(['generate', '--length', '32', '--no-symbols']);
    expect(plain.stdout.trim()).toMatch(/^[A-Za-z0-9]{32}$/);
    const json = await cli.run(['generate', '--json']);
    expect((JSON.parse(json.stdout) as { password: string }).password).toHaveLength(20);
    expect((await cli.run(['generate', '--length', '3'])).code).toBe(2);
  });

  it('ends as it would, quietly, when its reader stops reading (`| head -1`)', async () => {
    const unread = await cli.run(['generate', '--words', '6'], { unread: true });
    expect([unread.code, unread.stdout, unread.stderr]).toEqual([0, '', '6 words from a list of 8,192: 78 bits.\n']);
  });

  it('generates passphrases of --words N words, with the separator asked for and their strength said', async () => {
    const plain = await cli.run(['generate', '--words', '6']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^[a-z]{3,9}(-[a-z]{3,9}){5}\n$/);
    expect(plain.stderr).toBe('6 words from a list of 8,192: 78 bits.\n');
    const spaced = await cli.run(['generate', '--words', '4', '--separator', ' ', '--json']);
    const json = JSON.parse(spaced.stdout) as { password: string; words: number; wordListSize: number; entropyBits: number };
    expect(json).toEqual({ password: expect.stringMatching(/^[a-z]{3,9}( [a-z]{3,9}){3}$/), words: 4, wordListSize: 8192, entropyBits: 52 });
    const again = await cli.run(['generate', '--words', '4', '--separator', ' ', '--json']);
    expect(JSON.parse(again.stdout).password).not.toBe(json.password);
    for (const bad of [['--words', '2'], ['--words', '21'], ['--words', 'six'], ['--words', '5', '--separator', 'x'], ['--words', '5', '--length', '30'], ['--separator', '.']]) {
      const refused = await cli.run(['generate', ...bad]);
      expect([refused.code, refused.stdout], bad.join(' ')).toEqual([2, '']);
    }
  });
});
