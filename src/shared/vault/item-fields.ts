/**
 * What one vault item holds, as the screens edit it and an import produces it: five types
 * (login, secure note, credit card, identity, standalone password) with their own fields, and,
 * on every type, notes, tags, a favourite flag and custom fields. This is the plain form in the
 * main process and over IPC; how it is split into the encrypted overview and details, and the
 * version of that format, is docs/security-design.md §8.4. The main process keeps the
 * password history and the Recently Deleted state itself: a screen never sends them.
 */
import { z } from 'zod';

export const itemTypes = ['login', 'note', 'card', 'identity', 'password'] as const;
export type ItemType = (typeof itemTypes)[number];

export const customFieldKinds = ['text', 'hidden', 'url', 'date'] as const;
export type CustomFieldKind = (typeof customFieldKinds)[number];

/** Limits (JavaScript string lengths), checked before anything is encrypted. */
export const ITEM_LIMITS = {
  title: 200,
  short: 500,
  password: 4096,
  url: 2048,
  urls: 20,
  notes: 20_000,
  tag: 100,
  tags: 50,
  customFields: 100,
  customValue: 20_000,
  otp: 2048,
} as const;

const short = z.string().max(ITEM_LIMITS.short);
/** A date as the user gave it: empty, or YYYY-MM-DD. */
const isoDate = z.union([z.literal(''), z.iso.date('Use a date like 2031-04-30.')]);

export const customField = z
  .object({
    label: z.string().trim().min(1, 'Give the field a name.').max(ITEM_LIMITS.tag),
    kind: z.enum(customFieldKinds),
    value: z.string().max(ITEM_LIMITS.customValue),
  })
  .strict();
export type CustomField = z.infer<typeof customField>;

/** What every type has. */
const common = {
  title: z.string().trim().min(1, 'Give the item a title.').max(ITEM_LIMITS.title),
  notes: z.string().max(ITEM_LIMITS.notes),
  tags: z.array(z.string().trim().min(1).max(ITEM_LIMITS.tag)).max(ITEM_LIMITS.tags),
  favourite: z.boolean(),
  customFields: z.array(customField).max(ITEM_LIMITS.customFields),
};

export const loginFields = z
  .object({
    type: z.literal('login'),
    ...common,
    username: short,
    password: z.string().max(ITEM_LIMITS.password),
    urls: z.array(z.string().trim().min(1).max(ITEM_LIMITS.url)).max(ITEM_LIMITS.urls),
    /** The one-time password's setup: an `otpauth://totp/…` URI, or '' for none (a pasted setup key is turned into a URI before it gets here). */
    otp: z.string().max(ITEM_LIMITS.otp),
  })
  .strict();

export const noteFields = z.object({ type: z.literal('note'), ...common }).strict();

export const cardFields = z
  .object({
    type: z.literal('card'),
    ...common,
    cardholder: short,
    number: z.string().max(64),
    /** MM/YYYY, or '' when not given. */
    expiry: z.union([z.literal(''), z.string().regex(/^(0[1-9]|1[0-2])\/\d{4}$/, 'Use the form MM/YYYY.')]),
    securityCode: z.string().max(16),
    pin: z.string().max(32),
  })
  .strict();

export const identityFields = z
  .object({
    type: z.literal('identity'),
    ...common,
    fullName: short,
    address: z.string().max(2000),
    phone: short,
    email: short,
    birthDate: isoDate,
  })
  .strict();

export const passwordFields = z.object({ type: z.literal('password'), ...common, password: z.string().max(ITEM_LIMITS.password) }).strict();

export const itemFields = z.discriminatedUnion('type', [loginFields, noteFields, cardFields, identityFields, passwordFields]);
export type ItemFields = z.infer<typeof itemFields>;
export type FieldsOf<T extends ItemType> = Extract<ItemFields, { type: T }>;

/** One earlier password of an item, kept (the last 10) inside its encrypted details when the password changes. */
export const passwordHistoryEntry = z.object({ password: z.string().max(ITEM_LIMITS.password), changedAt: z.iso.datetime() }).strict();
export type PasswordHistoryEntry = z.infer<typeof passwordHistoryEntry>;
export const PASSWORD_HISTORY_KEPT = 10;
