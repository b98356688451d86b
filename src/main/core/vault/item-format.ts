/**
 * The plaintext of an item's two encrypted parts (docs/security-design.md §8.4): format v2,
 * which devices write, and v1 (a login's title, username and URLs, then its password and
 * notes), which they still read as a login with every newer field empty. The overview holds
 * what the list, the sidebar and search need (the start of the notes included, so search finds
 * words in them); the details hold the rest, with the password history. Keys are exact and written in one fixed
 * order per type, so equal items encrypt equal plaintexts.
 */
import { z } from 'zod';
import type { CopyField } from '../../../shared/ipc/channels/vault';
import { IpcError } from '../../../shared/ipc/result';
import {
  cardFields,
  identityFields,
  itemFields,
  itemTypes,
  loginFields,
  noteFields,
  passwordFields,
  passwordHistoryEntry,
  PASSWORD_HISTORY_KEPT,
  type ItemFields,
  type ItemType,
  type PasswordHistoryEntry,
} from '../../../shared/vault/item-fields';

export const ITEM_FORMAT = 2;

const overviewV1 = z.object({ title: z.string(), username: z.string(), urls: z.array(z.string()) }).strict();
const detailsV1 = z.object({ password: z.string(), notes: z.string() }).strict();

const overviewV2 = z
  .object({
    v: z.literal(ITEM_FORMAT),
    type: z.enum(itemTypes),
    title: z.string(),
    subtitle: z.string(),
    urls: z.array(z.string()),
    tags: z.array(z.string()),
    favourite: z.boolean(),
    hasOtp: z.boolean(),
    trashedAt: z.iso.datetime().nullable(),
    notesStart: z.string(),
  })
  .strict();
export type Overview = z.infer<typeof overviewV2>;

const history = z.array(passwordHistoryEntry).max(PASSWORD_HISTORY_KEPT);
const detailsCommon = { v: z.literal(ITEM_FORMAT), notes: z.string(), customFields: loginFields.shape.customFields, history };
/** How much of the notes the overview repeats, so search finds words in them without opening the details. */
export const NOTES_SEARCHED = 2000;
/** The keys each type's details hold between `type` and `notes`, in the order devices write them. */
const TYPE_KEYS = {
  login: ['username', 'password', 'otp'],
  note: [],
  card: ['cardholder', 'number', 'expiry', 'securityCode', 'pin'],
  identity: ['fullName', 'address', 'phone', 'email', 'birthDate'],
  password: ['password'],
} as const satisfies Record<ItemType, readonly string[]>;
const detailsV2 = z.discriminatedUnion('type', [
  loginFields.pick({ type: true, username: true, password: true, otp: true }).extend(detailsCommon).strict(),
  noteFields.pick({ type: true }).extend(detailsCommon).strict(),
  cardFields.pick({ type: true, cardholder: true, number: true, expiry: true, securityCode: true, pin: true }).extend(detailsCommon).strict(),
  identityFields.pick({ type: true, fullName: true, address: true, phone: true, email: true, birthDate: true }).extend(detailsCommon).strict(),
  passwordFields.pick({ type: true, password: true }).extend(detailsCommon).strict(),
]);

/** An item as the core holds it once opened: what the user edits, and what the core keeps itself. */
export interface ItemRecord {
  fields: ItemFields;
  history: PasswordHistoryEntry[];
  /** When it was moved to Recently Deleted (ISO time), or null while it is live. */
  trashedAt: string | null;
}

/** The line under an item's title in a list: a login's username, a card's last four digits, an identity's name. */
export function subtitleOf(fields: ItemFields): string {
  if (fields.type === 'login') return fields.username;
  if (fields.type === 'identity') return fields.fullName;
  if (fields.type !== 'card') return '';
  const digits = fields.number.replace(/\D/gu, '');
  return digits === '' ? '' : `•••• ${digits.slice(-4)}`;
}

/** Checks an item before anything is encrypted; bad input is refused with the first problem found. */
export function checkedFields(fields: unknown): ItemFields {
  const parsed = itemFields.safeParse(fields);
  if (!parsed.success) throw new IpcError('invalid-input', parsed.error.issues[0]?.message ?? 'That item is not valid.');
  return parsed.data;
}

/** Both parts' plaintext objects, keys in the order devices write them. */
export function itemParts({ fields, history: earlier, trashedAt }: ItemRecord): { overview: Overview; details: Record<string, unknown> } {
  const overview: Overview = {
    v: ITEM_FORMAT,
    type: fields.type,
    title: fields.title,
    subtitle: subtitleOf(fields),
    urls: fields.type === 'login' ? fields.urls : [],
    tags: fields.tags,
    favourite: fields.favourite,
    hasOtp: fields.type === 'login' && fields.otp !== '',
    trashedAt,
    notesStart: fields.notes.slice(0, NOTES_SEARCHED),
  };
  const details: Record<string, unknown> = { v: ITEM_FORMAT, type: fields.type };
  for (const key of TYPE_KEYS[fields.type]) details[key] = (fields as Record<string, unknown>)[key];
  details.notes = fields.notes;
  details.customFields = fields.customFields;
  details.history = earlier;
  return { overview, details };
}

/** Reads a decrypted overview, v2 or v1 (a login; its notes are in its details). Throws on any other shape. */
export function readOverview(json: unknown): Overview {
  if (isPlainOverview(json)) return json;
  if (isObject(json) && 'v' in json) return overviewV2.parse(json);
  const { title, username, urls } = overviewV1.parse(json);
  return { v: ITEM_FORMAT, type: 'login', title, subtitle: username, urls, tags: [], favourite: false, hasOtp: false, trashedAt: null, notesStart: '' };
}

/** The whole item from its overview (already read) and its decrypted details. Throws on a shape that does not fit. */
export function readItem(overview: Overview, json: unknown): ItemRecord {
  const { title, tags, favourite, urls, trashedAt } = overview;
  if (!(isObject(json) && 'v' in json)) {
    const v1 = detailsV1.parse(json);
    return { fields: { type: 'login', title, notes: v1.notes, tags, favourite, customFields: [], username: overview.subtitle, password: v1.password, urls, otp: '' }, history: [], trashedAt };
  }
  const { v: _v, history: earlier, ...rest } = detailsV2.parse(json);
  if (rest.type !== overview.type) throw new Error('item parts of different types');
  const fields = { ...rest, title, tags, favourite, ...(rest.type === 'login' && { urls }) } as ItemFields;
  return { fields, history: earlier, trashedAt };
}

/** The password of a login or a password item (undefined for the other types). */
export function passwordOf(fields: ItemFields): string | undefined {
  return fields.type === 'login' || fields.type === 'password' ? fields.password : undefined;
}

/** The history after a save: the replaced password first when it changed, the last PASSWORD_HISTORY_KEPT kept. */
export function nextHistory(previous: ItemRecord | null, fields: ItemFields, changedAt: string): PasswordHistoryEntry[] {
  if (!previous) return [];
  const before = passwordOf(previous.fields);
  const after = passwordOf(fields);
  if (!before || after === undefined || before === after) return previous.history;
  return [{ password: before, changedAt }, ...previous.history].slice(0, PASSWORD_HISTORY_KEPT);
}

/** The one field the user asked to copy; refused when this item has no such field. */
export function fieldToCopy(fields: ItemFields, field: CopyField): string {
  const value = typeof field === 'string' ? (fields as Partial<Record<string, unknown>>)[field] : fields.customFields[field.custom]?.value;
  if (typeof value !== 'string') throw new IpcError('not-found', 'That item has no such field to copy.');
  return value;
}

const OVERVIEW_KEYS = Object.keys(overviewV2.shape);
const ITEM_TYPES: ReadonlySet<unknown> = new Set(itemTypes);
const isText = (value: unknown): value is string => typeof value === 'string';
const isTexts = (value: unknown): boolean => Array.isArray(value) && value.every(isText);

/**
 * A v2 overview not in Recently Deleted, checked by hand: what unlock reads for every item, with
 * no copy made (zod's parse builds a new object and arrays per item). Only a subset of what
 * overviewV2 accepts (exactly its keys and types, `trashedAt` null); anything else goes to the
 * schema, which decides.
 */
function isPlainOverview(json: unknown): json is Overview {
  if (!isObject(json) || !hasExactly(json, OVERVIEW_KEYS)) return false;
  const { v, type, title, subtitle, urls, tags, favourite, hasOtp, trashedAt, notesStart } = json;
  return v === ITEM_FORMAT && ITEM_TYPES.has(type) && isText(title) && isText(subtitle) && isTexts(urls) && isTexts(tags) && typeof favourite === 'boolean' && typeof hasOtp === 'boolean' && trashedAt === null && isText(notesStart);
}

/** The object's own enumerable keys are exactly `keys` (a loop: no array of its keys nor a closure made per object). */
function hasExactly(json: Record<string, unknown>, keys: readonly string[]): boolean {
  let count = 0;
  for (const key in json) if (Object.hasOwn(json, key)) count += 1;
  if (count !== keys.length) return false;
  for (const key of keys) if (!Object.hasOwn(json, key)) return false;
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
