/**
 * Items as a KDBX 4 file (kdbxweb), protected by a password the user chose for the file, its
 * key derived with Argon2id at m = 64 MiB, t = 3, p = 4. Every item is an entry in the root
 * group: title, username, password, URL (more URLs as KeePassXC's `KP2A_URL_n`), notes, tags,
 * the one-time password as KeePassXC's `otp` attribute; a card's and an identity's fields and
 * every custom field are string fields (hidden ones and secrets protected); a favourite is
 * the tag "Favourite". The bytes are returned: the caller writes them where the user chose.
 */
import type { ItemFields } from '../../../../shared/vault/item-fields';
import { kdbxweb } from '../kdbx-engine';

export const KDBX_EXPORT_ARGON2 = { memoryBytes: 64 * 1024 * 1024, iterations: 3, parallelism: 4 };

/** A field to write: its name, value and whether KeePass should protect it in memory. */
type Field = [name: string, value: string, secret: boolean];

export async function exportKdbx(items: readonly ItemFields[], filePassword: string): Promise<Uint8Array> {
  const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(filePassword));
  const db = kdbxweb.Kdbx.create(credentials, 'Latchkey export');
  db.setVersion(4);
  db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const kdf = db.header.kdfParameters;
  kdf?.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(KDBX_EXPORT_ARGON2.memoryBytes));
  kdf?.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(KDBX_EXPORT_ARGON2.iterations));
  kdf?.set('P', kdbxweb.VarDictionary.ValueType.UInt32, KDBX_EXPORT_ARGON2.parallelism);
  const root = db.getDefaultGroup();
  // A new database comes with an empty Recycle Bin: an export has nothing to put there.
  const bin = db.meta.recycleBinUuid;
  root.groups = root.groups.filter((group) => bin === undefined || !group.uuid.equals(bin));
  db.meta.recycleBinEnabled = false;
  db.meta.recycleBinUuid = undefined;
  for (const item of items) {
    const entry = db.createEntry(root);
    const used = new Set<string>();
    for (const [name, value, secret] of fieldsOf(item)) {
      if (value === '') continue;
      let unique = name;
      for (let n = 2; used.has(unique); n += 1) unique = `${name} (${n})`;
      used.add(unique);
      entry.fields.set(unique, secret ? kdbxweb.ProtectedValue.fromString(value) : value);
    }
    entry.tags = [...item.tags, ...(item.favourite ? ['Favourite'] : [])];
  }
  return new Uint8Array(await db.save());
}

function fieldsOf(item: ItemFields): Field[] {
  const fields: Field[] = [['Title', item.title, false], ...typeFields(item), ['Notes', item.notes, false]];
  for (const custom of item.customFields) fields.push([custom.label, custom.value, custom.kind === 'hidden']);
  return fields;
}

function typeFields(item: ItemFields): Field[] {
  switch (item.type) {
    case 'login':
      return [
        ['UserName', item.username, false],
        ['Password', item.password, true],
        ['URL', item.urls[0] ?? '', false],
        ...item.urls.slice(1).map((url, index): Field => [`KP2A_URL_${index + 1}`, url, false]),
        ['otp', item.otp, true],
      ];
    case 'password':
      return [['Password', item.password, true]];
    case 'card':
      return [
        ['Cardholder', item.cardholder, false],
        ['Card number', item.number, true],
        ['Expiry', item.expiry, false],
        ['Security code', item.securityCode, true],
        ['PIN', item.pin, true],
      ];
    case 'identity':
      return [
        ['Full name', item.fullName, false],
        ['Address', item.address, false],
        ['Phone', item.phone, false],
        ['Email', item.email, false],
        ['Date of birth', item.birthDate, false],
      ];
    case 'note':
      return [];
  }
}
