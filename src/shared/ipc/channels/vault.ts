/**
 * Channels for an unlocked account's vault and its login items. Lists and search answer
 * summaries only (title, username); a password crosses to the renderer only when the user
 * opens one item to reveal or edit it.
 */
import { z } from 'zod';
import { id16 as itemId, VAULT_LIMITS } from '../../server-api/vault';
import { accountRef } from './common';

const version = z.int().min(0).max(VAULT_LIMITS.maxVersion);

export const loginFields = z
  .object({
    title: z.string().trim().min(1, 'Give the item a title.').max(200),
    username: z.string().max(500),
    password: z.string().max(4096),
    urls: z.array(z.string().trim().min(1).max(2048)).max(20),
    notes: z.string().max(20_000),
  })
  .strict();
export type LoginFields = z.infer<typeof loginFields>;

export const itemSummary = z.object({ itemId, version, title: z.string(), username: z.string() }).strict();
export const loginItem = z.object({ itemId, version, updatedAt: z.string(), fields: loginFields }).strict();

/** 409: the item changed elsewhere; `current` is it as stored now (null: it was deleted). */
const conflict = z.object({ outcome: z.literal('conflict'), current: loginItem.nullable() }).strict();
const itemRef = accountRef.extend({ itemId }).strict();
const searchRequest = accountRef.extend({ query: z.string().max(200) }).strict();
const listing = z.object({ items: z.array(itemSummary).max(200), total: z.int().min(0), offline: z.boolean() }).strict();

export const vaultChannels = {
  /**
   * Opens the account's vault (from the offline cache, or creating it the first time) and
   * syncs it; answers the first items by title (at most 200) and how many there are.
   * `offline`: the server could not be reached, these are the cached items.
   */
  'vault.open': { request: accountRef, response: listing.extend({ vaultName: z.string() }).strict() },
  /** The periodic background sync: pulls what changed, then answers the items matching the query. */
  'vault.sync': { request: searchRequest, response: listing },
  /** Filters as the user types; an empty query lists every item by title. */
  'vault.search': { request: searchRequest, response: z.object({ items: z.array(itemSummary) }).strict() },
  /** One item with its password and notes, for revealing or editing it. */
  'vault.item': { request: itemRef, response: loginItem },
  /** Creates (no itemId, expectedVersion 0) or updates an item at the version the user edited. */
  'vault.save': {
    request: accountRef.extend({ itemId: itemId.optional(), expectedVersion: version, fields: loginFields }).strict(),
    response: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('saved'), item: loginItem }).strict(), conflict]),
  },
  'vault.delete': {
    request: itemRef.extend({ expectedVersion: version.min(1) }).strict(),
    response: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('deleted') }).strict(), conflict]),
  },
  /** Copies through the secret clipboard, which clears it later if unchanged. */
  'vault.copy': { request: itemRef.extend({ field: z.enum(['username', 'password']) }).strict(), response: z.object({ clearsAt: z.string() }).strict() },
  'vault.generatePassword': { request: z.object({}).strict(), response: z.object({ password: z.string() }).strict() },
} as const;
