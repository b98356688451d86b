/** `npm run server` as its own process for the command-line tests (bundled once, as server-cli.test.ts does); killed after the file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll } from 'vitest';

export function useStandaloneServer(): { start(smtpUrl: string): Promise<string> } {
  const bundle = resolve('test-results', `cli-server-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-cli-server-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(bundle, { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    async start(smtpUrl) {
      mkdirSync('test-results', { recursive: true });
      await build({ entryPoints: ['src/server/cli.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'warning' });
      const server = spawn(process.execPath, [bundle, '--port', '0', '--data-dir', dataDir], { env: { ...process.env, LATCHKEY_SMTP_URL: smtpUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
      child = server;
      let output = '';
      return new Promise((done, fail) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
          if (url) done(url);
        });
        server.once('exit', (code) => fail(new Error(`the server exited (${code})`)));
      });
    },
  };
}
