/**
 * The account's profile (docs/security-design.md §8.8): its name, as the sealed bytes a device
 * of the account wrote, in version order (src/server/trust/sealed-record.ts). The server never
 * sees the name, and cannot change it: a device opens only what the account's key sealed.
 */
import type { FastifyInstance } from 'fastify';
import { accountProfileRoutes } from '../../shared/server-api/account-profile';
import type { ServerContext } from '../context';
import { addRoute } from '../http/routes';
import { readSealedRecord, writeSealedRecord, type SealedRecord } from '../trust/sealed-record';

const PROFILES = { table: 'account_profiles', stale: 'stale_account_profile', what: 'account profile' } as const;

const served = ({ version, record }: SealedRecord) => ({ version, profile: record });

export function registerAccountProfileRoutes(app: FastifyInstance, context: ServerContext): void {
  addRoute(app, context, accountProfileRoutes.get, async ({ session }) => served(await readSealedRecord(context, PROFILES.table, session.accountId)));
  addRoute(app, context, accountProfileRoutes.put, async ({ session, body }) => served(await writeSealedRecord(context, PROFILES, session.accountId, body.version, body.profile)));
}
