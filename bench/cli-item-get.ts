/**
 * `latchkey item get X --field password` as a whole process, with a valid session, on an account
 * of 10,000 items (imported through the app's own Chrome CSV import, not timed), against a bare
 * `node -e 0` process, in pairs: each CLI run right after its reference, so both meet the same
 * machine load. The CLI is the built one (dist/main/cli.js: `npm run build` or
 * `node scripts/build-main.mjs` first), on the data folder's embedded server, as a user runs it.
 *
 * It needs a Secret Service, so bench/index.ts runs it under scripts/with-keyring.sh; it prints
 * one JSON line: {"runs", "cliMs", "nodeMs"} (each run's figures, in order).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI as cli, CLI_PASSWORD as PASSWORD, seedCliAccount } from './cli-account';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-cli-'));

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => execFileSync(process.execPath, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
const timed = (args: string[], env?: NodeJS.ProcessEnv) => {
  const started = performance.now();
  const output = run(args, env);
  return { ms: performance.now() - started, output };
};

try {
  await seedCliAccount(dataDir, ITEMS);
  const session = run([cli, 'unlock', '--data-dir', dataDir], { ...process.env, LATCHKEY_PASSWORD: PASSWORD }).trim();
  const env = { ...process.env, LATCHKEY_SESSION: session };
  const wanted = `Site ${Math.floor(ITEMS / 2)}`;
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    nodeMs.push(timed(['-e', '0']).ms);
    const got = timed([cli, 'item', 'get', wanted, '--field', 'password', '--data-dir', dataDir], env);
    if (got.output !== `pw-${Math.floor(ITEMS / 2)}-secret\n`) throw new Error('the CLI did not answer the item’s password');
    cliMs.push(got.ms);
  }
  console.log(JSON.stringify({ runs: RUNS, cliMs, nodeMs }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
