/**
 * The five item types through the VaultService (format v2, §8.4): each round-trips to another
 * device, the core keeps the password history (the last 10) and the Recently Deleted state,
 * bad or oversized input is refused with nothing written, search and the sidebar's categories
 * work by title in windows, and many items are created in batches.
 */
import { describe, expect, it } from 'vitest';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { blankItem } from '../../../src/shared/vault/blank-item';
import { encryptItemJson } from '../../../src/main/core/crypto/vault-items';
import { toWire } from '../../../src/main/core/sync/wire';
import { itemParts } from '../../../src/main/core/vault/item-format';
import type { ItemFields } from '../../../src/shared/vault/item-fields';
import { accountId, device, mail, pv, server, win } from './vault-fixtures';

const custom = [
  { label: 'Recovery PIN', kind: 'hidden' as const, value: '8812' },
  { label: 'Renewal', kind: 'date' as const, value: '2031-01-01' },
];
const ITEMS: ItemFields[] = [
  { ...mail, tags: ['Work'], favourite: true, customFields: custom, otp: 'otpauth://totp/Mail:alice?secret=JBSWY3DPEHPK3PXP' },
  { ...blankItem('note'), title: 'Alarm', notes: 'The alarm code is 2468 and the word is heron' },
  { ...blankItem('card'), title: 'Visa', cardholder: 'Alice', number: '4111 1111 1111 1234', expiry: '04/2031', securityCode: '123', pin: '0000' },
  { ...blankItem('identity'), title: 'Me', fullName: 'Alice Example', address: '1 Road', phone: '+1 555', email: 'a@example.com', birthDate: '1990-02-28' },
  { ...blankItem('password'), title: 'Router', password: 'r0uter!', customFields: custom },
];

async function opened() {
  const a = device();
  await a.vault.open(accountId);
  return a;
}

describe('item types', () => {
  it('saves each type, and another device lists it with its subtitle and opens every field', async () => {
    const a = await opened();
    for (const fields of ITEMS) await a.vault.save(accountId, pv(), undefined, 0, fields);
    const b = device();
    const { items } = await b.vault.open(accountId);
    expect(items.map(({ type, title, subtitle, favourite, hasOtp }) => ({ type, title, subtitle, favourite, hasOtp }))).toEqual([
      { type: 'note', title: 'Alarm', subtitle: '', favourite: false, hasOtp: false },
      { type: 'login', title: 'Example Mail', subtitle: 'alice@mail.example', favourite: true, hasOtp: true },
      { type: 'identity', title: 'Me', subtitle: 'Alice Example', favourite: false, hasOtp: false },
      { type: 'password', title: 'Router', subtitle: '', favourite: false, hasOtp: false },
      { type: 'card', title: 'Visa', subtitle: '•••• 1234', favourite: false, hasOtp: false },
    ]);
    for (const summary of items) {
      const item = await b.vault.item(accountId, pv(), summary.itemId);
      expect(item).toMatchObject({ history: [], trashedAt: null });
      expect(item.fields).toEqual(ITEMS.find((fields) => fields.title === summary.title));
    }
    // Nothing of an item's secrets is in the server's copy.
    for (const secret of ['8812', '2468', '4111', 'r0uter!', 'Alice Example']) expect(JSON.stringify([...server.items.values()])).not.toContain(secret);
  });

  it('keeps the last 10 replaced passwords, newest first, only when the password changes, and carries them to the next save', async () => {
    const a = await opened();
    const wifi = (password: string, title = 'Wi-Fi') => ({ ...blankItem('password'), title, password });
    const saved = async (itemId: string | undefined, version: number, fields: ItemFields) => {
      const outcome = await a.vault.save(accountId, pv(), itemId, version, fields);
      if (outcome.outcome !== 'saved') throw new Error('conflict');
      return outcome.item;
    };
    let item = await saved(undefined, 0, wifi('p0'));
    for (let n = 1; n <= 12; n++) item = await saved(item.itemId, item.version, wifi(`p${n}`));
    expect(item.history).toHaveLength(10);
    item = await saved(item.itemId, item.version, wifi('p12', 'Wi-Fi (renamed)'));
    const b = device();
    await b.vault.open(accountId);
    const stored = await b.vault.item(accountId, pv(), item.itemId);
    expect(stored.fields).toMatchObject({ title: 'Wi-Fi (renamed)', password: 'p12' });
    expect(stored.history.map((entry) => entry.password)).toEqual(['p11', 'p10', 'p9', 'p8', 'p7', 'p6', 'p5', 'p4', 'p3', 'p2']);
    expect(stored.history.every((entry) => !Number.isNaN(Date.parse(entry.changedAt)))).toBe(true);
  });

  it('keeps the Recently Deleted state through a save, lists a trashed item only under trash, and leaves it out of an export', async () => {
    const a = await opened();
    const saved = await a.vault.save(accountId, pv(), undefined, 0, ITEMS[1]!);
    if (saved.outcome !== 'saved') throw new Error('conflict');
    const trashedAt = '2026-12-01T10:00:00.000Z';
    // Another device (helper code for Recently Deleted) wrote it as trashed: sealed with the vault key, as the core seals.
    const { itemId } = saved.item;
    const body = await a.vault.withVaultKey(accountId, pv(), (key) => {
      const ctx = { vaultId: pv(), itemId, version: 2 };
      const { overview, details } = itemParts({ fields: ITEMS[1]!, history: [], trashedAt });
      return { expectedVersion: 1, overview: toWire(encryptItemJson(key, 'overview', ctx, overview)), details: toWire(encryptItemJson(key, 'details', ctx, details)) };
    });
    await server.call(vaultRoutes.putItem, { params: { vaultId: pv(), itemId }, body: body as never });
    await a.vault.open(accountId);
    await a.vault.save(accountId, pv(), saved.item.itemId, 2, { ...ITEMS[1]!, notes: 'edited while trashed' });
    expect(await a.vault.item(accountId, pv(), saved.item.itemId)).toMatchObject({ version: 3, trashedAt, fields: { notes: 'edited while trashed' } });
    expect(await a.vault.counts(accountId, pv())).toMatchObject({ all: 0, note: 0, trash: 1 });
    expect((await a.vault.search(accountId, pv(), { ...win(''), category: 'trash' })).items).toEqual([expect.objectContaining({ title: 'Alarm', trashedAt })]);
    expect(await a.vault.allItemFields(accountId, pv())).toEqual([]);
  });

  it("keeps a login's one-time password through a save that does not carry it, and removes it only when asked", async () => {
    const a = await opened();
    const otp = ITEMS[0]!.type === 'login' ? ITEMS[0]!.otp : '';
    const first = await a.vault.save(accountId, pv(), undefined, 0, ITEMS[0]!);
    if (first.outcome !== 'saved') throw new Error('conflict');
    // The window never holds the setup: its save sends otp '' and, by default, the stored one stays.
    const edited = await a.vault.save(accountId, pv(), first.item.itemId, 1, { ...mail, otp: '', notes: 'edited' });
    if (edited.outcome !== 'saved') throw new Error('conflict');
    const b = device();
    await b.vault.open(accountId);
    expect(await b.vault.item(accountId, pv(), first.item.itemId)).toMatchObject({ version: 2, fields: { otp, notes: 'edited' } });
    await a.vault.save(accountId, pv(), first.item.itemId, 2, { ...mail, otp: '' }, true);
    expect((await a.vault.item(accountId, pv(), first.item.itemId)).fields).toMatchObject({ otp: '' });
    expect((await device().vault.open(accountId)).items).toEqual([expect.objectContaining({ title: 'Example Mail', hasOtp: false })]);
  });

  it('refuses bad or oversized input with a clear error and writes nothing', async () => {
    const a = await opened();
    const refused: unknown[] = [
      { ...mail, title: '   ' },
      { ...mail, title: 'x'.repeat(201) },
      { ...blankItem('card'), title: 'Card', expiry: '13/2030' },
      { ...mail, urls: Array.from({ length: 21 }, (_, i) => `https://${i}.example`) },
      { ...mail, customFields: [{ label: 'x', kind: 'secret', value: '' }] },
      { ...mail, type: 'note' },
      { ...mail, history: [] },
    ];
    for (const fields of refused) await expect(a.vault.save(accountId, pv(), undefined, 0, fields as ItemFields)).rejects.toMatchObject({ code: 'invalid-input' });
    // Within the field limits, but larger than the largest bucket the server takes.
    await expect(a.vault.save(accountId, pv(), undefined, 0, { ...mail, notes: 'é'.repeat(20_000) })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('too large') });
    await expect(a.vault.createItems(accountId, pv(), [mail, { ...mail, title: '' }])).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('Item 2') });
    expect(server.items.size).toBe(0);
    expect(server.batches).toEqual([]);
  });

  it('searches notes, tags and subtitles, lists a window of a category by title, and counts each category', async () => {
    const a = await opened();
    for (const fields of ITEMS) await a.vault.save(accountId, pv(), undefined, 0, fields);
    const titles = async (query: string, more: Partial<ReturnType<typeof win>> = {}) => (await a.vault.search(accountId, pv(), { ...win(query), ...more })).items.map((item) => item.title);
    expect(await titles('heron')).toEqual(['Alarm']);
    expect(await titles('work')).toEqual(['Example Mail']);
    expect(await titles('1234')).toEqual(['Visa']);
    expect(await titles('', { category: 'favourites' })).toEqual(['Example Mail']);
    expect(await titles('', { category: 'card' })).toEqual(['Visa']);
    expect(await titles('', { offset: 1, limit: 2 })).toEqual(['Example Mail', 'Me']);
    expect((await a.vault.search(accountId, pv(), { ...win(''), offset: 1, limit: 2 })).total).toBe(5);
    expect(await a.vault.counts(accountId, pv())).toEqual({ all: 5, favourites: 1, login: 1, note: 1, card: 1, identity: 1, password: 1, trash: 0 });
  });

  it('copies a field of the type or a custom field by its position, and refuses one the item does not have', async () => {
    const a = await opened();
    const saved = await a.vault.save(accountId, pv(), undefined, 0, ITEMS[2]!);
    const { itemId } = (saved as { item: { itemId: string } }).item;
    expect(await a.vault.field(accountId, pv(), itemId, 'number')).toBe('4111 1111 1111 1234');
    expect(await a.vault.field(accountId, pv(), itemId, 'pin')).toBe('0000');
    await expect(a.vault.field(accountId, pv(), itemId, 'password')).rejects.toMatchObject({ code: 'not-found' });
    await expect(a.vault.field(accountId, pv(), itemId, { custom: 0 })).rejects.toMatchObject({ code: 'not-found' });
    const router = (await a.vault.save(accountId, pv(), undefined, 0, ITEMS[4]!)) as { item: { itemId: string } };
    expect(await a.vault.field(accountId, pv(), router.item.itemId, { custom: 0 })).toBe('8812');
  });

  it('creates many items in batches of 500, telling progress, stops between batches when cancelled (the batch already sent is kept), and exports them back', async () => {
    const a = await opened();
    const many = Array.from({ length: 1_201 }, (_, i) => ({ ...blankItem('note'), title: `Note ${i}`, notes: `body ${i}` }));
    const progress: number[] = [];
    expect(await a.vault.createItems(accountId, pv(), many, { onProgress: (done) => progress.push(done) })).toBe(1_201);
    expect(server.batches).toEqual([500, 500, 201]);
    expect(progress).toEqual([500, 1_000, 1_201]);
    const exported = await a.vault.allItemFields(accountId, pv());
    expect(exported.map((item) => item.fields).sort((x, y) => x.title.localeCompare(y.title))).toEqual([...many].sort((x, y) => x.title.localeCompare(y.title)));
    expect((await device().vault.open(accountId)).total).toBe(1_201);

    // Cancelled as the first batch is taken in: the second is already on its way (sent as the first landed), the third is never sent.
    const stop = new AbortController();
    const created = await a.vault.createItems(accountId, pv(), many, { signal: stop.signal, onProgress: () => stop.abort() });
    expect(created).toBe(1_000);
    expect(server.items.size).toBe(2_201);
    expect(server.batches).toEqual([500, 500, 201, 500, 500]);
    expect((await device().vault.open(accountId)).total).toBe(2_201);
  });
});
