/**
 * Vault and item routes. Each is declared in src/shared/server-api/vault.ts with
 * `secondFactor: true`, so `addRoute` applies the 2FA gate before any of these handlers runs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isCursor, SINCE_HEADER, VAULT_LIMITS, vaultRoutes } from '../../shared/server-api/vault';
import { ApiError } from '../http/errors';
import type { ServerContext } from '../context';
import { addRoute } from '../http/routes';
import { membershipOf } from '../family/families';
import { addVaultMember, removeVaultMember, vaultMembers } from './sharing';
import { writeItems } from './batch-items';
import { requirePaddedItem } from './padded-items';
import { putSignedVaultList, signedVaultList } from './signed-list';
import { purgeOf } from './trash-purge';
import { authenticatePoll, changesSince } from './sync-poll';
import { createVault, getItem, listVaults, writeItem } from './vaults';

export function registerVaultRoutes(app: FastifyInstance, context: ServerContext): void {
  addRoute(app, context, vaultRoutes.create, async ({ session, body }) => ({ vault: await createVault(context, session.accountId, body) }));

  addRoute(app, context, vaultRoutes.list, async ({ session }) => {
    const [vaults, family] = await Promise.all([listVaults(context, session.accountId), membershipOf(context.db, session.accountId)]);
    return { vaults, canShare: family !== null };
  });

  addRoute(app, context, vaultRoutes.members, async ({ session, params }) => ({ members: await vaultMembers(context.db, params.vaultId, session.accountId) }));

  addRoute(app, context, vaultRoutes.addMember, async ({ session, params, body, request }) => ({
    members: await addVaultMember(context, { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip }, params.vaultId, body),
  }));

  addRoute(app, context, vaultRoutes.removeMember, async ({ session, params, request }) => ({
    members: await removeVaultMember(context, { accountId: session.accountId, sessionId: session.sessionId, ip: request.ip }, params.vaultId, params.accountId),
  }));

  addRoute(app, context, vaultRoutes.getItem, async ({ session, params }) => ({
    item: await getItem(context, session.accountId, params.vaultId, params.itemId),
  }));

  addRoute(app, context, vaultRoutes.putItem, async ({ session, params, body, request }) => {
    requirePaddedItem(body);
    const purge = body.purge && purgeOf(context, body.expectedVersion, body.purge);
    return writeItem(context, session.accountId, params.vaultId, params.itemId, body.expectedVersion, { kind: 'put', overview: body.overview, details: body.details, purge }, sinceOf(request));
  });

  addRoute(app, context, vaultRoutes.putItems, async ({ session, params, body, request }) => writeItems(context, session.accountId, params.vaultId, body.items, sinceOf(request)));

  addRoute(app, context, vaultRoutes.deleteItem, async ({ session, params, body, request }) =>
    writeItem(context, session.accountId, params.vaultId, params.itemId, body.expectedVersion, { kind: 'delete', marker: body.marker }, sinceOf(request)),
  );

  addRoute(app, context, vaultRoutes.signedList, async ({ session }) => signedVaultList(context, session.accountId));

  addRoute(app, context, vaultRoutes.putSignedList, async ({ session, body }) => putSignedVaultList(context, session.accountId, body.counter, body.signedList));

  // Its own authentication: the session, the membership and the vault's latest change in one query (sync-poll.ts).
  addRoute(
    app,
    context,
    vaultRoutes.changes,
    async ({ session, params, query }) => changesSince(context, session, params.vaultId, Number(query.since ?? '0'), Number(query.limit ?? VAULT_LIMITS.pageDefault)),
    authenticatePoll,
  );
}

/** A write's SINCE_HEADER, the writer's cursor for the vault (undefined without one); 400 when it is not a cursor. */
function sinceOf(request: FastifyRequest): number | undefined {
  const since = request.headers[SINCE_HEADER];
  if (since === undefined) return undefined;
  if (!isCursor(since)) throw new ApiError(400, 'invalid_request', `The ${SINCE_HEADER} header must be a cursor from a previous answer, or 0`);
  return Number(since);
}
