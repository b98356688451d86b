/**
 * Item padding as the vault service lives with it (§9.2): every item a device writes, in the
 * Private vault and in a shared vault, is the padded kinds 0x09 / 0x0A of a size bucket; an
 * item written before padding (0x05 / 0x06) still lists, opens, survives in the offline cache
 * and is written back padded; an authentic item with bad padding inside is left out.
 */
import { describe, expect, it } from 'vitest';
import { ITEM_KINDS, itemAad, type ItemPart } from '../../../src/shared/crypto/aad';
import { utf8 } from '../../../src/shared/crypto/bytes';
import { EnvelopeKind, HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../../../src/shared/crypto/envelope';
import { isBucket } from '../../../src/shared/crypto/padding';
import type { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import type { ItemView } from '../../../src/shared/server-api/vault';
import { aeadSeal } from '../../../src/main/core/crypto/aead';
import { openVaultKey } from '../../../src/main/core/crypto/vault-keys';
import { fromWire, toWire } from '../../../src/main/core/sync/wire';
import { accountId, bank, device, mail, pv, server } from './vault-fixtures';

const OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
const itemId = 'ASNFZ4mrze_-3LqYdlQyEA';

/** The padded bucket of a stored envelope, or null when it is not a padded envelope of `part`. */
function bucketOf(part: ItemPart, envelope: string | null): number | null {
  const bytes = fromWire(envelope ?? '');
  const bucket = bytes.length - OVERHEAD;
  return bytes[1] === ITEM_KINDS[part].padded && isBucket(bucket) ? bucket : null;
}

/** The Private vault's key, opened the way a device opens its grant. */
function privateVaultKey(of: ReturnType<typeof device>): SecretBytes {
  const grant = server.vaults.find((vault) => vault.vaultId === pv())!;
  return openVaultKey(fromWire(grant.sealedVaultKey), pv(), of.accounts.unlocked(accountId).open.keyset);
}

/** Puts an item on the stand-in server as if another device had written it. */
function storeItem(item: Omit<ItemView, 'vaultId' | 'deleted' | 'deletionMarker' | 'updatedAt'>): void {
  server.items.set(item.itemId, { ...item, vaultId: pv(), deleted: false, deletionMarker: null, updatedAt: 'before' });
  server.changed.set(item.itemId, ++server.seq);
}

/** `value` sealed under `kind` with the item AAD of that kind, as the given plaintext bytes. */
function sealed(key: SecretBytes, kind: (typeof ITEM_KINDS)[ItemPart][keyof (typeof ITEM_KINDS)[ItemPart]], version: number, plaintext: Uint8Array): string {
  const ctx = { vaultId: pv(), itemId, version };
  return toWire(aeadSeal(kind, key.expose(), plaintext, itemAad(kind, ctx)));
}

describe('padded items', () => {
  it('a device writes only the padded kinds, each of a size bucket, in the Private vault and in a shared vault', async () => {
    const a = device();
    await a.vault.open(accountId);
    const household = await a.vault.createShared(accountId, 'Household');
    await a.vault.save(accountId, pv(), undefined, 0, mail);
    await a.vault.save(accountId, pv(), undefined, 0, { ...bank, notes: 'n'.repeat(3000) });
    await a.vault.save(accountId, household.vaultId, undefined, 0, bank);
    const buckets = [...server.items.values()].map((item) => [bucketOf('overview', item.overview), bucketOf('details', item.details)]);
    expect(buckets.sort()).toEqual([[256, 256], [256, 256], [4096, 4096]].sort());
  });

  it('passwords of different lengths within one bucket give envelopes of one length', async () => {
    const a = device();
    await a.vault.open(accountId);
    for (const password of ['a', 'a much longer password of forty-odd chars', 'x'.repeat(100)]) await a.vault.save(accountId, pv(), undefined, 0, { ...mail, password });
    const lengths = new Set([...server.items.values()].map((item) => item.details!.length));
    expect(lengths.size).toBe(1);
  });

  it('an item written before padding (0x05 / 0x06) lists and opens, from the server and from the offline cache, and is written back padded', async () => {
    const a = device();
    await a.vault.open(accountId);
    const key = privateVaultKey(a);
    const { title, username, urls, password, notes } = bank;
    storeItem({
      itemId,
      version: 4,
      overview: sealed(key, EnvelopeKind.ItemOverview, 4, utf8(JSON.stringify({ title, username, urls }))),
      details: sealed(key, EnvelopeKind.ItemDetails, 4, utf8(JSON.stringify({ password, notes }))),
    });

    const b = device();
    expect((await b.vault.open(accountId)).items).toEqual([{ itemId, version: 4, type: 'login', title, subtitle: username, favourite: false, hasOtp: false, trashedAt: null }]);
    expect((await b.vault.item(accountId, pv(), itemId)).fields).toEqual(bank);

    b.lock();
    server.state = 'down';
    const offline = device(b.dataDir);
    expect(await offline.vault.open(accountId)).toMatchObject({ offline: true, items: [{ itemId, version: 4, title }] });
    expect((await offline.vault.item(accountId, pv(), itemId)).fields).toEqual(bank);

    server.state = 'up';
    expect(await a.vault.save(accountId, pv(), itemId, 4, { ...bank, notes: 'edited' })).toMatchObject({ outcome: 'saved', item: { version: 5 } });
    const stored = server.items.get(itemId)!;
    expect([bucketOf('overview', stored.overview), bucketOf('details', stored.details)]).toEqual([256, 256]);
    const c = device();
    await c.vault.open(accountId);
    expect((await c.vault.item(accountId, pv(), itemId)).fields).toEqual({ ...bank, notes: 'edited' });
  });

  it('leaves out an authentic padded item whose padding is bad (no 0x80 marker), and lists it once its padding is right', async () => {
    const a = device();
    await a.vault.open(accountId);
    const key = privateVaultKey(a);
    const overview = utf8(JSON.stringify({ title: 'Padded wrong', username: '', urls: [] }));
    const unmarked = new Uint8Array(256);
    unmarked.set(overview);
    const marked = unmarked.slice();
    marked[overview.length] = 0x80;
    const details = new Uint8Array(256);
    details.set([...utf8(JSON.stringify({ password: 'p', notes: '' })), 0x80]);

    storeItem({ itemId, version: 1, overview: sealed(key, ITEM_KINDS.overview.padded, 1, unmarked), details: sealed(key, ITEM_KINDS.details.padded, 1, details) });
    expect((await device().vault.open(accountId)).items).toEqual([]);

    storeItem({ itemId, version: 1, overview: sealed(key, ITEM_KINDS.overview.padded, 1, marked), details: sealed(key, ITEM_KINDS.details.padded, 1, details) });
    expect((await device().vault.open(accountId)).items).toEqual([{ itemId, version: 1, type: 'login', title: 'Padded wrong', subtitle: '', favourite: false, hasOtp: false, trashedAt: null }]);
  });
});
