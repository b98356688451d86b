/**
 * Locking an account while its sync is in flight: the account's lifetime signal cuts off the
 * server read under way (the open fails with 'not-unlocked' while the server still holds its
 * answer), and nothing of that sync reaches the offline cache or the 'sync.result' event. The
 * same sync without the lock (the control) does cache and report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { accountId, behindElsewhere, cacheFile, device, pv, server } from './vault-fixtures';

describe('locking while a sync is in flight', () => {
  it('cuts off the pull: nothing it brought is cached or reported, and the next unlock pulls it', async () => {
    const a = await behindElsewhere();
    const cached = readFileSync(cacheFile(a.dataDir));
    const reported = a.reports.length;

    const changes = server.hold(vaultRoutes.changes);
    const opening = a.vault.open(accountId);
    await changes.reached;
    a.lock();
    // Rejected while the server still holds its answer: the read itself was stopped.
    await expect(opening).rejects.toMatchObject({ code: 'not-unlocked' });
    changes.release();
    expect(a.reports).toHaveLength(reported);
    // Any cache write under way ends before this read answers.
    await a.cache.readVaults(accountId);
    expect(readFileSync(cacheFile(a.dataDir))).toEqual(cached);

    // The control: unlocked again, the same pull is cached and reported.
    a.unlock();
    expect((await a.vault.open(accountId)).items.map((item) => item.title)).toEqual(['Bank of Nowhere', 'Example Mail']);
    expect(a.reports.at(-1)).toMatchObject({ vaults: [{ vaultId: pv(), added: 1 }] });
    await a.cache.readVaults(accountId);
    expect(readFileSync(cacheFile(a.dataDir))).not.toEqual(cached);
  });

  it('cuts off a first sync at the vault list: no Private vault is made, nothing is cached or reported', async () => {
    const a = device();
    const list = server.hold(vaultRoutes.list);
    const opening = a.vault.open(accountId);
    await list.reached;
    a.lock();
    await expect(opening).rejects.toMatchObject({ code: 'not-unlocked' });
    list.release();
    expect(server.vaults).toEqual([]);
    expect(a.reports).toEqual([]);
    expect(await a.cache.readVaults(accountId)).toEqual([]);
    expect(existsSync(dirname(cacheFile(a.dataDir, 'AAAAAAAAAAAAAAAAAAAAAA')))).toBe(false);

    a.unlock();
    await a.vault.open(accountId);
    expect(server.vaults.map((vault) => vault.kind)).toEqual(['private']);
    expect(a.reports).toEqual([expect.objectContaining({ vaultsChanged: true, error: null })]);
  });
});
