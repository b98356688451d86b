/**
 * The time from a change saved on device B to its appearance on device A's screen, through the
 * real path: two main cores as the app starts them (startMainCore, A with the embedded sync
 * server and background sync on, B signed in to the same account against it), A's window
 * stood in for by its event sink. Timed, per run: from B's `vault.save` answering to A's
 * 'sync.result' event counting the new item and A's `vault.show` (what the screen reads
 * when told) listing it. B saves at a random point of A's timer, as a user would.
 * Reference, timed in the same run right before each change: one sync round trip on A
 * (`vault.sync`, a pull that finds nothing new). Target: ≤ the interval + 1.5 × that.
 *
 * It needs a Secret Service, so bench/desktop-client.ts runs it under scripts/with-keyring.sh;
 * it prints one JSON line: {"runs", "intervalMs", "latencyMs", "roundTripMs"}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server/index';
import { readMailbox } from '../src/server/mail/mailbox';
import { startMainCore, type MainCore } from '../src/main/core/app/start';
import type { HostPorts } from '../src/main/core/platform/ports';
import { appOrigins } from '../src/shared/app-shell';
import type { ChannelName, RequestOf, ResponseOf } from '../src/shared/ipc/contract';
import type { EventOf } from '../src/shared/ipc/events';
import { login } from '../tests/support/items';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** The background interval the bench runs A at (the app's default is 15 s; the figure scales with it). */
const INTERVAL_MS = Number(process.env.BENCH_SYNC_INTERVAL_MS ?? 2_000);
const PASSWORD = 'correct horse battery staple 1987';
const EMAIL = 'bench-events@example.com';

const unused = () => Promise.reject(new Error('not used by the benchmark'));
const ports: HostPorts = { saveDialog: { chooseSavePath: unused }, printer: { preview: unused, print: unused }, clipboard: { writeSecret: unused, readText: unused, clear: unused } };
const sender = { frameUrl: `${appOrigins.browser}/index.html` };
const folders = [mkdtempSync(join(tmpdir(), 'latchkey-bench-events-a-')), mkdtempSync(join(tmpdir(), 'latchkey-bench-events-b-'))] as const;

function caller(core: MainCore) {
  return async function ipc<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await core.router(sender, channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as ResponseOf<C>;
  };
}

const a = await startMainCore({
  host: 'browser',
  dataDir: folders[0],
  startEmbeddedServer: (file) => startServer({ database: { kind: 'sqlite', file }, embedded: true, logLevel: 'error' }),
  allowedOrigins: [appOrigins.browser],
  ports,
  backgroundSyncMs: INTERVAL_MS,
});
const b = await startMainCore({ host: 'browser', dataDir: folders[1], serverUrl: a.serverUrl, startEmbeddedServer: unused, allowedOrigins: [appOrigins.browser], ports });
const onA = caller(a);
const onB = caller(b);
let waiting: ((result: EventOf<'sync.result'>) => void) | undefined;
a.events.connect((name, payload) => void (name === 'sync.result' && waiting?.(payload as EventOf<'sync.result'>)));

try {
  await onA('signup.start', { email: EMAIL, name: 'Bench' });
  const [mail] = await readMailbox(join(folders[0], 'mailbox'));
  const code = /verification code is: (\d+)/.exec(mail?.text ?? '')?.[1];
  if (!code) throw new Error('no verification code in the local mailbox');
  await onA('signup.verify', { code });
  const signedUp = await onA('signup.complete', { password: PASSWORD });
  const accountId = signedUp.account.accountId;
  const { vaultId } = await onA('vault.open', { accountId });
  const onBAccount = (await onB('signin.newDevice', { email: EMAIL, secretKey: signedUp.secretKey, password: PASSWORD })).account.accountId;
  await onB('vault.open', { accountId: onBAccount });

  const latencyMs: number[] = [];
  const roundTripMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const reference = performance.now();
    await onA('vault.sync', { accountId, vaultId, query: '' });
    roundTripMs.push(performance.now() - reference);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * INTERVAL_MS));
    const title = `Saved on B, run ${run}`;
    const arrived = new Promise<void>((resolve) => (waiting = (result) => result.accountId === accountId && result.vaults.some((vault) => vault.added > 0) && resolve()));
    await onB('vault.save', { accountId: onBAccount, vaultId, expectedVersion: 0, fields: login({ title, username: 'b', password: `pw-${run}`, urls: [], notes: '' }) });
    const saved = performance.now();
    await arrived;
    const shown = await onA('vault.show', { accountId, vaultId, query: title });
    latencyMs.push(performance.now() - saved);
    if (!shown.items.some((item) => item.title === title)) throw new Error(`run ${run}: A's screen did not list the item after the event`);
  }
  console.log(JSON.stringify({ runs: RUNS, intervalMs: INTERVAL_MS, latencyMs, roundTripMs }));
} finally {
  await b.close();
  await a.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
