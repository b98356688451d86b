/**
 * The account's profile on the server (docs/security-design.md §8.8): its name, sealed
 * (envelope 0x0F) under a key derived from the account key, so every device the account signs
 * in or recovers on shows it. The server stores the sealed bytes and a version it cannot check
 * against the sealed one (the AAD binds it); each write must be exactly one more than what it
 * holds (409 `stale_account_profile`).
 */
import { z } from 'zod';
import { ACCOUNT_PROFILE_BYTES } from '../crypto/account-profile';
import { EnvelopeKind, HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../crypto/envelope';
import { defineRoute, envelope } from './http';

/** Every profile has the same length: its envelope as unpadded base64url. */
const PROFILE_WIRE = Math.ceil(((HEADER_BYTES + NONCE_BYTES + ACCOUNT_PROFILE_BYTES + TAG_BYTES) * 4) / 3);
const MAX_VERSION = Number.MAX_SAFE_INTEGER;

const sealedProfile = envelope(EnvelopeKind.AccountProfile, PROFILE_WIRE, PROFILE_WIRE);
const served = z.strictObject({ version: z.int().min(0).max(MAX_VERSION), profile: z.string().nullable() });

export const accountProfileRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/v1/account/profile',
    summary: "This account's sealed profile (its name) and its version (version 0 and null: none yet)",
    tag: 'account',
    access: 'read',
    response: served,
  }),
  put: defineRoute({
    method: 'PUT',
    path: '/v1/account/profile',
    summary: "Replace this account's sealed profile; `version` must be exactly one more than the stored one (409 `stale_account_profile`)",
    tag: 'account',
    access: 'write',
    secondFactor: true,
    body: z.strictObject({ version: z.int().min(1).max(MAX_VERSION), profile: sealedProfile }),
    response: served,
  }),
} as const;
