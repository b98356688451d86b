/**
 * `npm run server` as a process: its help, its answers to a bad command line, its refusal to
 * start without SMTP, and --dev-mailbox with --data-dir. src/server/cli.ts is bundled once by
 * esbuild as `npm run server` builds it (libraries stay in node_modules; see server-process.ts).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { Api } from './harness';

interface Run {
  code: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  kill(): void;
}

const bundle = resolve('test-results', `server-cli-${process.pid}.mjs`);
beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  await build({ entryPoints: ['src/server/cli.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'warning' });
});
afterAll(() => rmSync(bundle, { force: true }));

const children: Run[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** Starts the CLI with `args`; LATCHKEY_SMTP_URL and DATABASE_URL are unset unless `env` sets them. */
function cli(args: string[], env: Record<string, string> = {}): Run {
  const { LATCHKEY_SMTP_URL: _smtp, DATABASE_URL: _database, ...inherited } = process.env;
  const child = spawn(process.execPath, [bundle, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const run: Run = {
    code: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    stdout: () => stdout,
    stderr: () => stderr,
    kill: () => child.kill('SIGKILL'),
  };
  children.push(run);
  return run;
}

/** Resolves with the URL once the server prints that it listens; rejects if it exits first. */
function listening(run: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /listening on (http:\/\/\S+)/.exec(run.stdout())?.[1];
      if (url) {
        clearInterval(timer);
        resolve(url);
      }
    }, 50);
    void run.code.then((code) => {
      clearInterval(timer);
      reject(new Error(`the server exited (${code}): ${run.stderr()}`));
    });
  });
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('npm run server', () => {
  it('prints its usage for --help and exits 0', async () => {
    const run = cli(['--help']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: npm run server -- \[options\]/);
    for (const option of ['--data-dir', '--database', '--dev-mailbox', '--port', '--help']) expect(run.stdout()).toContain(option);
    expect(run.stderr()).toBe('');
  });

  it('answers an unknown option with one line and the usage, exit 2, no stack trace', async () => {
    for (const bogus of ['--bogus', '-z']) {
      const run = cli([bogus, '--dev-mailbox']);
      expect(await run.code).toBe(2);
      const [first, ...rest] = run.stderr().split('\n');
      expect(first).toBe(`latchkey-server: unknown option ${bogus}`);
      expect(rest.join('\n')).toMatch(/^Usage: npm run server -- \[options\]/);
      expect(run.stderr()).not.toMatch(/\bat .+:\d+:\d+|Error|node:internal/);
      expect(run.stdout()).toBe('');
    }
  });

  it('refuses to start without SMTP and without --dev-mailbox, naming both ways out, and creates nothing', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'latchkey-cli-')), 'data');
    const run = cli(['--data-dir', dataDir, '--port', '0']);
    expect(await run.code).toBe(2);
    expect(run.stderr().trimEnd().split('\n')).toEqual([expect.stringMatching(/^latchkey-server: no SMTP server: set LATCHKEY_SMTP_URL=.*--dev-mailbox/)]);
    expect(run.stdout()).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe.each(testDatabases)('npm run server --dev-mailbox on $name', (database) => {
  it('starts with a loud warning, keeps its data folder and mail to the owner, and never serves the mailbox', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'latchkey-cli-')), 'data');
    // An existing mailbox folder open to others is closed at start.
    mkdirSync(join(dataDir, 'mailbox'), { recursive: true });
    chmodSync(join(dataDir, 'mailbox'), 0o755);
    const config = await database.create();
    const run = cli(['--dev-mailbox', '--data-dir', dataDir, '--port', '0', ...(config.kind === 'postgres' ? ['--database', config.url] : [])]);
    const url = await listening(run);
    expect(run.stderr()).toMatch(/WARNING: --dev-mailbox/);
    expect(run.stderr()).toContain(join(dataDir, 'mailbox'));
    expect(run.stderr()).toMatch(/anyone who can read these files can\n.*take over the accounts/);

    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'mailbox'))).toBe(0o700);
    expect(existsSync(join(dataDir, 'server.sqlite'))).toBe(config.kind === 'sqlite');

    expect((await new Api(url).post('/v1/signup/start', { email: `cli-${database.name}@example.com` })).status).toBe(202);
    const files = readdirSync(join(dataDir, 'mailbox'));
    expect(files).toEqual([expect.stringMatching(/\.eml$/)]);
    expect(modeOf(join(dataDir, 'mailbox', files[0]!))).toBe(0o600);
    // The mailbox is read from the files (`npm run mailbox`), not over HTTP.
    const answer = await new Api(url).get('/v1/local-mailbox');
    expect(answer).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'No route GET /v1/local-mailbox' } } });
  });
});
