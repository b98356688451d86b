/**
 * The real `latchkey` command line as a process: src/main/cli/main.ts bundled (split) once per file by
 * esbuild as `npm run build` bundles it (libraries stay in node_modules), run with a data
 * folder, an environment, standard input (closed at once when not given) and a TMPDIR of its own.
 * Every run is recorded, so the secrets scan can read every answer and message afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { cliBuild, importWorkerBuild } from '../../../scripts/bundled-libraries.mjs';
import { afterAll, beforeAll } from 'vitest';

export interface CliResult {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Written to standard input, which then closes (unless `reply` is given). */
  input?: string;
  /** A conversation: called with stdout so far on each chunk; the first string it answers is written to stdin, which then closes. */
  reply?: (stdout: string) => string | undefined;
  /** The reader stops reading at once (as `latchkey … | head -1` does once it has its line): stdout is closed before any output. */
  unread?: boolean;
}

export interface CliHarness {
  run(args: string[], options?: CliOptions): Promise<CliResult>;
  /** Every run so far. */
  readonly runs: readonly CliResult[];
  /** The TMPDIR every run had. */
  readonly tmp: string;
}

export function useCli(): CliHarness {
  const outdir = resolve('test-results', `latchkey-cli-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const bundle = join(outdir, 'cli.js');
  const runs: CliResult[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'latchkey-cli-tmp-'));
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    // Built as the package's bin is (scripts/build-main.mjs).
    await Promise.all([build({ ...cliBuild, outdir, logLevel: 'warning' }), build({ ...importWorkerBuild, outfile: join(outdir, 'import-worker.js'), logLevel: 'warning' })]);
  });
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });
  return {
    runs,
    tmp,
    run(args, options = {}) {
      // The caller's LATCHKEY_* settings (a session, a password) never leak into a run.
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LATCHKEY_') || name === 'LATCHKEY_TEST_KEYRING'));
      const child = spawn(process.execPath, [bundle, ...args], { env: { ...inherited, TMPDIR: tmp, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let replied = !options.reply;
      if (options.unread) child.stdout.destroy();
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const answer = replied ? undefined : options.reply?.(stdout);
        if (answer !== undefined) {
          replied = true;
          child.stdin.end(answer);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      if (options.reply) child.stdin.write(options.input ?? '');
      else child.stdin.end(options.input ?? '');
      return new Promise((done) =>
        child.once('close', (code) => {
          const result = { args, code, stdout, stderr };
          runs.push(result);
          done(result);
        }),
      );
    },
  };
}
