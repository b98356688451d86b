/**
 * PUT /v1/vaults/:vaultId/items against the real server on each database: up to 500 items
 * created or updated in one transaction, each checked as the single PUT checks it, all or
 * nothing (400, 409), behind the 2FA gate, and only for a member of the vault; with the
 * writer's cursor in `latchkey-since`, the vault's cursor after the write when nothing else lay between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { testDatabases } from './databases';
import { expectError, fakeBlob, fakeEnvelope, login, signUp, snapshot, startSmtp, withTestServer, type Api, type TestServer, type TestSmtp } from './harness';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => smtp.close());

const newId = () => fakeBlob(16);
const entry = (itemId = newId(), expectedVersion = 0) => ({ itemId, expectedVersion, overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256), details: fakeEnvelope(EnvelopeKind.PaddedItemDetails, 512) });
const putItems = (api: Api, token: string, vaultId: string, items: unknown[]) => api.call('PUT', `/v1/vaults/${vaultId}/items`, { items }, token);

describe.each(testDatabases)('batch item writes on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  async function owner(api: Api, email: string) {
    const user = await signUp(api, smtp, email);
    const token = (await login(api, user.email, user.secret, { name: 'Laptop', platform: 'linux' })).body.sessionToken as string;
    const vaultId = newId();
    expect((await api.post('/v1/vaults', { vaultId, sealedVaultKey: fakeEnvelope(EnvelopeKind.VaultKeySealed, 54) }, token)).status).toBe(201);
    return { user, token, vaultId };
  }

  it('creates 500 items and then updates them in one call each, at expectedVersion + 1, with consecutive changes', () =>
    withServer(async ({ api }) => {
      const { token, vaultId } = await owner(api, 'batch@example.com');
      const items = Array.from({ length: 500 }, () => entry());
      const created = await putItems(api, token, vaultId, items);
      expect(created.status).toBe(200);
      expect(created.body.items.map((item: { itemId: string; version: number }) => [item.itemId, item.version])).toEqual(items.map((item) => [item.itemId, 1]));
      expect((await api.get(`/v1/vaults/${vaultId}/items/${items[7]!.itemId}`, token)).body.item).toMatchObject({ version: 1, overview: items[7]!.overview, details: items[7]!.details });
      const updated = await putItems(api, token, vaultId, [entry(items[0]!.itemId, 1), entry()]);
      expect(updated.body.items.map((item: { version: number }) => item.version)).toEqual([2, 1]);
      const page = await api.get(`/v1/vaults/${vaultId}/changes?since=0&limit=500`, token);
      expect(page.body.items).toHaveLength(500);
      expect(page.body.hasMore).toBe(true);
      const rest = await api.get(`/v1/vaults/${vaultId}/changes?since=${page.body.cursor}&limit=500`, token);
      // The batch's changes come in its order, after every earlier change: the updated item last of the first page, the new one after it.
      expect(page.body.items.at(-1)).toMatchObject({ itemId: items[0]!.itemId, version: 2 });
      expect(rest.body.items.map((item: { itemId: string }) => item.itemId)).toEqual([updated.body.items[1].itemId]);
    }));

  it('answers the vault’s cursor after a write that names the writer’s cursor (latchkey-since), only when no other change lay after it', () =>
    withServer(async ({ api }) => {
      const { token, vaultId } = await owner(api, 'since@example.com');
      const other = await owner(api, 'other-vault@example.com');
      const since = (cursor: string) => ({ 'latchkey-since': cursor });
      const cursorNow = async () => (await api.get(`/v1/vaults/${vaultId}/changes?since=0&limit=500`, token)).body.cursor as string;
      // Without the header: the answer as before, no cursor.
      const plain = await putItems(api, token, vaultId, [entry()]);
      expect(plain.body).not.toHaveProperty('cursor');
      const at = await cursorNow();
      // Another vault's write moves the server-wide sequence, not this vault's changes: the batch is still the only change after `at`.
      expect((await putItems(api, other.token, other.vaultId, [entry()])).status).toBe(200);
      const batch = await api.call('PUT', `/v1/vaults/${vaultId}/items`, { items: [entry(), entry()] }, token, undefined, since(at));
      expect(batch.body.cursor).toBe(await cursorNow());
      expect((await api.get(`/v1/vaults/${vaultId}/changes?since=${batch.body.cursor}`, token)).body.items).toEqual([]);
      // The single write and the deletion answer it too, from the cursor just answered.
      const one = entry();
      const put = await api.call('PUT', `/v1/vaults/${vaultId}/items/${one.itemId}`, { expectedVersion: 0, overview: one.overview, details: one.details }, token, undefined, since(batch.body.cursor));
      expect(put.body.cursor).toBe(await cursorNow());
      const marker = fakeEnvelope(EnvelopeKind.ItemDeletionMarker, 0);
      const deleted = await api.call('DELETE', `/v1/vaults/${vaultId}/items/${one.itemId}`, { expectedVersion: 1, marker }, token, undefined, since(put.body.cursor));
      expect(deleted.body.cursor).toBe(await cursorNow());
      // A writer behind this vault's changes (a change after its cursor it has not pulled) gets no cursor: it must pull.
      const behind = await putItems(api, token, vaultId, [entry()]);
      expect(behind.status).toBe(200);
      const stale = await api.call('PUT', `/v1/vaults/${vaultId}/items`, { items: [entry()] }, token, undefined, since(deleted.body.cursor));
      expect(stale.status).toBe(200);
      expect(stale.body).not.toHaveProperty('cursor');
      // A header that is not a cursor is refused, and nothing is written.
      const changes = await cursorNow();
      expectError(await api.call('PUT', `/v1/vaults/${vaultId}/items`, { items: [entry()] }, token, undefined, since('12abc')), 400, 'invalid_request');
      expect(await cursorNow()).toBe(changes);
    }));

  it('writes nothing when one item is bad: not padded, an id twice, a malformed id, too many items, or a stale version (409 with that item)', () =>
    withServer(async ({ api, db }) => {
      const { token, vaultId } = await owner(api, 'allornothing@example.com');
      const first = entry();
      expect((await putItems(api, token, vaultId, [first])).status).toBe(200);
      const before = await snapshot(db);
      const unpadded = { ...entry(), details: fakeEnvelope(EnvelopeKind.ItemDetails, 300) };
      expectError(await putItems(api, token, vaultId, [entry(), unpadded]), 400, 'item_not_padded');
      const twice = entry();
      expectError(await putItems(api, token, vaultId, [twice, { ...twice }]), 400, 'invalid_request');
      expectError(await putItems(api, token, vaultId, [entry(), { ...entry(), itemId: 'not-an-id' }]), 400, 'invalid_request');
      expectError(await putItems(api, token, vaultId, Array.from({ length: 501 }, () => entry())), 400, 'invalid_request');
      expectError(await putItems(api, token, vaultId, []), 400, 'invalid_request');
      const stale = await putItems(api, token, vaultId, [entry(), entry(first.itemId, 0)]);
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      expect(stale.body.current).toMatchObject({ itemId: first.itemId, version: 1, overview: first.overview });
      expect(await snapshot(db)).toEqual(before);
    }));

  it('is behind the 2FA gate and answers 404 to a non-member, writing nothing', () =>
    withServer(async ({ api, db }) => {
      const { user, token, vaultId } = await owner(api, 'gated-batch@example.com');
      const stranger = await owner(api, 'stranger@example.com');
      const before = await snapshot(db);
      expectError(await putItems(api, stranger.token, vaultId, [entry()]), 404, 'not_found');
      await db.updateTable('accounts').set({ two_factor_required: 1 }).where('id', '=', user.accountId).execute();
      expectError(await putItems(api, token, vaultId, [entry()]), 403, 'second_factor_required');
      await db.updateTable('accounts').set({ two_factor_required: 0 }).where('id', '=', user.accountId).execute();
      expect(await snapshot(db)).toEqual(before);
    }));
});
