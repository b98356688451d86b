/**
 * Bitwarden's unencrypted JSON export: `{ encrypted: false, folders: [{id, name}], items: [...] }`
 * where an item's `type` is 1 login, 2 secure note, 3 card, 4 identity (5, an SSH key, becomes
 * a note with its parts as hidden fields). Folders become tags; custom fields keep their kind
 * (0 text, 1 hidden, 2 boolean as text, 3 linked as text); the login's TOTP becomes its
 * one-time password. An encrypted export is refused with its own reason.
 */
import { z } from 'zod';
import { titledItem, expiryOf, ImportCollector, type ExtraField, type ImportResult } from './collector';
import { decodeUtf8 } from './csv-reader';
import { corruptFile, ImportError } from './import-error';
import { otpUriFrom } from './otp-value';

const text = z.string().nullish().transform((value) => value ?? '');
const record = z.record(z.string(), z.unknown()).nullish().transform((value) => value ?? {});
const bitwardenItem = z.object({
  type: z.number(),
  name: text,
  notes: text,
  favorite: z.boolean().nullish(),
  folderId: z.string().nullish(),
  fields: z.array(z.object({ name: text, value: text, type: z.number().nullish() })).nullish(),
  login: z
    .object({ username: text, password: text, totp: text, uris: z.array(z.object({ uri: text })).nullish() })
    .nullish(),
  card: record,
  identity: record,
  sshKey: record,
});
const bitwardenExport = z.object({
  encrypted: z.boolean().optional(),
  folders: z.array(z.object({ id: z.string(), name: text })).nullish(),
  items: z.array(bitwardenItem),
});
type BitwardenItem = z.infer<typeof bitwardenItem>;

export function importBitwardenJson(bytes: Uint8Array): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(bytes, 'JSON file'));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw corruptFile('Bitwarden JSON');
  }
  if ((parsed as { encrypted?: unknown } | null)?.encrypted === true) {
    throw new ImportError('encrypted-export', 'This Bitwarden export is encrypted, so Latchkey cannot read it and imported nothing. Export again from Bitwarden choosing the format "JSON" (not "JSON (Encrypted)").');
  }
  const data = bitwardenExport.safeParse(parsed);
  if (!data.success) throw corruptFile('Bitwarden JSON');
  const folders = new Map((data.data.folders ?? []).map((folder) => [folder.id, folder.name]));
  const collector = new ImportCollector('bitwarden-json');
  for (const source of data.data.items) {
    const { item, extras } = toItem(source);
    item.notes = source.notes;
    item.favourite = source.favorite === true;
    const folder = source.folderId ? folders.get(source.folderId) : undefined;
    item.tags = folder ? [folder] : [];
    const fields = (source.fields ?? []).map((field): ExtraField => ({ label: field.name, value: field.value, kind: field.type === 1 ? 'hidden' : 'text' }));
    collector.add(item, [...extras, ...fields]);
  }
  return collector.finish();
}

function toItem(source: BitwardenItem): { item: ReturnType<typeof titledItem>; extras: ExtraField[] } {
  switch (source.type) {
    case 1: {
      const item = titledItem('login', source.name);
      const login = source.login;
      item.username = login?.username ?? '';
      item.password = login?.password ?? '';
      item.urls = (login?.uris ?? []).map((uri) => uri.uri.trim()).filter(Boolean);
      const extras: ExtraField[] = [];
      const otp = otpUriFrom(login?.totp ?? '', item.title);
      if (otp) item.otp = otp;
      else extras.push({ label: 'One-time password', value: login?.totp ?? '', kind: 'hidden' });
      return { item, extras };
    }
    case 3:
      return cardItem(source);
    case 4:
      return identityItem(source);
    case 5:
      return { item: titledItem('note', source.name), extras: leftovers(source.sshKey, [], 'hidden') };
    default:
      return { item: titledItem('note', source.name), extras: [] };
  }
}

function cardItem(source: BitwardenItem) {
  const card = source.card;
  const item = titledItem('card', source.name);
  item.cardholder = str(card.cardholderName);
  item.number = str(card.number);
  item.securityCode = str(card.code);
  item.expiry = expiryOf(str(card.expMonth), str(card.expYear));
  const extras = leftovers(card, ['cardholderName', 'number', 'code', ...(item.expiry ? ['expMonth', 'expYear'] : [])], 'text');
  return { item, extras };
}

function identityItem(source: BitwardenItem) {
  const id = source.identity;
  const item = titledItem('identity', source.name);
  item.fullName = [id.title, id.firstName, id.middleName, id.lastName].map(str).filter(Boolean).join(' ');
  const street = [id.address1, id.address2, id.address3].map(str).filter(Boolean);
  const town = [id.postalCode, id.city].map(str).filter(Boolean).join(' ');
  item.address = [...street, [town, str(id.state)].filter(Boolean).join(', '), str(id.country)].filter(Boolean).join('\n');
  item.phone = str(id.phone);
  item.email = str(id.email);
  const used = ['title', 'firstName', 'middleName', 'lastName', 'address1', 'address2', 'address3', 'postalCode', 'city', 'state', 'country', 'phone', 'email'];
  return { item, extras: leftovers(id, used, 'text') };
}

/** The parts of a Bitwarden object not read into the item, as fields. */
function leftovers(values: Record<string, unknown>, used: readonly string[], kind: 'text' | 'hidden'): ExtraField[] {
  return Object.entries(values)
    .filter(([name]) => !used.includes(name))
    .map(([name, value]) => ({ label: name, value: str(value), kind: /ssn|passport|license|code|key/i.test(name) ? 'hidden' : kind }));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
