/**
 * Attack class: the fields of two items swapped. The server rearranges the envelopes it
 * stores (each item's overview and details, AEAD under the vault key with the vault id, item
 * id and version in the AAD) when a new device pulls the vault: two items' envelopes swapped,
 * one item's envelopes served under another's id, or at another version. The device shows no
 * item with another's content: what does not open under its own id and version is left out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { vaultRoutes, type ItemView } from '../../../src/shared/server-api/vault';
import { addLogin, DeviceRefusal, useHostileServer, type TestDevice } from './hostile-server';

const email = 'items@example.com';

const hostile = useHostileServer();
let secretKey: string;
let bank: string;
let mail: string;

beforeAll(async () => {
  const first = await hostile.signedUpDevice(email);
  secretKey = first.secretKey;
  bank = await addLogin(first.device, first.accountId, 'Bank');
  mail = await addLogin(first.device, first.accountId, 'Mail');
});

/** A new device of the account, pulling the Private vault for the first time through `tamper` of the changes it is sent. */
async function pullThrough(tamper: (items: ItemView[]) => ItemView[]): Promise<{ device: TestDevice; accountId: string; vaultId: string; titles: string[] }> {
  const rule = hostile.rewriteBody(vaultRoutes.changes, (page) => ({ ...page, items: tamper(page.items) }), { times: 1 });
  const device = await hostile.device();
  const accountId = await hostile.signIn(device, email, secretKey);
  const opened = await device.ipc('vault.open', { accountId });
  expect(rule.hits).toBe(1);
  return { device, accountId, vaultId: opened.vaultId, titles: opened.items.map((item) => item.title).sort() };
}

const byId = (items: ItemView[], itemId: string) => items.find((item) => item.itemId === itemId)!;
const honest = (items: ItemView[]) => items;

describe('the fields of two items swapped', () => {
  it('control: a new device pulls both items, each with its own details', async () => {
    const { device, accountId, vaultId, titles } = await pullThrough(honest);
    expect(titles).toEqual(['Bank', 'Mail']);
    expect((await device.ipc('vault.item', { accountId, vaultId, itemId: bank })).fields).toMatchObject({ title: 'Bank', password: 'Bank password' });
    expect((await device.ipc('vault.item', { accountId, vaultId, itemId: mail })).fields).toMatchObject({ title: 'Mail', password: 'Mail password' });
  });

  it('both envelopes of two items swapped: neither item is shown', async () => {
    const { titles } = await pullThrough((items) => {
      const [a, b] = [byId(items, bank), byId(items, mail)];
      return [{ ...a, overview: b.overview, details: b.details }, { ...b, overview: a.overview, details: a.details }];
    });
    expect(titles).toEqual([]);
  });

  it("only the details swapped: each item lists, but neither opens with the other's password", async () => {
    const { device, accountId, vaultId, titles } = await pullThrough((items) => {
      const [a, b] = [byId(items, bank), byId(items, mail)];
      return [{ ...a, details: b.details }, { ...b, details: a.details }];
    });
    expect(titles).toEqual(['Bank', 'Mail']);
    // Refused (today as an internal error: the details do not open under the item's own id and version).
    for (const itemId of [bank, mail]) await expect(device.ipc('vault.item', { accountId, vaultId, itemId })).rejects.toBeInstanceOf(DeviceRefusal);
  });

  it("one item's envelopes served under the other's id: only the real one is shown", async () => {
    const { titles } = await pullThrough((items) => {
      const a = byId(items, bank);
      return [a, { ...byId(items, mail), overview: a.overview, details: a.details }];
    });
    expect(titles).toEqual(['Bank']);
  });

  it('an item served at another version than its envelopes were sealed for: left out', async () => {
    const { titles } = await pullThrough((items) => items.map((item) => (item.itemId === mail ? { ...item, version: item.version + 1 } : item)));
    expect(titles).toEqual(['Bank']);
  });
});
