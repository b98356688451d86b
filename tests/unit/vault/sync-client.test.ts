/** The sync client's query strings and its typed 409 version conflict, against a tiny local HTTP server. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { vaultRoutes } from '../../../src/shared/server-api/vault';
import { SyncApiError, SyncServerClient, VersionConflictError } from '../../../src/main/core/sync/client';

const vaultId = 'AAAAAAAAAAAAAAAAAAAAAA';
const itemId = 'BBBBBBBBBBBBBBBBBBBBBA';
const envelope = 'A'.repeat(60);
const current = { vaultId, itemId, version: 3, deleted: false, overview: envelope, details: envelope, deletionMarker: null, updatedAt: '2026-01-01T00:00:00.000Z' };
let server: Server | undefined;

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<SyncServerClient> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new SyncServerClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}
const json = (response: ServerResponse, status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('SyncServerClient', () => {
  it('sends the query fields that are set', async () => {
    let seen = '';
    const client = await serve((request, response) => {
      seen = request.url ?? '';
      json(response, 200, { items: [], cursor: '7', hasMore: false });
    });
    await client.call(vaultRoutes.changes, { params: { vaultId }, query: { since: '5' }, sessionToken: 't' });
    expect(seen).toBe(`/v1/vaults/${vaultId}/changes?since=5`);
    await client.call(vaultRoutes.changes, { params: { vaultId }, query: {}, sessionToken: 't' });
    expect(seen).toBe(`/v1/vaults/${vaultId}/changes`);
  });

  it('turns a 409 on a versioned write into a conflict carrying the current item', async () => {
    const client = await serve((_request, response) => json(response, 409, { error: { code: 'version_conflict', message: 'stale' }, current }));
    const failure = await client.call(vaultRoutes.putItem, { params: { vaultId, itemId }, body: { expectedVersion: 1, overview: envelope, details: envelope }, sessionToken: 't' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VersionConflictError);
    expect(failure).toMatchObject({ code: 'version_conflict', status: 409, current });
  });

  it('keeps the plain error for other statuses and for routes without a conflict body', async () => {
    const client = await serve((request, response) =>
      request.method === 'GET' ? json(response, 409, { error: { code: 'version_conflict', message: 'x' }, current }) : json(response, 404, { error: { code: 'not_found', message: 'gone' } }),
    );
    const notFound = await client.call(vaultRoutes.deleteItem, { params: { vaultId, itemId }, body: { expectedVersion: 1, marker: `AQs${'A'.repeat(53)}` }, sessionToken: 't' }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(SyncApiError);
    expect(notFound).not.toBeInstanceOf(VersionConflictError);
    expect(notFound).toMatchObject({ code: 'not_found', status: 404 });
    // The list route declares no 409 body, so an extra field is still a response Latchkey does not understand.
    await expect(client.call(vaultRoutes.list, { sessionToken: 't' })).rejects.toMatchObject({ code: 'bad_response', status: 409 });
  });

  it('stops a call whose signal aborts while the server holds its answer, failing with the signal’s reason', async () => {
    let arrived = () => undefined as void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    let dropped = false;
    // Never answers: only the abort can end the call (the client's own timeout is 15 s).
    const client = await serve((request) => {
      request.on('close', () => (dropped = true));
      arrived();
    });
    const controller = new AbortController();
    const call = client.call(vaultRoutes.list, { sessionToken: 't', signal: controller.signal });
    await reached;
    const reason = new Error('the account locked');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    await expect.poll(() => dropped).toBe(true);
    // An aborted signal stops a call before it is sent.
    await expect(client.call(vaultRoutes.list, { sessionToken: 't', signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});
