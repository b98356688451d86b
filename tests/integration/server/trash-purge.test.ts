/**
 * Recently Deleted on the server (§8.4): a trashing write carries the device's deletion marker for
 * the next version; 30 days after trashedAt the purge (at start and daily) makes that tombstone
 * with that marker. A restore makes the kept marker void; bad input is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { purgeTrashed } from '../../../src/server/vault/trash-purge';
import { testDatabases } from './databases';
import { expectError, fakeBlob, fakeEnvelope, login, signUp, snapshot, startSmtp, startTestServer, type Api, type TestServer, type TestSmtp } from './harness';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => smtp.close());

const DAY = 24 * 60 * 60_000;
const item = () => ({ overview: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 256), details: fakeEnvelope(EnvelopeKind.PaddedItemDetails, 512) });
const marker = () => fakeEnvelope(EnvelopeKind.ItemDeletionMarker, 0);

describe.each(testDatabases)('Recently Deleted purge on $name', (database) => {
  async function setUp(server: TestServer) {
    const user = await signUp(server.api, smtp, `trash-${fakeBlob(6).toLowerCase()}@example.com`);
    const signIn = async () => (await login(server.api, user.email, user.secret)).body.sessionToken as string;
    let token = await signIn();
    const vaultId = fakeBlob(16);
    expect((await server.api.post('/v1/vaults', { vaultId, sealedVaultKey: fakeEnvelope(EnvelopeKind.VaultKeySealed, 54) }, token)).status).toBe(201);
    const put = (api: Api, itemId: string, expectedVersion: number, purge?: unknown) =>
      api.call('PUT', `/v1/vaults/${vaultId}/items/${itemId}`, { expectedVersion, ...item(), ...(purge === undefined ? {} : { purge }) }, token);
    const get = async (itemId: string) => (await server.api.get(`/v1/vaults/${vaultId}/items/${itemId}`, token)).body.item;
    /** Sessions end after 14 idle days: sign in again after moving the clock that far. */
    const renew = async () => {
      token = await signIn();
    };
    return { vaultId, put, get, renew };
  }

  it('purges an item 30 days after it was trashed, as the tombstone its marker signs, at start and by the job', async () => {
    const config = await database.create();
    let server = await startTestServer(config, smtp);
    try {
      const { put, get, renew } = await setUp(server);
      const [early, late] = [fakeBlob(16), fakeBlob(16)];
      const signed = { early: marker(), late: marker() };
      for (const itemId of [early, late]) expect((await put(server.api, itemId, 0)).status).toBe(200);
      const trashed = await put(server.api, early, 1, { marker: signed.early, trashedAt: new Date(server.clock.now()).toISOString() });
      expect(trashed.status).toBe(200);
      expect(trashed.body.item).toMatchObject({ version: 2, deleted: false, deletionMarker: null });

      server.clock.advance(10 * DAY);
      expect((await put(server.api, late, 1, { marker: signed.late, trashedAt: new Date(server.clock.now()).toISOString() })).status).toBe(200);

      // Day 29 of the first: nothing is due.
      server.clock.advance(19 * DAY);
      await renew();
      expect(await purgeTrashed({ db: server.db, now: server.clock.now })).toBe(0);
      expect(await get(early)).toMatchObject({ version: 2, deleted: false });

      // Day 30: the first is purged as version 3 with its own marker; the second (day 20) stays.
      server.clock.advance(DAY);
      expect(await purgeTrashed({ db: server.db, now: server.clock.now })).toBe(1);
      expect(await get(early)).toMatchObject({ version: 3, deleted: true, overview: null, details: null, deletionMarker: signed.early });
      expect(await get(late)).toMatchObject({ version: 2, deleted: false });
      expect(await purgeTrashed({ db: server.db, now: server.clock.now })).toBe(0);

      // A server started 10 days later purges the second at start, before it answers.
      const clock = server.clock;
      await server.close();
      clock.advance(10 * DAY);
      server = await startTestServer(config, smtp, { clock });
      expect(await server.db.selectFrom('vault_items').select(['id', 'version', 'deleted', 'deletion_marker', 'purge_marker']).where('id', '=', late).execute()).toEqual([
        { id: late, version: 3, deleted: 1, deletion_marker: signed.late, purge_marker: null },
      ]);
    } finally {
      await server.close();
    }
  });

  it('a restore (a newer write) makes the kept marker void: nothing is purged, ever', async () => {
    const server = await startTestServer(await database.create(), smtp);
    try {
      const { put, get, renew } = await setUp(server);
      const itemId = fakeBlob(16);
      expect((await put(server.api, itemId, 0)).status).toBe(200);
      expect((await put(server.api, itemId, 1, { marker: marker(), trashedAt: new Date(server.clock.now()).toISOString() })).status).toBe(200);
      expect((await put(server.api, itemId, 2)).status).toBe(200);
      server.clock.advance(31 * DAY);
      await renew();
      expect(await purgeTrashed({ db: server.db, now: server.clock.now })).toBe(0);
      expect(await get(itemId)).toMatchObject({ version: 3, deleted: false });
      expect(await server.db.selectFrom('vault_items').select(['purge_marker', 'purge_version', 'trashed_at']).where('id', '=', itemId).executeTakeFirst()).toEqual({
        purge_marker: null,
        purge_version: null,
        trashed_at: null,
      });
    } finally {
      await server.close();
    }
  });

  it('refuses a bad purge and writes nothing', async () => {
    const server = await startTestServer(await database.create(), smtp);
    try {
      const { put } = await setUp(server);
      const itemId = fakeBlob(16);
      expect((await put(server.api, itemId, 0)).status).toBe(200);
      const now = server.clock.now();
      const before = await snapshot(server.db);
      for (const purge of [
        { marker: marker(), trashedAt: new Date(now + 2 * DAY).toISOString() },
        { marker: marker(), trashedAt: new Date(now - 2 * DAY).toISOString() },
        { marker: marker(), trashedAt: 'yesterday' },
        { marker: fakeEnvelope(EnvelopeKind.PaddedItemOverview, 0), trashedAt: new Date(now).toISOString() },
        { marker: marker() },
        { marker: marker(), trashedAt: new Date(now).toISOString(), purgeAt: new Date(now).toISOString() },
        null,
      ]) {
        expectError(await put(server.api, itemId, 1, purge), 400, 'invalid_request');
      }
      expect(await snapshot(server.db)).toEqual(before);
    } finally {
      await server.close();
    }
  });
});
