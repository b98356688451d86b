/**
 * What each sync tells the window ('sync.result'): per vault, the items added, changed and
 * removed; a vault that came; offline; a failure by its code. And the screens' read
 * (`pull: 'held'`): answered at once from the offline cache, the pull behind it.
 */
import { describe, expect, it } from 'vitest';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { accountId, bank, behindElsewhere, device, mail, pv, server } from './vault-fixtures';

describe('sync results', () => {
  it('counts the items each sync added, changed and removed, per vault, and says when a vault came', async () => {
    const a = device();
    await a.vault.open(accountId);
    expect(a.reports).toEqual([{ accountId, vaults: [], vaultsChanged: true, offline: false, error: null }]);
    const saved = await a.vault.save(accountId, pv(), undefined, 0, mail);
    const doomed = await a.vault.save(accountId, pv(), undefined, 0, bank);

    const b = device();
    await b.vault.open(accountId);
    expect(b.reports.at(-1)).toEqual({ accountId, vaults: [{ vaultId: pv(), added: 2, changed: 0, removed: 0 }], vaultsChanged: true, offline: false, error: null });

    if (saved.outcome !== 'saved' || doomed.outcome !== 'saved') throw new Error('not saved');
    await a.vault.save(accountId, pv(), saved.item.itemId, 1, { ...mail, username: 'alice@mail2.example' });
    await a.vault.delete(accountId, pv(), doomed.item.itemId, 1);
    await b.vault.open(accountId);
    expect(b.reports.at(-1)).toEqual({ accountId, vaults: [{ vaultId: pv(), added: 0, changed: 1, removed: 1 }], vaultsChanged: false, offline: false, error: null });
    await b.vault.open(accountId);
    expect(b.reports.at(-1)).toEqual({ accountId, vaults: [], vaultsChanged: false, offline: false, error: null });
  });

  it('says offline when the server cannot be reached, and gives a failure by its code', async () => {
    const a = device();
    await a.vault.open(accountId);
    server.state = 'down';
    await a.vault.open(accountId);
    expect(a.reports.at(-1)).toMatchObject({ offline: true, error: null });
    server.state = 'revoked';
    await expect(a.vault.open(accountId)).rejects.toMatchObject({ code: 'signed-out' });
    expect(a.reports.at(-1)).toMatchObject({ offline: false, error: 'signed-out' });
  });

  it('tells nothing about a sync that ends after the account locked', async () => {
    const a = device();
    const opening = a.vault.open(accountId);
    a.lock();
    await opening.catch(() => undefined);
    expect(a.reports).toEqual([]);
  });
});

describe("the screens' read", () => {
  it("'behind' answers from what is held at once and pulls behind the answer every time", async () => {
    const a = device();
    await a.vault.open(accountId);
    const elsewhere = device();
    await elsewhere.vault.open(accountId);
    await elsewhere.vault.save(accountId, pv(), undefined, 0, bank);
    expect((await a.vault.open(accountId, undefined, '', 'behind')).items).toEqual([]);
    await expect.poll(() => a.reports.length).toBe(2);
    expect(a.reports[1]).toMatchObject({ vaults: [{ vaultId: pv(), added: 1 }] });
    expect((await a.vault.open(accountId, undefined, '', 'held')).items.map((item) => item.title)).toEqual(['Bank of Nowhere']);
  });

  it('answers at once from the offline cache after a restart, pulls behind it, and does not pull again by itself', async () => {
    const a = await behindElsewhere();

    const restarted = device(a.dataDir);
    const first = await restarted.vault.open(accountId, undefined, '', 'held');
    // The cached item only: the answer did not wait for the pull.
    expect(first.items.map((item) => item.title)).toEqual(['Example Mail']);
    await expect.poll(() => restarted.reports.length).toBe(1);
    expect(restarted.reports[0]).toMatchObject({ vaults: [{ vaultId: pv(), added: 1, changed: 0, removed: 0 }] });
    const second = await restarted.vault.open(accountId, undefined, '', 'held');
    expect(second.items.map((item) => item.title)).toEqual(['Bank of Nowhere', 'Example Mail']);
    expect(restarted.reports).toHaveLength(1);
  });

  it('sends its answer before the pull behind it begins, so the pull does not hold back the first rows', async () => {
    const a = await behindElsewhere();
    const restarted = device(a.dataDir);
    const order: string[] = [];
    const { reached, release } = server.hold(vaultRoutes.list);
    void reached.then(() => order.push('pull asked the server'));
    await restarted.vault.open(accountId, undefined, '', 'held').then(() => order.push('answered'));
    await reached;
    release();
    await expect.poll(() => restarted.reports.length).toBe(1);
    expect(order).toEqual(['answered', 'pull asked the server']);
  });

  it('waits for the server on a first use (nothing held yet), then shows the last failure without pulling again', async () => {
    const a = device();
    server.state = 'revoked';
    await expect(a.vault.open(accountId, undefined, '', 'held')).rejects.toMatchObject({ code: 'signed-out' });
    expect(a.reports).toHaveLength(1);
    await expect(a.vault.open(accountId, undefined, '', 'held')).rejects.toMatchObject({ code: 'signed-out' });
    expect(a.reports).toHaveLength(1);
    server.state = 'up';
    // The background sync (pull: 'wait') brings it; the next read shows it.
    await a.vault.open(accountId);
    expect((await a.vault.open(accountId, undefined, '', 'held')).vaultId).toBe(pv());
  });
});
