/**
 * Channels for an unlocked account's vaults (its Private vault and the family shared vaults
 * it has access to) and their items (docs/security-design.md §8.4). Lists and search answer
 * summaries only (title, subtitle, flags); a password crosses to the renderer only when the user opens one item to reveal
 * or edit it.
 */
import { z } from 'zod';
import { accountIdSchema } from '../../server-api/http';
import { id16, id16 as itemId, VAULT_LIMITS, vaultRoles } from '../../server-api/vault';
import { itemFields, itemTypes, ITEM_LIMITS, passwordHistoryEntry } from '../../vault/item-fields';
import { accountRef } from './common';

const version = z.int().min(0).max(VAULT_LIMITS.maxVersion);

/** The sidebar's categories: 'all' is every live item, 'trash' the items in Recently Deleted. */
export const itemCategories = ['all', 'favourites', 'login', 'note', 'card', 'identity', 'password', 'trash'] as const;
export type ItemCategory = (typeof itemCategories)[number];
/** Most items one search answers: a window of a virtualised list. */
export const SEARCH_WINDOW_MAX = 500;

const trashedAt = z.string().nullable();
export const itemSummary = z.object({ itemId, version, type: z.enum(itemTypes), title: z.string(), subtitle: z.string(), favourite: z.boolean(), hasOtp: z.boolean(), trashedAt }).strict();
/**
 * One item opened: its fields, and what the core keeps itself (a screen never sends these). A login's
 * one-time password setup stays in the main process: `fields.otp` is always '' here and `hasOtp` says
 * whether there is one (its codes come from 'vault.otp').
 */
export const vaultItem = z.object({ itemId, version, updatedAt: z.string(), fields: itemFields, history: z.array(passwordHistoryEntry), trashedAt, hasOtp: z.boolean() }).strict();

/** 409: the item changed elsewhere; `current` is it as stored now (null: it was deleted). */
const conflict = z.object({ outcome: z.literal('conflict'), current: vaultItem.nullable() }).strict();
const vaultRef = accountRef.extend({ vaultId: id16 }).strict();
const itemRef = vaultRef.extend({ itemId }).strict();
const query = z.string().max(200);
const searchRequest = vaultRef
  .extend({ query, category: z.enum(itemCategories).optional(), offset: z.int().min(0).max(10_000_000).optional(), limit: z.int().min(1).max(SEARCH_WINDOW_MAX).optional() })
  .strict();
/** A field to copy: one of the type's secrets or its username, or a custom field by its position. */
export const copyField = z.union([z.enum(['username', 'password', 'number', 'securityCode', 'pin']), z.object({ custom: z.int().min(0).max(ITEM_LIMITS.customFields - 1) }).strict()]);
export type CopyField = z.infer<typeof copyField>;
const listing = z.object({ vaultId: id16, items: z.array(itemSummary).max(200), total: z.int().min(0), offline: z.boolean() }).strict();

export const vaultSummary = z.object({ vaultId: id16, name: z.string(), shared: z.boolean(), role: z.enum(vaultRoles) }).strict();
/**
 * What the device would not take from the server, for the vault screen's notice: a vault not in
 * the account's signed list (refused), one of its own the server stopped listing (kept, shown as
 * unavailable), a signed list that did not verify (vaultId null), an item change it refused (an
 * older copy, one that does not open, a deletion without its marker), or items the server left
 * out without a signed deletion.
 */
export const vaultNotice = z.object({ kind: z.enum(['refused-vault', 'unavailable-vault', 'refused-list', 'refused-item', 'missing-item']), vaultId: z.string().nullable() }).strict();
const vaultsListing = listing.extend({ vaults: z.array(vaultSummary), canShare: z.boolean(), notices: z.array(vaultNotice) }).strict();
export const sharedVaultName = z.string().trim().min(1, 'Give the vault a name.').max(100, 'Use at most 100 characters.');
/**
 * A person's security code (docs/security-design.md §8.7) as the family record lists their keys
 * now, in groups (null: the record does not list them), and what this account made of it:
 * `you`; `verified` (the code is the one the person marked as verified); `not-verified` (never
 * marked); `keys-changed` (marked, but the keys changed since: nothing is shared with them).
 */
export const memberVerifications = ['you', 'verified', 'not-verified', 'keys-changed'] as const;
const checked = { securityCode: z.string().nullable(), verification: z.enum(memberVerifications) };
/** Who has access to a shared vault, and (for its owner) which family members could be given it. */
const vaultAccess = z
  .object({
    members: z.array(z.object({ accountId: z.string(), email: z.string(), role: z.enum(vaultRoles), ...checked }).strict()),
    candidates: z.array(z.object({ accountId: z.string(), email: z.string(), ...checked }).strict()),
  })
  .strict();
const memberRef = vaultRef.extend({ memberId: accountIdSchema }).strict();
/** The code the person compared with the member out of band (24 symbols; read forgivingly in the main process). */
const memberCode = z.string().max(200, 'That is not a security code.');

export const vaultChannels = {
  /**
   * Opens the account's vaults (from the offline cache, or from the server, making the Private
   * vault the first time) and syncs them; answers every vault, and the first items by title (at
   * most 200) of the one asked for (the Private vault when none is named or it is gone) with how
   * many there are. `offline`: the server could not be reached, these are the cached items.
   * `canShare`: the account is in a family, so it can make shared vaults.
   */
  'vault.open': { request: accountRef.extend({ vaultId: id16.optional() }).strict(), response: vaultsListing },
  /**
   * Brings this device's copy of the account's vaults (the offline cache) up to the server's, for
   * the command line's unlock. Vaults not held yet are opened only when the server has a change
   * since the cached cursors: 'current' (nothing changed, nothing opened), 'pulled', or 'offline'
   * (the server could not be reached: the copy is as it was).
   */
  'vault.pull': { request: accountRef, response: z.object({ outcome: z.enum(['current', 'pulled', 'offline']) }).strict() },
  /**
   * What the screens show, at once: the vaults as this device holds them (the offline cache on the
   * first read after unlocking), answered as 'vault.open' does with the items matching the query.
   * `pull` (the vault screen opening): a pull starts behind the answer; without it (a read again
   * when a 'sync.result' event says so) none does, but on the account's first read. Only a first use
   * on a device (no Private vault held yet) waits for the server.
   */
  'vault.show': { request: accountRef.extend({ vaultId: id16.optional(), query: z.string().max(200).optional(), pull: z.boolean().optional() }).strict(), response: vaultsListing },
  /**
   * A sync now (the "Sync now" button): pulls what changed (vaults shared or taken away included),
   * then answers as 'vault.open' does, with the items matching the query. A vault no longer
   * there gives way to the Private vault, with its items and no query.
   */
  'vault.sync': { request: vaultRef.extend({ query }).strict(), response: vaultsListing },
  /**
   * A window of one category's items matching the query (every term in the title, subtitle, URLs,
   * tags or notes; a blank query matches all), sorted by title (locale-aware, case-insensitive):
   * `offset` (default 0) and `limit` (default 200, at most 500), with `total` matching in all.
   * `category` defaults to 'all' (every live item); 'trash' lists Recently Deleted.
   */
  'vault.search': { request: searchRequest, response: z.object({ items: z.array(itemSummary).max(SEARCH_WINDOW_MAX), total: z.int().min(0) }).strict() },
  /** How many items each category holds, for the sidebar. */
  'vault.counts': { request: vaultRef, response: z.object({ counts: z.record(z.enum(itemCategories), z.int().min(0)) }).strict() },
  /** One item with every field and its password history, for revealing or editing it. */
  'vault.item': { request: itemRef, response: vaultItem },
  /**
   * Creates (no itemId, expectedVersion 0) or updates an item at the version the user edited. The
   * core keeps the password history (a changed password is added to it) and the Recently Deleted state.
   */
  'vault.save': {
    /** A login's `otp` of '' keeps the one-time password it has (the screen never had it); `removeOtp: true` removes it, the one way to. */
    request: vaultRef.extend({ itemId: itemId.optional(), expectedVersion: version, fields: itemFields, removeOtp: z.boolean().optional() }).strict(),
    response: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('saved'), item: vaultItem }).strict(), conflict]),
  },
  /** Delete: moves the item to Recently Deleted on every device (kept 30 days; the server purges it then, §8.4). */
  'vault.trash': {
    request: itemRef.extend({ expectedVersion: version.min(1) }).strict(),
    response: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('trashed'), item: vaultItem }).strict(), conflict]),
  },
  /** Puts an item of Recently Deleted back. */
  'vault.restore': {
    request: itemRef.extend({ expectedVersion: version.min(1) }).strict(),
    response: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('restored'), item: vaultItem }).strict(), conflict]),
  },
  /** Delete permanently: a signed deletion (tombstone with its marker), on every device. The screen asks first. */
  'vault.purge': {
    request: itemRef.extend({ expectedVersion: version.min(1) }).strict(),
    response: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('deleted') }).strict(), conflict]),
  },
  /** Empty Recently Deleted: every item in it deleted permanently; one changed elsewhere meanwhile is left (counted in `changed`). */
  'vault.emptyTrash': { request: vaultRef, response: z.object({ deleted: z.int().min(0), changed: z.int().min(0) }).strict() },
  /** Copies through the secret clipboard, which clears it later if unchanged. */
  'vault.copy': { request: itemRef.extend({ field: copyField }).strict(), response: z.object({ clearsAt: z.string() }).strict() },
  'vault.generatePassword': { request: z.object({}).strict(), response: z.object({ password: z.string() }).strict() },
  /** Makes a family shared vault, owned by this account. */
  'vault.createShared': { request: accountRef.extend({ name: sharedVaultName }).strict(), response: vaultSummary },
  /** Who has access to a vault; its owner also gets the family members who could be given access. */
  'vault.access': { request: vaultRef, response: vaultAccess },
  /** The owner gives a family member access: the vault key is sealed to their public key here. */
  'vault.share': { request: memberRef, response: vaultAccess },
  /** The owner takes a member's access away. */
  'vault.unshare': { request: memberRef, response: vaultAccess },
  /** Marks a member's security code, as shown, as verified (kept in the trust record); refused if it is not their code now. */
  'vault.verifyMember': { request: memberRef.extend({ securityCode: memberCode }).strict(), response: vaultAccess },
} as const;
