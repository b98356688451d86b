/**
 * The sync server as separate OS processes (crash-server.ts), for tests that need a real
 * process boundary: kill -9 in the crash test, two instances sharing one database in the
 * rate-limit test.
 *
 * The child runs crash-server.ts bundled once by esbuild (our sources only; libraries stay in
 * node_modules): the same code as `node --import tsx`, but each start is seconds faster.
 * The bundle sits in test-results/ so that it resolves the project's node_modules.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseConfig } from '../../../src/server/index';
import { Api } from './harness';

export interface ServerProcess {
  api: Api;
  process: ChildProcess;
  /** Resolves when the child prints `line`. */
  waitFor(line: string): Promise<void>;
  kill(): Promise<void>;
}

/** What crash-server.ts takes on its command line for a database. */
export const targetOf = (config: DatabaseConfig): string => (config.kind === 'sqlite' ? config.file : config.url);

/** Registers the hooks that build the child once per file and kill what is left after it. */
export function useServerProcesses(): { start(target: string, env?: Record<string, string>): Promise<ServerProcess> } {
  const bundle = resolve('test-results', `crash-server-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  const children = new Set<ChildProcess>();
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    await build({ entryPoints: [join('tests', 'integration', 'server', 'crash-server.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'warning' });
  });
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(bundle, { force: true });
  });

  async function start(target: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const child = spawn(process.execPath, [bundle, target], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const waiters: { line: string; resolve: () => void }[] = [];
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const waiter of [...waiters]) if (output.includes(waiter.line)) waiter.resolve();
    });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const waitFor = (line: string) =>
      new Promise<void>((resolve, reject) => {
        if (output.includes(line)) return resolve();
        const timer = setTimeout(() => reject(new Error(`child did not print ${line}: ${errors}`)), 20_000);
        waiters.push({ line, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => reject(new Error(`child exited before ${line}: ${errors}`)));
      });
    await waitFor('LISTENING ');
    const url = /LISTENING (\S+)/.exec(output)![1]!;
    return {
      api: new Api(url),
      process: child,
      waitFor,
      async kill() {
        child.kill('SIGKILL');
        await exited;
        children.delete(child);
      },
    };
  }
  return { start };
}
