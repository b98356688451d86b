/**
 * The account's trust record on the server (docs/security-design.md §8.7): the organizers it
 * trusts and the members it has verified, sealed (envelope 0x0D) under a key derived from the
 * account key, so every device of the account knows them. The server stores the sealed bytes
 * and a version it cannot check against the sealed one; each write must be exactly one more
 * than what it holds (409 `stale_trust_record`), and devices refuse a record older than one
 * they have seen.
 */
import { z } from 'zod';
import { EnvelopeKind } from '../crypto/envelope';
import { defineRoute, envelope } from './http';

/** Base64url characters: the smallest record (53 bytes) to a full one (43,533 bytes: 58,044 characters), under the 64 KiB body limit. */
const TRUST_RECORD_WIRE = { min: 71, max: 60_000 } as const;
const MAX_VERSION = Number.MAX_SAFE_INTEGER;

const sealedRecord = envelope(EnvelopeKind.TrustRecord, TRUST_RECORD_WIRE.max, TRUST_RECORD_WIRE.min);
const served = z.strictObject({ version: z.int().min(0).max(MAX_VERSION), record: z.string().nullable() });

export const trustRecordRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/v1/trust-record',
    summary: "This account's sealed trust record and its version (version 0 and null: none yet)",
    tag: 'trust',
    access: 'read',
    secondFactor: true,
    response: served,
  }),
  put: defineRoute({
    method: 'PUT',
    path: '/v1/trust-record',
    summary: "Replace this account's sealed trust record; `version` must be exactly one more than the stored one (409 `stale_trust_record`)",
    tag: 'trust',
    access: 'security',
    body: z.strictObject({ version: z.int().min(1).max(MAX_VERSION), record: sealedRecord }),
    response: served,
  }),
} as const;
