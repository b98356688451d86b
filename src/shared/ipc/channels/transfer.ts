/**
 * Channels for importing into a vault and exporting one. The renderer never names a path: the
 * main process shows the host's open or save dialog itself and keeps what was chosen, answering
 * only the file's name (and an id for it). An import is previewed (counts per type, the fields
 * with no place of their own, the duplicates it will skip), then run with progress events
 * ('import.progress') and a Cancel. An export needs the account password checked in the last
 * 5 minutes; a KDBX export is locked with a password chosen for the file.
 */
import { z } from 'zod';
import { id16 } from '../../server-api/vault';
import { itemTypes } from '../../vault/item-fields';
import { accountRef } from './common';
import { saveOutcome } from './kit';

const token = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
const count = z.int().min(0).max(10_000_000);
export const importFormatNames = ['kdbx', '1pux', '1password-csv', 'bitwarden-json', 'bitwarden-csv', 'chrome-csv', 'firefox-csv', 'safari-csv', 'latchkey-csv'] as const;
const vaultRef = accountRef.extend({ vaultId: id16 }).strict();

export const importPreview = z
  .object({
    importId: token,
    format: z.enum(importFormatNames),
    counts: z.object(Object.fromEntries(itemTypes.map((type) => [type, count])) as Record<(typeof itemTypes)[number], typeof count>).strict(),
    /** Source fields with no place of their own: where they went, in how many items. */
    unmapped: z.array(z.object({ field: z.string().max(200), placedIn: z.enum(['custom-field', 'notes', 'not-imported']), items: count }).strict()).max(10_000),
    /** Entries equal to an item already in the vault (or to an earlier entry of the file): skipped. */
    duplicates: count,
    /** Entries the import will add. */
    toImport: count,
  })
  .strict();
export type ImportPreview = z.infer<typeof importPreview>;

export const transferChannels = {
  /** Shows the host's open dialog; the chosen file is kept in the main process under `fileId`. */
  'transfer.chooseFile': {
    request: z.object({ purpose: z.enum(['import', 'key-file']) }).strict(),
    response: z.discriminatedUnion('status', [z.object({ status: z.literal('chosen'), fileId: token, name: z.string().max(255) }).strict(), z.object({ status: z.literal('cancelled') }).strict()]),
  },
  'transfer.previewImport': {
    request: vaultRef.extend({ fileId: token, password: z.string().max(1024).optional(), keyFileId: token.optional() }).strict(),
    response: importPreview,
  },
  'transfer.runImport': {
    request: z.object({ importId: token }).strict(),
    response: z.object({ status: z.enum(['done', 'cancelled']), created: count, skipped: count }).strict(),
  },
  'transfer.cancelImport': { request: z.object({ importId: token }).strict(), response: z.object({}).strict() },
  /** Shows the save dialog and writes the vault's items there: KDBX 4 locked with `filePassword`, or unencrypted CSV. */
  'transfer.export': {
    request: z.discriminatedUnion('format', [
      vaultRef.extend({ format: z.literal('kdbx'), filePassword: z.string().min(1, 'Choose a password for the file.').max(1024) }).strict(),
      vaultRef.extend({ format: z.literal('csv') }).strict(),
    ]),
    response: saveOutcome,
  },
} as const;
