/**
 * 1Password's unencrypted export, 1PUX: a ZIP whose `export.data` is JSON,
 * `{ accounts: [{ attrs, vaults: [{ attrs: {name}, items: [...] }] }] }` (older exports wrap
 * each item as `{ item }`). An item has a `categoryUuid` (001 login, 002 credit card, 003
 * secure note, 004 identity, 005 password; any other category becomes a secure note),
 * `overview` (title, url, urls, tags), and `details` (`loginFields`, `notesPlain`,
 * `password`, and `sections` of fields whose `value` is one keyed object: `concealed`,
 * `string`, `totp`, `url`, `date` in Unix seconds, `monthYear` as YYYYMM, `address`, …).
 * Files attached to items (`files/…` in the ZIP) have nowhere to go: the preview names them.
 */
import { z } from 'zod';
import type { ItemFields } from '../../../../shared/vault/item-fields';
import { titledItem, ImportCollector, type ExtraField, type ImportResult } from './collector';
import { decodeUtf8 } from './csv-reader';
import { corruptFile, ImportError } from './import-error';
import { fieldText, sectionFields, type OnePuxField } from './onepux-fields';
import { otpUriFrom } from './otp-value';
import { readZipEntry } from './zip-reader';

const text = z.string().nullish().transform((value) => value ?? '');
const onePuxItem = z.object({
  categoryUuid: z.string(),
  favIndex: z.number().nullish(),
  state: text,
  overview: z.object({ title: text, url: text, urls: z.array(z.object({ url: text })).nullish(), tags: z.array(z.string()).nullish() }),
  details: z.object({
    loginFields: z.array(z.object({ value: text, name: text, designation: text, fieldType: text })).nullish(),
    notesPlain: text,
    password: text,
    sections: z.array(z.object({ title: text, fields: z.array(z.object({ title: text, id: text, value: z.record(z.string(), z.unknown()) })).nullish() })).nullish(),
    passwordHistory: z.array(z.object({ value: text })).nullish(),
  }),
});
const exportData = z.object({
  accounts: z.array(z.object({ vaults: z.array(z.object({ items: z.array(z.union([z.object({ item: onePuxItem }), onePuxItem])).nullish() })).nullish() })),
});
type OnePuxItem = z.infer<typeof onePuxItem>;

export function importOnePux(bytes: Uint8Array): ImportResult {
  const zip = readZipEntry(bytes, 'export.data', '1Password export');
  if (zip.file === null) throw new ImportError('unknown-format', 'This ZIP file is not a 1Password export (it holds no export.data), so nothing was imported. Choose the .1pux file 1Password wrote.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(zip.file, '1Password export'));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw corruptFile('1Password');
  }
  const data = exportData.safeParse(parsed);
  if (!data.success) throw corruptFile('1Password');
  const collector = new ImportCollector('1pux');
  for (const vault of data.data.accounts.flatMap((account) => account.vaults ?? [])) {
    for (const entry of vault.items ?? []) {
      const source = 'item' in entry ? entry.item : entry;
      const { item, extras } = toItem(source);
      item.notes = source.details.notesPlain;
      item.favourite = (source.favIndex ?? 0) > 0;
      item.tags = [...(source.overview.tags ?? []), ...(source.state === 'archived' ? ['Archived'] : [])];
      const history = (source.details.passwordHistory ?? []).map((old): ExtraField => ({ label: 'Earlier password', value: old.value, kind: 'hidden' }));
      collector.add(item, [...extras, ...history]);
    }
  }
  const attachments = zip.others.filter((name) => name.startsWith('files/'));
  return collector.finish(attachments.length > 0 ? [{ field: 'Attached files', placedIn: 'not-imported', items: attachments.length }] : []);
}

function toItem(source: OnePuxItem): { item: ItemFields; extras: ExtraField[] } {
  const fields = sectionFields(source.details.sections ?? []);
  switch (source.categoryUuid) {
    case '001':
      return loginItem(source, fields);
    case '002':
      return cardItem(source, fields);
    case '004':
      return identityItem(source, fields);
    case '005': {
      const item = titledItem('password', source.overview.title);
      item.password = source.details.password;
      return { item, extras: fields.map(fieldText) };
    }
    default:
      return { item: titledItem('note', source.overview.title), extras: fields.map(fieldText) };
  }
}

function loginItem(source: OnePuxItem, fields: OnePuxField[]) {
  const item = titledItem('login', source.overview.title);
  const extras: ExtraField[] = [];
  for (const field of source.details.loginFields ?? []) {
    if (field.designation === 'username' && item.username === '') item.username = field.value;
    else if (field.designation === 'password' && item.password === '') item.password = field.value;
    else extras.push({ label: field.name || 'Form field', value: field.value, kind: field.fieldType === 'P' ? 'hidden' : 'text' });
  }
  const urls = [source.overview.url, ...(source.overview.urls ?? []).map((url) => url.url)].map((url) => url.trim()).filter(Boolean);
  item.urls = [...new Set(urls)];
  for (const field of fields) {
    const otp = field.kind === 'totp' && item.otp === '' ? otpUriFrom(field.text, item.title) : null;
    if (otp) item.otp = otp;
    else extras.push(fieldText(field));
  }
  return { item, extras };
}

function cardItem(source: OnePuxItem, fields: OnePuxField[]) {
  const item = titledItem('card', source.overview.title);
  const extras: ExtraField[] = [];
  for (const field of fields) {
    if (field.id === 'cardholder' && item.cardholder === '') item.cardholder = field.text;
    else if (field.id === 'ccnum' && item.number === '') item.number = field.text;
    else if (field.id === 'cvv' && item.securityCode === '') item.securityCode = field.text;
    else if (field.id === 'pin' && item.pin === '') item.pin = field.text;
    else if (field.id === 'expiry' && item.expiry === '' && /^(0[1-9]|1[0-2])\/\d{4}$/.test(field.text)) item.expiry = field.text;
    else extras.push(fieldText(field));
  }
  return { item, extras };
}

function identityItem(source: OnePuxItem, fields: OnePuxField[]) {
  const item = titledItem('identity', source.overview.title);
  const extras: ExtraField[] = [];
  const name: Record<string, string> = {};
  for (const field of fields) {
    if (['firstname', 'initial', 'lastname'].includes(field.id) && !(field.id in name)) name[field.id] = field.text;
    else if (field.id === 'birthdate' && item.birthDate === '' && field.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(field.text)) item.birthDate = field.text;
    else if (field.id === 'address' && item.address === '') item.address = field.text;
    else if (field.id === 'defphone' && item.phone === '') item.phone = field.text;
    else if (field.id === 'email' && item.email === '') item.email = field.text;
    else extras.push(fieldText(field));
  }
  item.fullName = [name.firstname, name.initial, name.lastname].filter(Boolean).join(' ');
  return { item, extras };
}
