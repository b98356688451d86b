/**
 * Vaults and items. The server stores each vault key only as grants sealed to members'
 * X25519 public keys (envelope 0x04) and each item only as its two AEAD envelopes (0x09
 * overview, 0x0A details, padded to a size bucket), whose AAD binds the vault id, the item id
 * and the version (docs/security-design.md §8.3–8.4, §9). A write of the old unpadded kinds
 * (0x05 / 0x06) or of a length that is not a bucket is refused with 400 `item_not_padded`;
 * items stored before padding are still served as they are. Every route here is behind the
 * 2FA gate.
 *
 * Versions: an item's version starts at 1 and the server sets it to `expectedVersion + 1`
 * on every write, so the client encrypts with that version in the AAD before sending. A
 * write whose `expectedVersion` is not the stored one (0 = "no such item yet") is refused
 * with 409 `version_conflict` and the current item, and nothing is overwritten.
 *
 * Shared vaults (a family's): the creator owns one and gives family members access, each with
 * the vault key sealed to their own public key; the name travels encrypted under the vault key
 * (`attributes`, envelope 0x08). A private vault (every account's own) is never shared.
 *
 * Sync: every write takes the next value of one server-wide change sequence, in the write's
 * transaction; `GET …/changes?since=<cursor>` returns a vault's items (tombstones included)
 * changed after the cursor, in sequence order. Cursors are opaque strings to the client.
 * A write that carries the writer's cursor for the vault in the SINCE_HEADER header answers,
 * besides, the vault's cursor after it (`cursor`), when no change of the vault lay after that
 * cursor before the write (docs/security-design.md §13.1, "A device's own writes"); a write
 * without the header answers as before.
 */
import { z } from 'zod';
import { ITEM_KINDS } from '../crypto/aad';
import { EnvelopeKind, HEADER_BYTES, NONCE_BYTES, TAG_BYTES } from '../crypto/envelope';
import { accountIdSchema, base64url, defineRoute, envelope, x25519PublicKeySchema } from './http';

/** A client-generated id: 16 random bytes as canonical unpadded base64url (22 characters). */
export const id16 = z
  .string()
  .length(22)
  .regex(/^[A-Za-z0-9_-]{21}[AQgw]$/, 'must be 16 bytes as base64url');

/** Characters of a padded item envelope whose plaintext is `bucket` bytes. */
function paddedChars(bucket: number): number {
  return Math.ceil(((HEADER_BYTES + NONCE_BYTES + bucket + TAG_BYTES) * 4) / 3);
}

/** Size limits, in base64url characters. Minimums are the envelope's fixed overhead. */
export const VAULT_LIMITS = {
  /** 0x04: header (2) + sealed-box overhead (48) + key (32) + a non-empty vault id. */
  sealedVaultKey: { min: 111, max: 512 },
  /**
   * 0x09/0x0A: `maxBucket` is the largest size bucket (bytes of padded plaintext) a write may
   * use; `max` is its envelope in characters (42 bytes of header, nonce and tag with it), and
   * `min` the 42 bytes alone. The largest body stays under the server's 64 KiB body limit.
   */
  overview: { min: 56, max: paddedChars(8 * 1024), maxBucket: 8 * 1024 },
  details: { min: 56, max: paddedChars(32 * 1024), maxBucket: 32 * 1024 },
  /** 0x0B: exactly the 42 bytes of header, nonce and tag (an empty plaintext). */
  deletionMarker: 56,
  /** 0x08: the same overhead, plus the JSON of a name of at most 100 characters. */
  attributes: { min: 56, max: 1024 },
  /** Items per page of changes. */
  pageDefault: 100,
  pageMax: 500,
  /** Items one batch write may hold, and the largest body (bytes) it may send. */
  batchItems: 500,
  batchBody: 16 * 1024 * 1024,
  /** The largest version a write may expect (the next one must fit a 32-bit column). */
  maxVersion: 2_147_483_646,
  /** Recently Deleted: the server purges an item this long after it was trashed, and takes a trashedAt this close to its clock. */
  trashKeptMs: 30 * 24 * 60 * 60_000,
  trashClockSkewMs: 24 * 60 * 60_000,
} as const;

/** A vault key grant (envelope 0x04), to a member or to a family's recovery group. */
export const sealedVaultKeySchema = envelope(EnvelopeKind.VaultKeySealed, VAULT_LIMITS.sealedVaultKey.max, VAULT_LIMITS.sealedVaultKey.min);
/** Either kind of the part, so that an unpadded write gets its own error (item_not_padded, src/server/vault/padded-items.ts). */
const overviewEnvelope = envelope(Object.values(ITEM_KINDS.overview), VAULT_LIMITS.overview.max, VAULT_LIMITS.overview.min);
const detailsEnvelope = envelope(Object.values(ITEM_KINDS.details), VAULT_LIMITS.details.max, VAULT_LIMITS.details.min);
/** 0x0B: header, nonce and tag around an empty plaintext, 42 bytes. */
const deletionMarkerEnvelope = envelope(EnvelopeKind.ItemDeletionMarker, VAULT_LIMITS.deletionMarker, VAULT_LIMITS.deletionMarker);
const attributesEnvelope = envelope(EnvelopeKind.VaultAttributes, VAULT_LIMITS.attributes.max, VAULT_LIMITS.attributes.min);
const expectedVersion = z.int().min(0).max(VAULT_LIMITS.maxVersion);
/** The signed vault list (§8.6): at most 1,000 vaults, 17 + 56·1000 + 64 bytes. */
const signedVaultList = base64url(Math.ceil((17 + 56 * 1000 + 64) * 4 / 3), Math.ceil((17 + 64) * 4 / 3));
const listCounter = z.int().min(1).max(Number.MAX_SAFE_INTEGER);

export const vaultRoles = ['owner', 'member'] as const;
export const vaultKinds = ['private', 'shared'] as const;

/** A vault as one member sees it: its own grant of the vault key. */
export const vaultSchema = z.strictObject({
  vaultId: z.string(),
  kind: z.enum(vaultKinds),
  role: z.enum(vaultRoles),
  sealedVaultKey: z.string(),
  /** A shared vault's name, encrypted under the vault key (envelope 0x08); null for a private vault. */
  attributes: z.string().nullable(),
  createdAt: z.string(),
});
export type VaultView = z.infer<typeof vaultSchema>;

/**
 * An item as stored: ciphertext and metadata. A tombstone has `deleted`, no envelopes, and the
 * deleting device's marker (envelope 0x0B; null on a tombstone from before migration 0015).
 */
export const itemSchema = z.strictObject({
  vaultId: z.string(),
  itemId: z.string(),
  version: z.int(),
  deleted: z.boolean(),
  overview: z.string().nullable(),
  details: z.string().nullable(),
  deletionMarker: z.string().nullable(),
  updatedAt: z.string(),
});
export type ItemView = z.infer<typeof itemSchema>;

/**
 * 409 on a write at a stale version: the uniform error body plus the item as it is now
 * (`null` when no such item exists, i.e. the current version is 0).
 */
export const versionConflictSchema = z.strictObject({
  error: z.strictObject({ code: z.literal('version_conflict'), message: z.string() }),
  current: itemSchema.nullable(),
});
export type VersionConflictBody = z.infer<typeof versionConflictSchema>;

/** Who can open a vault, as its members see it. */
export const vaultMemberSchema = z.strictObject({ accountId: z.string(), email: z.string(), role: z.enum(vaultRoles) });
export type VaultMember = z.infer<typeof vaultMemberSchema>;
const vaultMembers = z.strictObject({ members: z.array(vaultMemberSchema) });

const vaultParams = z.strictObject({ vaultId: id16 });
const memberParams = z.strictObject({ vaultId: id16, accountId: accountIdSchema });
const itemParams = z.strictObject({ vaultId: id16, itemId: id16 });
const cursor = z.string().regex(/^(0|[1-9][0-9]{0,14})$/, 'must be a cursor from a previous answer, or 0');
/** A write's header: the writer's cursor for the vault (as `since` of GET …/changes). Old servers ignore it; old clients never send it. */
export const SINCE_HEADER = 'latchkey-since';
/** Whether `text` is a cursor as SINCE_HEADER and `since` carry one. */
export const isCursor = (text: unknown): text is string => cursor.safeParse(text).success;
/** Only when the write carried SINCE_HEADER and nothing of the vault changed after that cursor before the write: the vault's cursor after it. */
const cursorAfter = cursor.optional();
const pageLimit = z.string().regex(/^([1-9][0-9]?|[1-4][0-9]{2}|500)$/, `must be a whole number from 1 to ${VAULT_LIMITS.pageMax}`);

export const vaultRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/v1/vaults',
    summary: 'Create a vault: its client-generated id and the vault key sealed to the creator\'s own X25519 public key',
    tag: 'vault',
    access: 'write',
    secondFactor: true,
    status: 201,
    /**
     * `recoveryGrant`: the vault key sealed to the family's recovery group; required of a family's members (family.ts).
     * `shared`: a vault the owner can give other family members access to, with its encrypted name; family members only.
     */
    body: z.strictObject({
      vaultId: id16,
      sealedVaultKey: sealedVaultKeySchema,
      recoveryGrant: z.strictObject({ keyId: id16, sealedVaultKey: sealedVaultKeySchema }).optional(),
      shared: z.strictObject({ attributes: attributesEnvelope }).optional(),
    }),
    response: z.strictObject({ vault: vaultSchema }),
  }),
  list: defineRoute({
    method: 'GET',
    path: '/v1/vaults',
    summary: 'The vaults this account is a member of, each with its own sealed vault key; and whether it may make shared vaults (it is in a family)',
    tag: 'vault',
    access: 'read',
    secondFactor: true,
    response: z.strictObject({ vaults: z.array(vaultSchema), canShare: z.boolean() }),
  }),
  members: defineRoute({
    method: 'GET',
    path: '/v1/vaults/:vaultId/members',
    summary: 'Who has access to a vault (members of the vault only)',
    tag: 'vault',
    access: 'read',
    secondFactor: true,
    params: vaultParams,
    response: vaultMembers,
  }),
  addMember: defineRoute({
    method: 'POST',
    path: '/v1/vaults/:vaultId/members',
    summary: "The owner of a shared vault gives a member of their family access: the vault key sealed to the member's current public key",
    tag: 'vault',
    access: 'security',
    params: vaultParams,
    status: 201,
    body: z.strictObject({ accountId: accountIdSchema, publicKey: x25519PublicKeySchema, sealedVaultKey: sealedVaultKeySchema }),
    response: vaultMembers,
  }),
  removeMember: defineRoute({
    method: 'DELETE',
    path: '/v1/vaults/:vaultId/members/:accountId',
    summary: "The owner of a shared vault takes a member's access away (not their own)",
    tag: 'vault',
    access: 'security',
    params: memberParams,
    response: vaultMembers,
  }),
  getItem: defineRoute({
    method: 'GET',
    path: '/v1/vaults/:vaultId/items/:itemId',
    summary: 'One item (or its tombstone) as stored',
    tag: 'vault',
    access: 'read',
    secondFactor: true,
    params: itemParams,
    response: z.strictObject({ item: itemSchema }),
  }),
  putItem: defineRoute({
    method: 'PUT',
    path: '/v1/vaults/:vaultId/items/:itemId',
    summary:
      'Create (expectedVersion 0) or update an item; the new version is expectedVersion + 1, or 409 version_conflict with the current item; 400 item_not_padded unless both envelopes are the padded kinds (0x09, 0x0A) of a size bucket',
    tag: 'vault',
    access: 'write',
    secondFactor: true,
    params: itemParams,
    /**
     * `purge` (Recently Deleted, §8.4): the write moves the item there; `marker` is the deletion marker for version
     * expectedVersion + 2, which the server turns into that tombstone 30 days after `trashedAt` (within a day of the
     * server's clock, else 400 invalid_request) if the item is still at expectedVersion + 1 then.
     */
    body: z.strictObject({
      expectedVersion,
      overview: overviewEnvelope,
      details: detailsEnvelope,
      purge: z.strictObject({ marker: deletionMarkerEnvelope, trashedAt: z.iso.datetime() }).optional(),
    }),
    response: z.strictObject({ item: itemSchema, cursor: cursorAfter }),
    errors: { 409: versionConflictSchema },
  }),
  putItems: defineRoute({
    method: 'PUT',
    path: '/v1/vaults/:vaultId/items',
    summary:
      'Create or update up to 500 items in one transaction, each checked as PUT …/items/:itemId checks it; all or nothing: 400 invalid_request (an item id twice) or item_not_padded, 409 version_conflict with the first stale item; answers the new version and update time of each item',
    tag: 'vault',
    access: 'write',
    secondFactor: true,
    params: vaultParams,
    bodyLimit: VAULT_LIMITS.batchBody,
    body: z.strictObject({ items: z.array(z.strictObject({ itemId: id16, expectedVersion, overview: overviewEnvelope, details: detailsEnvelope })).min(1).max(VAULT_LIMITS.batchItems) }),
    response: z.strictObject({ items: z.array(z.strictObject({ itemId: id16, version: z.int().min(1), updatedAt: z.string() })), cursor: cursorAfter }),
    errors: { 409: versionConflictSchema },
  }),
  deleteItem: defineRoute({
    method: 'DELETE',
    path: '/v1/vaults/:vaultId/items/:itemId',
    summary: "Delete an item: a tombstone at expectedVersion + 1 with its envelopes cleared and the device's deletion marker (0x0B) for that version, or 409 version_conflict with the current item",
    tag: 'vault',
    access: 'write',
    secondFactor: true,
    params: itemParams,
    body: z.strictObject({ expectedVersion: expectedVersion.min(1), marker: deletionMarkerEnvelope }),
    response: z.strictObject({ item: itemSchema, cursor: cursorAfter }),
    errors: { 409: versionConflictSchema },
  }),
  signedList: defineRoute({
    method: 'GET',
    path: '/v1/vaults/signed-list',
    summary: "The account's signed vault list as its keyset signed it, and its counter (null and 0 before the first)",
    tag: 'vault',
    access: 'read',
    secondFactor: true,
    response: z.strictObject({ signedList: z.string().nullable(), counter: z.int().min(0) }),
  }),
  putSignedList: defineRoute({
    method: 'PUT',
    path: '/v1/vaults/signed-list',
    summary: 'Replace the signed vault list: its counter must be the stored one + 1 (409 vault_list_conflict) and its bytes must follow the layout for this account (400 vault_list_invalid)',
    tag: 'vault',
    access: 'write',
    secondFactor: true,
    body: z.strictObject({ counter: listCounter, signedList: signedVaultList }),
    response: z.strictObject({ counter: listCounter }),
  }),
  changes: defineRoute({
    method: 'GET',
    path: '/v1/vaults/:vaultId/changes',
    summary: 'Incremental sync: the items (tombstones included) changed after the cursor, oldest change first, one page at a time',
    tag: 'vault',
    access: 'read',
    secondFactor: true,
    params: vaultParams,
    query: z.strictObject({ since: cursor.optional(), limit: pageLimit.optional() }),
    response: z.strictObject({
      items: z.array(itemSchema),
      /** Pass as `since` next time; unchanged when nothing changed. */
      cursor: z.string(),
      /** More changes are waiting: ask again at once with the new cursor. */
      hasMore: z.boolean(),
    }),
  }),
} as const;
