/**
 * The account's trust record (docs/security-design.md §8.7), kept as the sealed bytes a device
 * of the account wrote, in version order (sealed-record.ts). Devices refuse a record older than
 * one they have seen.
 */
import type { FastifyInstance } from 'fastify';
import { trustRecordRoutes } from '../../shared/server-api/trust-record';
import type { ServerContext } from '../context';
import { addRoute } from '../http/routes';
import { readSealedRecord, writeSealedRecord } from './sealed-record';

const TRUST_RECORDS = { table: 'trust_records', stale: 'stale_trust_record', what: 'trust record' } as const;

export function registerTrustRecordRoutes(app: FastifyInstance, context: ServerContext): void {
  addRoute(app, context, trustRecordRoutes.get, async ({ session }) => readSealedRecord(context, TRUST_RECORDS.table, session.accountId));
  addRoute(app, context, trustRecordRoutes.put, async ({ session, body }) => writeSealedRecord(context, TRUST_RECORDS, session.accountId, body.version, body.record));
}
