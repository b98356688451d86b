/**
 * Two flows through the real IPC path, timed as the renderer would see them: the main core as the app starts it
 * (startMainCore: the router with every real handler, the embedded sync server on loopback,
 * the OS keychain, the offline cache), called as the renderer calls it. Setup: an account
 * made through the sign-up channels and 10,000 items saved through `vault.save`. Timed, after
 * `account.lock`: `account.unlock`, `vault.open` (the vault from this device's cache, then a
 * pull from the server), and one `vault.search`. Then a recovery code set up, without the
 * user's time: `recoveryCode.begin` (re-authentication, a new code, the pending credential
 * uploaded) and `recoveryCode.confirm` with the code typed back (activated on the server).
 *
 * The references are timed here too, each run right before its IPC run, so a figure and its
 * reference meet the same machine load: the crypto-only unlock (bench/crypto-unlock.ts) for
 * the unlock, one Argon2id derivation for the recovery code.
 *
 * It needs a Secret Service, so bench/index.ts runs it under scripts/with-keyring.sh; it
 * prints one JSON line: {"runs", "unlockMs", "cryptoOnlyUnlockMs", "recoverySetupMs", "argon2idMs", "steps"}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMailbox } from '../src/server/mail/mailbox';
import { argon2id } from '../src/main/core/crypto/argon2';
import { systemRandom } from '../src/main/core/crypto/sodium';
import { utf8 } from '../src/shared/crypto/bytes';
import { benchOverview, PARAMS, prepareCryptoUnlock } from './crypto-unlock';
import { login } from '../tests/support/items';
import { inProcessCore } from './in-process-core';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const PASSWORD = 'correct horse battery staple 1987';
const EMAIL = 'bench@example.com';

const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-ipc-'));
const { core, ipc } = await inProcessCore(dataDir);

try {
  await ipc('signup.start', { email: EMAIL, name: 'Bench' });
  const [mail] = await readMailbox(join(dataDir, 'mailbox'));
  const code = /verification code is: (\d+)/.exec(mail?.text ?? '')?.[1];
  if (!code) throw new Error('no verification code in the local mailbox');
  await ipc('signup.verify', { code });
  const { account } = await ipc('signup.complete', { password: PASSWORD });
  const { accountId } = account;
  const { vaultId } = await ipc('vault.open', { accountId });
  const BATCH = 100;
  for (let start = 0; start < ITEMS; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, ITEMS - start) }, (_, k) => {
        const i = start + k;
        const { title, username, urls } = benchOverview(i);
        return ipc('vault.save', { accountId, vaultId, expectedVersion: 0, fields: login({ title, username, urls, password: `pw-${i}-secret`, notes: '' }) });
      }),
    );
  }

  const cryptoOnly = await prepareCryptoUnlock(ITEMS, PASSWORD, EMAIL);
  const unlockMs: number[] = [];
  const cryptoOnlyUnlockMs: number[] = [];
  const steps: { unlock: number; open: number; search: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const reference = performance.now();
    await cryptoOnly.unlock();
    cryptoOnlyUnlockMs.push(performance.now() - reference);
    await ipc('account.lock', { accountId });
    const started = performance.now();
    await ipc('account.unlock', { accountId, password: PASSWORD });
    const unlocked = performance.now();
    const opened = await ipc('vault.open', { accountId });
    const openedAt = performance.now();
    const found = await ipc('vault.search', { accountId, vaultId, query: 'bank account 12' });
    const done = performance.now();
    unlockMs.push(done - started);
    steps.push({ unlock: unlocked - started, open: openedAt - unlocked, search: done - openedAt });
    if (opened.total !== ITEMS || opened.offline || found.items.length === 0) throw new Error(`the vault opened with ${opened.total} items (offline: ${opened.offline}), search found ${found.items.length}`);
  }
  const recoverySetupMs: number[] = [];
  const argon2idMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const reference = performance.now();
    await argon2id(utf8(PASSWORD), systemRandom(32), PARAMS);
    argon2idMs.push(performance.now() - reference);
    const started = performance.now();
    const { code } = await ipc('recoveryCode.begin', { accountId, password: PASSWORD });
    const confirmed = await ipc('recoveryCode.confirm', { accountId, code });
    recoverySetupMs.push(performance.now() - started);
    if (confirmed.status !== 'active') throw new Error('the recovery code was not activated');
  }
  console.log(JSON.stringify({ runs: RUNS, unlockMs, cryptoOnlyUnlockMs, recoverySetupMs, argon2idMs, steps }));
} finally {
  await ipc('account.signOut', { accountId: (await ipc('accounts.list', {})).accounts[0]?.accountId ?? '00000000-0000-4000-8000-000000000000' }).catch(() => undefined);
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
}
