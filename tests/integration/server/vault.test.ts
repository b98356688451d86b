import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../../../src/server/http/routes';
import { needsSecondFactor } from '../../../src/shared/server-api/http';
import { apiRoutes } from '../../../src/shared/server-api/routes';
import { VAULT_LIMITS, vaultRoutes } from '../../../src/shared/server-api/vault';
import { testDatabases } from './databases';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { expectError, fakeBlob, fakeEnvelope, login, signUp, snapshot, stepUp, type Api, type ApiResponse, type TestServer, withTestServer } from './harness';
import { countStatements } from '../../support/statement-count';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

/** A client-generated id: 16 random bytes, base64url. */
const newId = () => fakeBlob(16);
/** Stand-ins for the client's envelopes (the server never opens them). */
const sealedKey = () => fakeEnvelope(EnvelopeKind.VaultKeySealed, 54);
const overview = () => fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256);
const details = () => fakeEnvelope(EnvelopeKind.PaddedItemDetails, 512);
const marker = () => fakeEnvelope(EnvelopeKind.ItemDeletionMarker, 0);

interface Item {
  vaultId: string;
  itemId: string;
  version: number;
  deleted: boolean;
  overview: string | null;
  details: string | null;
  deletionMarker: string | null;
  updatedAt: string;
}

function put(api: Api, token: string, vaultId: string, itemId: string, expectedVersion: number, content = { overview: overview(), details: details() }) {
  return api.call('PUT', `/v1/vaults/${vaultId}/items/${itemId}`, { expectedVersion, ...content }, token);
}
function remove(api: Api, token: string, vaultId: string, itemId: string, expectedVersion: number, deletionMarker: unknown = marker()) {
  return api.call('DELETE', `/v1/vaults/${vaultId}/items/${itemId}`, { expectedVersion, marker: deletionMarker }, token);
}
function changes(api: Api, token: string, vaultId: string, since?: string, limit?: number) {
  const query = new URLSearchParams();
  if (since !== undefined) query.set('since', since);
  if (limit !== undefined) query.set('limit', String(limit));
  return api.get(`/v1/vaults/${vaultId}/changes${query.size ? `?${query}` : ''}`, token);
}

/** Follows the changes feed from `since` to the end; returns the items by id (last write wins) and the cursor. */
async function syncAll(api: Api, token: string, vaultId: string, since = '0', limit = 100) {
  const seen = new Map<string, Item>();
  let cursor = since;
  let pages = 0;
  for (;;) {
    const page = await changes(api, token, vaultId, cursor, limit);
    expect(page.status).toBe(200);
    pages++;
    for (const item of page.body.items as Item[]) seen.set(item.itemId, item);
    expect(BigInt(page.body.cursor) >= BigInt(cursor)).toBe(true);
    cursor = page.body.cursor;
    if (!page.body.hasMore) return { seen, cursor, pages };
  }
}

function expectConflict(response: ApiResponse, current: Partial<Item> | null) {
  expect(response.status).toBe(409);
  expect(Object.keys(response.body).sort()).toEqual(['current', 'error']);
  expect(response.body.error.code).toBe('version_conflict');
  expect(typeof response.body.error.message).toBe('string');
  if (current === null) expect(response.body.current).toBeNull();
  else expect(response.body.current).toMatchObject(current);
}

describe.each(testDatabases)('vaults and items on $name', (database) => {
  const withServer = (test: (server: TestServer) => Promise<void>) => withTestServer(database, smtp, test);

  async function signedIn(api: Api, email: string, device = 'Laptop') {
    const user = await signUp(api, smtp, email);
    const session = (await login(api, user.email, user.secret, { name: device, platform: 'linux' })).body;
    return { user, token: session.sessionToken as string, sessionId: session.sessionId as string };
  }

  it('creates a vault, lists it with its own sealed key, and hides it from everyone else (404)', () =>
    withServer(async ({ api, db }) => {
      const alice = await signedIn(api, 'alice@example.com');
      const vaultId = newId();
      const key = sealedKey();
      const created = await api.post('/v1/vaults', { vaultId, sealedVaultKey: key }, alice.token);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ vault: { vaultId, kind: 'private', role: 'owner', sealedVaultKey: key, attributes: null, createdAt: '2030-01-01T00:00:00.000Z' } });
      expectError(await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, alice.token), 409, 'vault_exists');
      const second = newId();
      expect((await api.post('/v1/vaults', { vaultId: second, sealedVaultKey: sealedKey() }, alice.token)).status).toBe(201);
      const listed = await api.get('/v1/vaults', alice.token);
      expect(listed.status).toBe(200);
      expect(listed.body.vaults.map((v: { vaultId: string }) => v.vaultId).sort()).toEqual([vaultId, second].sort());
      expect(listed.body.vaults.find((v: { vaultId: string }) => v.vaultId === vaultId)).toEqual(created.body.vault);
      expect(await db.selectFrom('vault_members').select(['vault_id', 'account_id', 'role', 'sealed_vault_key']).where('vault_id', '=', vaultId).execute()).toEqual([
        { vault_id: vaultId, account_id: alice.user.accountId, role: 'owner', sealed_vault_key: key },
      ]);

      const itemId = newId();
      expect((await put(api, alice.token, vaultId, itemId, 0)).status).toBe(200);

      // Mallory, signed in to her own account, gets 404 for Alice's vault on every route, as for a vault that does not exist.
      const mallory = await signedIn(api, 'mallory@example.com');
      expect((await api.get('/v1/vaults', mallory.token)).body).toEqual({ vaults: [], canShare: false });
      const before = await snapshot(db);
      for (const target of [vaultId, newId()]) {
        const answers = [
          await api.get(`/v1/vaults/${target}/items/${itemId}`, mallory.token),
          await put(api, mallory.token, target, itemId, 1),
          await put(api, mallory.token, target, newId(), 0),
          await remove(api, mallory.token, target, itemId, 1),
          await changes(api, mallory.token, target),
        ];
        for (const answer of answers) {
          expectError(answer, 404, 'not_found');
          expect(answer.body.error.message).toBe('No such vault on this account');
        }
      }
      expect(await snapshot(db)).toEqual(before);
    }));

  it('puts, gets, updates and deletes items; the server sets each version to expectedVersion + 1', () =>
    withServer(async ({ api, db, clock }) => {
      const { token } = await signedIn(api, 'items@example.com');
      const vaultId = newId();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, token);
      const itemId = newId();
      const first = { overview: overview(), details: details() };
      const created = await put(api, token, vaultId, itemId, 0, first);
      expect(created).toEqual({
        status: 200,
        body: { item: { vaultId, itemId, version: 1, deleted: false, ...first, deletionMarker: null, updatedAt: '2030-01-01T00:00:00.000Z' } },
      });
      expect(await api.get(`/v1/vaults/${vaultId}/items/${itemId}`, token)).toEqual(created);

      clock.advance(1000);
      const second = { overview: overview(), details: details() };
      const updated = await put(api, token, vaultId, itemId, 1, second);
      expect(updated.body.item).toMatchObject({ version: 2, ...second, updatedAt: '2030-01-01T00:00:01.000Z' });

      // Stale writes: nothing is overwritten, and the answer carries the current item.
      const before = await snapshot(db);
      expectConflict(await put(api, token, vaultId, itemId, 0), updated.body.item);
      expectConflict(await put(api, token, vaultId, itemId, 1), updated.body.item);
      expectConflict(await put(api, token, vaultId, itemId, 3), updated.body.item);
      expectConflict(await remove(api, token, vaultId, itemId, 1), updated.body.item);
      expectConflict(await put(api, token, vaultId, newId(), 4), null);
      expectError(await remove(api, token, vaultId, newId(), 1), 404, 'not_found');
      expectError(await api.get(`/v1/vaults/${vaultId}/items/${newId()}`, token), 404, 'not_found');
      expect(await snapshot(db)).toEqual(before);

      const signed = marker();
      const deleted = await remove(api, token, vaultId, itemId, 2, signed);
      expect(deleted.body.item).toEqual({ vaultId, itemId, version: 3, deleted: true, overview: null, details: null, deletionMarker: signed, updatedAt: '2030-01-01T00:00:01.000Z' });
      const stored = await db.selectFrom('vault_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
      expect({ overview: stored.overview, details: stored.details, deleted: Number(stored.deleted), version: Number(stored.version), marker: stored.deletion_marker }).toEqual({ overview: null, details: null, deleted: 1, version: 3, marker: signed });
      expect((await syncAll(api, token, vaultId)).seen.get(itemId)).toEqual(deleted.body.item);
      expect((await api.get(`/v1/vaults/${vaultId}/items/${itemId}`, token)).body.item).toEqual(deleted.body.item);
      // A device that missed the delete learns of it from the conflict, and may restore on top.
      expectConflict(await put(api, token, vaultId, itemId, 2), { version: 3, deleted: true });
      expect((await put(api, token, vaultId, itemId, 3, first)).body.item).toMatchObject({ version: 4, deleted: false, ...first, deletionMarker: null });
    }));

  it('writes a page of changes as the same bytes as the route\'s response schema would (changes-page.ts)', () =>
    withServer(async ({ api, url }) => {
      const { token } = await signedIn(api, 'bytes@example.com');
      const vaultId = newId();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, token);
      const ids = [newId(), newId(), newId()];
      for (const id of ids) await put(api, token, vaultId, id, 0);
      await remove(api, token, vaultId, ids[1]!, 1);
      // Fastify's own serialisation of the same answer through the route's response schema.
      const reference = Fastify();
      let answer: unknown;
      reference.get('/', { schema: { response: { 200: jsonSchema(vaultRoutes.changes.response) } } }, async () => answer);
      const serialize = async (page: unknown) => {
        answer = page;
        return (await reference.inject({ method: 'GET', url: '/' })).body;
      };
      for (const query of ['?limit=2', '?since=0', `?since=${(await changes(api, token, vaultId)).body.cursor}`]) {
        const response = await fetch(`${url}/v1/vaults/${vaultId}/changes${query}`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const bytes = await response.text();
        const page = vaultRoutes.changes.response.parse(JSON.parse(bytes));
        expect(bytes).toBe(await serialize(page));
      }
      const all = vaultRoutes.changes.response.parse((await changes(api, token, vaultId)).body);
      expect(all.items.map((item) => [item.itemId, item.deleted, item.deletionMarker !== null, item.overview !== null])).toEqual([
        [ids[0], false, false, true],
        [ids[2], false, false, true],
        [ids[1], true, true, false],
      ]);
    }));

  it('syncs incrementally: pages in change order, tombstones included, cheap "nothing changed"', () =>
    withServer(async ({ api }) => {
      const { token } = await signedIn(api, 'sync@example.com');
      const vaultId = newId();
      const otherVault = newId();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, token);
      await api.post('/v1/vaults', { vaultId: otherVault, sealedVaultKey: sealedKey() }, token);
      const empty = await changes(api, token, vaultId);
      expect(empty.body).toEqual({ items: [], cursor: '0', hasMore: false });

      const ids = Array.from({ length: 23 }, newId);
      const latest = new Map<string, Item>();
      for (const id of ids) latest.set(id, (await put(api, token, vaultId, id, 0)).body.item);
      await put(api, token, otherVault, newId(), 0);
      for (const id of ids.slice(0, 5)) latest.set(id, (await put(api, token, vaultId, id, 1)).body.item);
      for (const id of ids.slice(3, 8)) latest.set(id, (await remove(api, token, vaultId, id, latest.get(id)!.version)).body.item);

      // Pages of 7: every item once, at its latest version, in change order; the other vault's item never.
      const orderedIds: string[] = [];
      let cursor = '0';
      let pages = 0;
      for (;;) {
        const page = await changes(api, token, vaultId, cursor, 7);
        pages++;
        expect(page.body.items.length).toBeLessThanOrEqual(7);
        orderedIds.push(...page.body.items.map((item: Item) => item.itemId));
        for (const item of page.body.items as Item[]) expect(item).toEqual(latest.get(item.itemId));
        cursor = page.body.cursor;
        if (!page.body.hasMore) break;
        expect(page.body.items).toHaveLength(7);
      }
      expect(pages).toBe(4);
      expect(orderedIds).toHaveLength(23);
      expect(new Set(orderedIds)).toEqual(new Set(ids));
      // Oldest change first: untouched items, then the updated ones, then the tombstones.
      expect(orderedIds.slice(-5)).toEqual(ids.slice(3, 8));
      expect(orderedIds.slice(-8, -5)).toEqual(ids.slice(0, 3));
      expect(orderedIds.filter((id) => latest.get(id)!.deleted)).toEqual(ids.slice(3, 8));

      // Nothing changed: no items, the same cursor.
      expect((await changes(api, token, vaultId, cursor)).body).toEqual({ items: [], cursor, hasMore: false });
      expect((await changes(api, token, vaultId, cursor, 1)).body).toEqual({ items: [], cursor, hasMore: false });
      // One more change (and one in the other vault): only it comes back.
      const changed = (await put(api, token, vaultId, ids[10]!, 1)).body.item;
      await put(api, token, otherVault, newId(), 0);
      const next = await changes(api, token, vaultId, cursor);
      expect(next.body.items).toEqual([changed]);
      expect(BigInt(next.body.cursor) > BigInt(cursor)).toBe(true);
      expect((await changes(api, token, vaultId, next.body.cursor)).body).toEqual({ items: [], cursor: next.body.cursor, hasMore: false });
      // A full sync in one default page agrees.
      const full = await syncAll(api, token, vaultId);
      expect(full.pages).toBe(1);
      expect(full.seen.size).toBe(23);
    }));

  it('answers "nothing changed" in one database statement, yet refuses the very next poll of a session signed out, signed out by another device or idle too long, and of an account no longer a member', async () => {
    // Counting from before the server opens its database (statement-count.ts).
    const statements = countStatements();
    try {
      await withServer(async ({ api, db, clock }) => {
        const laptop = await signedIn(api, 'poll@example.com');
        const { user } = laptop;
        const desktop = (await login(api, user.email, user.secret, { name: 'Desktop', platform: 'windows' })).body.sessionToken as string;
        const tablet = (await login(api, user.email, user.secret, { name: 'Tablet', platform: 'linux' })).body.sessionToken as string;
        const vaultId = newId();
        await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, laptop.token);
        await put(api, laptop.token, vaultId, newId(), 0);
        const { cursor } = (await changes(api, laptop.token, vaultId)).body;
        const unchanged = { status: 200, body: { items: [], cursor, hasMore: false } };
        const poll = async (token: string) => {
          const before = statements.count;
          const answer = await changes(api, token, vaultId, cursor);
          return { answer, statements: statements.count - before };
        };
        for (const token of [laptop.token, desktop, tablet]) expect(await poll(token)).toEqual({ answer: unchanged, statements: 1 });

        expect(await api.post('/v1/session/sign-out', {}, desktop)).toEqual({ status: 200, body: { signedOut: 1 } });
        expectError((await poll(desktop)).answer, 401, 'unauthorized');
        const signOutOthers = await api.call('POST', '/v1/sessions/sign-out-others', {}, laptop.token, undefined, await stepUp(api, laptop.token, user.secret));
        expect(signOutOthers).toEqual({ status: 200, body: { signedOut: 1 } });
        expectError((await poll(tablet)).answer, 401, 'unauthorized');

        // Membership is read afresh too: 404 (not the vault's cursor) once it is gone, the page again once it is back.
        const membership = db.selectFrom('vault_members').selectAll().where('vault_id', '=', vaultId).where('account_id', '=', user.accountId);
        const member = await membership.executeTakeFirstOrThrow();
        await db.deleteFrom('vault_members').where('vault_id', '=', vaultId).where('account_id', '=', user.accountId).execute();
        const removed = await poll(laptop.token);
        expectError(removed.answer, 404, 'not_found');
        expect(removed.answer.body).not.toHaveProperty('cursor');
        await db.insertInto('vault_members').values(member).execute();
        expect((await poll(laptop.token)).answer).toEqual(unchanged);

        clock.advance(14 * 24 * 60 * 60_000 + 1);
        expectError((await poll(laptop.token)).answer, 401, 'unauthorized');
      });
    } finally {
      statements.stop();
    }
  });

  it('two devices writing the same item at the same version: exactly one wins, the other gets 409 and retries on top', () =>
    withServer(async ({ api, db }) => {
      const laptop = await signedIn(api, 'race@example.com', 'Laptop');
      const user = laptop.user;
      const desktop = (await login(api, user.email, user.secret, { name: 'Desktop', platform: 'windows' })).body.sessionToken as string;
      const vaultId = newId();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, laptop.token);

      const itemId = newId();
      let version = 0;
      for (let round = 0; round < 8; round++) {
        const contents = [
          { overview: overview(), details: details() },
          { overview: overview(), details: details() },
        ];
        const answers = await Promise.all([put(api, laptop.token, vaultId, itemId, version, contents[0]), put(api, desktop, vaultId, itemId, version, contents[1])]);
        const winners = answers.filter((a) => a.status === 200);
        const losers = answers.filter((a) => a.status !== 200);
        expect(winners, `round ${round}`).toHaveLength(1);
        expect(losers).toHaveLength(1);
        const winner = answers.indexOf(winners[0]!);
        const loser = 1 - winner;
        // The loser is told the winner's item, intact.
        expectConflict(losers[0]!, { version: version + 1, ...contents[winner], deleted: false });
        expect(winners[0]!.body.item).toEqual(losers[0]!.body.current);
        const stored = await api.get(`/v1/vaults/${vaultId}/items/${itemId}`, laptop.token);
        expect(stored.body.item).toMatchObject({ version: version + 1, ...contents[winner] });
        // Round by round, alternate: the loser retries on top of the winner's version, or gives way.
        if (round % 2 === 0) {
          const merged = { overview: overview(), details: details() };
          const retried = await put(api, loser === 0 ? laptop.token : desktop, vaultId, itemId, version + 1, merged);
          expect(retried.body.item).toMatchObject({ version: version + 2, ...merged });
          version += 2;
        } else {
          version += 1;
        }
      }
      // Racing creates and deletes behave the same way.
      const fresh = newId();
      const creates = await Promise.all([put(api, laptop.token, vaultId, fresh, 0), put(api, desktop, vaultId, fresh, 0)]);
      expect(creates.map((a) => a.status).sort()).toEqual([200, 409]);
      const deletes = await Promise.all([remove(api, laptop.token, vaultId, fresh, 1), put(api, desktop, vaultId, fresh, 1)]);
      expect(deletes.map((a) => a.status).sort()).toEqual([200, 409]);
      const row = await db.selectFrom('vault_items').select(['version']).where('id', '=', fresh).executeTakeFirstOrThrow();
      expect(Number(row.version)).toBe(2);
      expect(Number((await db.selectFrom('vault_items').select('version').where('id', '=', itemId).executeTakeFirstOrThrow()).version)).toBe(version);
    }));

  it('never lets a reader skip a change while writers commit concurrently', () =>
    withServer(async ({ api, db }) => {
      const { token, user } = await signedIn(api, 'writers@example.com');
      const devices = [token];
      for (let i = 0; i < 3; i++) devices.push((await login(api, user.email, user.secret, { name: `Device ${i}`, platform: 'linux' })).body.sessionToken);
      const vaultId = newId();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, token);

      let writing = true;
      const reader = (async () => {
        const seen = new Map<string, Item>();
        let cursor = '0';
        while (writing) {
          const page = await changes(api, devices[0]!, vaultId, cursor, 5);
          for (const item of page.body.items as Item[]) seen.set(item.itemId, item);
          cursor = page.body.cursor;
        }
        return { seen, cursor };
      })();
      const writers = devices.map(async (device) => {
        const ids = Array.from({ length: 4 }, newId);
        for (let round = 1; round <= 6; round++) {
          for (const id of ids) expect((await put(api, device, vaultId, id, round - 1)).status).toBe(200);
        }
      });
      await Promise.all(writers);
      writing = false;
      const { seen, cursor } = await reader;
      // Catch up from the reader's own cursor: anything it skipped (a change numbered below a cursor it was given) stays stale.
      const rest = await syncAll(api, devices[0]!, vaultId, cursor, 3);
      for (const [id, item] of rest.seen) seen.set(id, item);
      const rows = await db.selectFrom('vault_items').select(['id', 'version']).where('vault_id', '=', vaultId).execute();
      expect(rows).toHaveLength(16);
      for (const row of rows) expect(seen.get(row.id)?.version, row.id).toBe(Number(row.version));
      const counter = await db.selectFrom('counters').select('value').where('name', '=', 'change_seq').executeTakeFirstOrThrow();
      expect(Number(counter.value)).toBe(16 * 6);
    }));

  it('enforces the 2FA gate on every vault and item route: 403, no key, no item, nothing changed', () =>
    withServer(async ({ api, db, clock }) => {
      for (const route of apiRoutes.filter((r) => r.tag === 'vault')) expect(needsSecondFactor(route), `${route.method} ${route.path}`).toBe(true);
      // (Changing the second factor is gated too, and so is every family route: two-factor.test.ts, family.test.ts.)
      const gated = apiRoutes.filter((r) => needsSecondFactor(r) && r.tag === 'vault');
      expect(gated).toHaveLength(Object.keys(vaultRoutes).length);

      const owner = await signedIn(api, 'gated@example.com');
      const vaultId = newId();
      const key = sealedKey();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: key }, owner.token);
      const itemId = newId();
      const item = (await put(api, owner.token, vaultId, itemId, 0)).body.item as Item;
      const bystander = await signedIn(api, 'no2fa@example.com');

      await db.updateTable('accounts').set({ two_factor_required: 1 }).where('id', '=', owner.user.accountId).execute();
      const requests: Record<string, () => Promise<ApiResponse>> = {
        [`POST ${vaultRoutes.create.path}`]: () => api.post('/v1/vaults', { vaultId: newId(), sealedVaultKey: sealedKey() }, owner.token),
        [`GET ${vaultRoutes.list.path}`]: () => api.get('/v1/vaults', owner.token),
        [`GET ${vaultRoutes.getItem.path}`]: () => api.get(`/v1/vaults/${vaultId}/items/${itemId}`, owner.token),
        [`PUT ${vaultRoutes.putItem.path}`]: () => put(api, owner.token, vaultId, itemId, 1),
        [`PUT ${vaultRoutes.putItems.path}`]: () => api.call('PUT', `/v1/vaults/${vaultId}/items`, { items: [{ itemId, expectedVersion: 1, overview: overview(), details: details() }] }, owner.token),
        [`DELETE ${vaultRoutes.deleteItem.path}`]: () => remove(api, owner.token, vaultId, itemId, 1),
        [`GET ${vaultRoutes.changes.path}`]: () => changes(api, owner.token, vaultId),
        [`GET ${vaultRoutes.members.path}`]: () => api.get(`/v1/vaults/${vaultId}/members`, owner.token),
        [`POST ${vaultRoutes.addMember.path}`]: () => api.post(`/v1/vaults/${vaultId}/members`, { accountId: 'ABC123', publicKey: fakeBlob(32), sealedVaultKey: sealedKey() }, owner.token),
        [`DELETE ${vaultRoutes.removeMember.path}`]: () => api.call('DELETE', `/v1/vaults/${vaultId}/members/ABC123`, undefined, owner.token),
        [`GET ${vaultRoutes.signedList.path}`]: () => api.get('/v1/vaults/signed-list', owner.token),
        [`PUT ${vaultRoutes.putSignedList.path}`]: () => api.call('PUT', '/v1/vaults/signed-list', { counter: 1, signedList: fakeBlob(200) }, owner.token),
      };
      expect(Object.keys(requests).sort()).toEqual(gated.map((r) => `${r.method} ${r.path}`).sort());
      const before = await snapshot(db);
      for (const [label, request] of Object.entries(requests)) {
        const answer = await request();
        expectError(answer, 403, 'second_factor_required');
        const text = JSON.stringify(answer.body);
        for (const secret of [key, item.overview!, item.details!, itemId]) expect(text, label).not.toContain(secret);
      }
      // A malformed body is refused at the gate too, before it is read.
      expectError(await api.call('PUT', `/v1/vaults/${vaultId}/items/${itemId}`, { nonsense: true }, owner.token), 403, 'second_factor_required');
      expect(await snapshot(db)).toEqual(before);
      // The account itself still answers (it holds no vault key), and other accounts are unaffected.
      expect((await api.get('/v1/account', owner.token)).status).toBe(200);
      expect((await api.get('/v1/vaults', bystander.token)).status).toBe(200);

      // Once this session has passed the second factor, everything answers; another session still does not.
      clock.advance(1000);
      await db.updateTable('sessions').set({ second_factor_verified_at: clock.now() }).where('id', '=', owner.sessionId).execute();
      expect((await api.get('/v1/vaults', owner.token)).body.vaults).toEqual([{ vaultId, kind: 'private', role: 'owner', sealedVaultKey: key, attributes: null, createdAt: '2030-01-01T00:00:00.000Z' }]);
      expect((await changes(api, owner.token, vaultId)).body.items).toEqual([item]);
      expect((await put(api, owner.token, vaultId, itemId, 1)).status).toBe(200);
      const other = (await login(api, owner.user.email, owner.user.secret, { name: 'Other', platform: 'macos' })).body.sessionToken;
      expectError(await api.get('/v1/vaults', other), 403, 'second_factor_required');
      // With the flag off again, no verification is needed.
      await db.updateTable('accounts').set({ two_factor_required: 0 }).where('id', '=', owner.user.accountId).execute();
      expect((await api.get('/v1/vaults', other)).status).toBe(200);
    }));

  it('refuses malformed ids, queries and envelopes with 400, and changes nothing', () =>
    withServer(async ({ api, db }) => {
      const { token } = await signedIn(api, 'malformed@example.com');
      const vaultId = newId();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, token);
      const itemId = newId();
      await put(api, token, vaultId, itemId, 0);
      const before = await snapshot(db);
      const badIds = ['short', `${newId()}A`, `${newId().slice(0, 21)}B`, `${newId().slice(0, 21)}+`, '%2F'.repeat(8), `${newId().slice(0, 20)}=A`];
      const bad: [string, Promise<ApiResponse>][] = [];
      for (const id of badIds) {
        bad.push([`item id ${id}`, api.get(`/v1/vaults/${vaultId}/items/${id}`, token)]);
        bad.push([`vault id ${id}`, api.get(`/v1/vaults/${id}/items/${itemId}`, token)]);
        bad.push([`put item id ${id}`, put(api, token, vaultId, id, 0)]);
        bad.push([`delete vault id ${id}`, remove(api, token, id, itemId, 1)]);
        bad.push([`changes vault id ${id}`, changes(api, token, id)]);
        bad.push([`create vault id ${id}`, api.post('/v1/vaults', { vaultId: id, sealedVaultKey: sealedKey() }, token)]);
      }
      for (const since of ['-1', 'abc', '1.5', '01', '9'.repeat(16), '']) bad.push([`since=${since}`, api.get(`/v1/vaults/${vaultId}/changes?since=${since}`, token)]);
      for (const limit of ['0', '501', '-5', 'ten', '1e2', '']) bad.push([`limit=${limit}`, api.get(`/v1/vaults/${vaultId}/changes?limit=${limit}`, token)]);
      bad.push(['unknown query field', api.get(`/v1/vaults/${vaultId}/changes?since=0&cursor=1`, token)]);
      const good = { overview: overview(), details: details() };
      const envelopes: Record<string, unknown>[] = [
        { ...good, overview: fakeBlob(10) },
        { ...good, details: 'A'.repeat(VAULT_LIMITS.details.min - 1) },
        { ...good, overview: 'A'.repeat(VAULT_LIMITS.overview.max + 1) },
        { ...good, details: 'A'.repeat(VAULT_LIMITS.details.max + 1) },
        { ...good, overview: fakeEnvelope(EnvelopeKind.VaultAttributes, 256) },
        { ...good, overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, VAULT_LIMITS.overview.maxBucket * 2) },
        { ...good, overview: good.details },
        { ...good, overview: `${good.overview}+/==` },
        { ...good, details: `${good.details.slice(0, 100)} ${good.details.slice(100)}` },
        { ...good, overview: null },
        { ...good, details: { envelope: good.details } },
      ];
      for (const [i, content] of envelopes.entries()) bad.push([`envelope ${i}`, api.call('PUT', `/v1/vaults/${vaultId}/items/${itemId}`, { expectedVersion: 1, ...content }, token)]);
      for (const expectedVersion of [-1, 1.5, '1', null, VAULT_LIMITS.maxVersion + 1, 2 ** 53]) {
        bad.push([`put expectedVersion ${String(expectedVersion)}`, api.call('PUT', `/v1/vaults/${vaultId}/items/${itemId}`, { expectedVersion, ...good }, token)]);
        bad.push([`delete expectedVersion ${String(expectedVersion)}`, remove(api, token, vaultId, itemId, expectedVersion as number)]);
      }
      bad.push(['delete expectedVersion 0', remove(api, token, vaultId, itemId, 0)]);
      // The deletion marker (0x0B) is required, and is exactly the 42 bytes of an empty plaintext's envelope.
      const markers: [string, unknown][] = [
        ['none', undefined],
        ['null', null],
        ['another kind', fakeEnvelope(EnvelopeKind.PaddedItemDetails, 0)],
        ['a plaintext', fakeEnvelope(EnvelopeKind.ItemDeletionMarker, 1)],
        ['too short', marker().slice(0, -4)],
        ['padding', `${marker()}==`],
        ['not text', 42],
      ];
      for (const [label, value] of markers) bad.push([`delete marker ${label}`, api.call('DELETE', `/v1/vaults/${vaultId}/items/${itemId}`, { expectedVersion: 1, ...(value !== undefined && { marker: value }) }, token)]);
      for (const sealedVaultKey of [fakeBlob(40), 'A'.repeat(VAULT_LIMITS.sealedVaultKey.max + 1), `${sealedKey()}=`, 42]) {
        bad.push([`sealed key ${String(sealedVaultKey).length}`, api.post('/v1/vaults', { vaultId: newId(), sealedVaultKey }, token)]);
      }
      for (const [label, answer] of bad) {
        const response = await answer;
        expect(response.status, label).toBe(400);
        expectError(response, 400, 'invalid_request');
      }
      expect(await snapshot(db)).toEqual(before);
    }));

  it('refuses an item that is not padded (kinds 0x05 / 0x06, or a length off the size buckets) with item_not_padded, naming the field; still serves items stored before padding', () =>
    withServer(async ({ api, db }) => {
      const { token } = await signedIn(api, 'padding@example.com');
      const vaultId = newId();
      await api.post('/v1/vaults', { vaultId, sealedVaultKey: sealedKey() }, token);
      const itemId = newId();
      const good = { overview: overview(), details: details() };
      const paddedOverview = EnvelopeKind.PaddedItemOverview;
      const paddedDetails = EnvelopeKind.PaddedItemDetails;
      const bad: [string, Record<string, string>][] = [
        ['overview', { ...good, overview: fakeEnvelope(EnvelopeKind.ItemOverview, 256) }],
        ['details', { ...good, details: fakeEnvelope(EnvelopeKind.ItemDetails, 80) }],
        ['overview', { ...good, overview: fakeEnvelope(paddedOverview, 255) }],
        ['overview', { ...good, overview: fakeEnvelope(paddedOverview, 257) }],
        ['overview', { ...good, overview: fakeEnvelope(paddedOverview, 384) }],
        ['overview', { ...good, overview: fakeEnvelope(paddedOverview, 128) }],
        ['details', { ...good, details: fakeEnvelope(paddedDetails, 1000) }],
        ['details', { ...good, details: fakeEnvelope(paddedDetails, 0) }],
      ];
      const before = await snapshot(db);
      for (const [field, body] of bad) {
        const response = await api.call('PUT', `/v1/vaults/${vaultId}/items/${itemId}`, { expectedVersion: 0, ...body }, token);
        expectError(response, 400, 'item_not_padded');
        expect(response.body.error.message, field).toMatch(new RegExp(`^body\\.${field} must be envelope 0x(09|0A) padded`));
      }
      expect(await snapshot(db)).toEqual(before);

      // Every bucket up to the largest is accepted.
      for (let bucket = 256, version = 0; bucket <= VAULT_LIMITS.overview.maxBucket; bucket *= 2, version++) {
        const body = { expectedVersion: version, overview: fakeEnvelope(paddedOverview, bucket), details: fakeEnvelope(paddedDetails, Math.min(bucket * 4, VAULT_LIMITS.details.maxBucket)) };
        expect((await api.call('PUT', `/v1/vaults/${vaultId}/items/${itemId}`, body, token)).status).toBe(200);
      }

      // An item stored before padding is served as stored, by item and in the changes feed.
      const legacy = { overview: fakeEnvelope(EnvelopeKind.ItemOverview, 80), details: fakeEnvelope(EnvelopeKind.ItemDetails, 33) };
      await db.updateTable('vault_items').set(legacy).where('id', '=', itemId).execute();
      expect((await api.get(`/v1/vaults/${vaultId}/items/${itemId}`, token)).body.item).toMatchObject(legacy);
      expect((await syncAll(api, token, vaultId)).seen.get(itemId)).toMatchObject(legacy);
    }));

  it('documents the 409 body and the 2FA gate in the OpenAPI document', () =>
    withServer(async ({ api }) => {
      const doc = (await api.get('/openapi.json')).body;
      const put = doc.paths['/v1/vaults/{vaultId}/items/{itemId}'].put;
      expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '409']));
      expect(JSON.stringify(put.responses['409'])).toContain('current');
      expect(put.description).toMatch(/second factor/);
      const changesOp = doc.paths['/v1/vaults/{vaultId}/changes'].get;
      expect(changesOp.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`).sort()).toEqual(['path:vaultId', 'query:limit', 'query:since']);
    }));
});
