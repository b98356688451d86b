/**
 * KeePass and KeePassXC databases (KDBX 4 and 3.1) through kdbxweb, opened with the file's
 * password and, if it has one, its key file. Every entry becomes a login (an entry with
 * nothing but notes becomes a secure note); the groups above it become tags (not the root);
 * KeePassXC's `otp` field becomes the one-time password; extra URLs (`KP2A_URL…`) join the
 * URLs; every other string field is kept as a custom field (hidden if the file protects it).
 * Entries in the Recycle Bin, attachments and old versions are not imported: the preview
 * says how many.
 */
import type { ItemFields } from '../../../../shared/vault/item-fields';
import { KdfTooCostlyError, kdbxweb, type Kdbx, type KdbxEntry, type KdbxEntryField, type KdbxGroup } from '../kdbx-engine';
import { titledItem, ImportCollector, type ExtraField, type ImportResult, type UnmappedField } from './collector';
import { corruptFile, ImportError } from './import-error';
import { otpUriFrom } from './otp-value';

export interface KdbxSecrets {
  password: string;
  keyFile?: Uint8Array;
}

const standard = ['Title', 'UserName', 'Password', 'URL', 'Notes', 'otp'];

export async function importKdbx(bytes: Uint8Array, secrets: KdbxSecrets): Promise<ImportResult> {
  const db = await openKdbx(bytes, secrets);
  const collector = new ImportCollector('kdbx');
  const binUuid = db.meta.recycleBinEnabled ? db.meta.recycleBinUuid : undefined;
  let binned = 0;
  let attachments = 0;
  const walk = (group: KdbxGroup, path: string[]) => {
    const inBin = binUuid !== undefined && group.uuid.equals(binUuid);
    for (const entry of group.entries) {
      if (inBin) {
        binned += 1;
        continue;
      }
      attachments += entry.binaries.size;
      const { item, extras } = toItem(entry);
      item.tags = [...path, ...entry.tags];
      collector.add(item, extras);
    }
    if (!inBin) for (const child of group.groups) walk(child, [...path, child.name ?? '']);
  };
  const root = db.getDefaultGroup();
  walk(root, []);
  const skipped: UnmappedField[] = [];
  if (binned > 0) skipped.push({ field: 'Entries in the Recycle Bin', placedIn: 'not-imported', items: binned });
  if (attachments > 0) skipped.push({ field: 'Attachments', placedIn: 'not-imported', items: attachments });
  return collector.finish(skipped);
}

/** Opens a KDBX file, or refuses it with the reason. */
export async function openKdbx(bytes: Uint8Array, secrets: KdbxSecrets): Promise<Kdbx> {
  const copy = new Uint8Array(bytes);
  const keyFile = secrets.keyFile ? new Uint8Array(secrets.keyFile).buffer : null;
  try {
    const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(secrets.password), keyFile);
    return await kdbxweb.Kdbx.load(copy.buffer, credentials);
  } catch (error) {
    if (error instanceof KdfTooCostlyError) throw new ImportError('corrupt', 'This KeePass file asks for more memory to open than Latchkey allows (over 1 GiB of Argon2), so nothing was imported.');
    const code = error instanceof kdbxweb.KdbxError ? error.code : '';
    // KDBX 3.1 has no integrity check before decryption, so there a damaged file reads as a wrong key too.
    const orDamaged = bytes[10] === 3 ? ', or the file is damaged' : '';
    if (code === kdbxweb.Consts.ErrorCodes.InvalidKey) throw new ImportError('wrong-password', `The password or key file does not open this KeePass file${orDamaged}, so nothing was imported. Check both and try again.`);
    if (code === kdbxweb.Consts.ErrorCodes.BadSignature) throw new ImportError('unknown-format', 'This is not a KeePass (KDBX) file, so nothing was imported.');
    if (code === kdbxweb.Consts.ErrorCodes.InvalidVersion || code === kdbxweb.Consts.ErrorCodes.Unsupported) throw new ImportError('unknown-format', 'This KeePass file is of a version Latchkey does not read (KDBX 3.1 and 4 are read), so nothing was imported.');
    throw corruptFile('KeePass');
  }
}

function toItem(entry: KdbxEntry): { item: ItemFields; extras: ExtraField[] } {
  const text = (name: string) => fieldText(entry.fields.get(name));
  const username = text('UserName');
  const password = text('Password');
  const url = text('URL');
  const extraUrls: string[] = [];
  const extras: ExtraField[] = [];
  for (const [name, value] of entry.fields) {
    if (standard.includes(name)) continue;
    if (/^KP2A_URL(_\d+)?$/.test(name)) extraUrls.push(fieldText(value));
    else extras.push({ label: name, value: fieldText(value), kind: kindOf(value) });
  }
  if (entry.times.expires && entry.times.expiryTime) extras.push({ label: 'Expires', value: entry.times.expiryTime.toISOString().slice(0, 10), kind: 'date' });
  const isNote = username === '' && password === '' && url === '' && extraUrls.length === 0 && text('otp') === '';
  if (isNote) return { item: { ...titledItem('note', text('Title')), notes: text('Notes') }, extras };
  const item = titledItem('login', text('Title') || url || username);
  item.username = username;
  item.password = password;
  item.notes = text('Notes');
  item.urls = [...new Set([url, ...extraUrls].map((u) => u.trim()).filter(Boolean))];
  const otp = text('otp');
  if (otp !== '') {
    const uri = otpUriFrom(otp, item.title);
    if (uri) item.otp = uri;
    else extras.push({ label: 'otp', value: otp, kind: 'hidden' });
  }
  return { item, extras };
}

/** A protected field is hidden; a plain one holding just a web address is a URL. */
function kindOf(value: KdbxEntryField): 'hidden' | 'url' | 'text' {
  if (value instanceof kdbxweb.ProtectedValue) return 'hidden';
  return /^https?:\/\/\S+$/i.test(value) ? 'url' : 'text';
}

function fieldText(value: KdbxEntryField | undefined): string {
  if (value === undefined) return '';
  return value instanceof kdbxweb.ProtectedValue ? value.getText() : value;
}
