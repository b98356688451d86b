/** KDBX files for the tests, written by kdbxweb itself (with our Argon2 set through the import's engine). */
import { kdbxweb, type KdbxGroup } from '../../../src/main/core/transfer/kdbx-engine';

export interface FixtureEntry {
  group?: string[];
  fields: Record<string, string>;
  protectedFields?: Record<string, string>;
  tags?: string[];
}

/** A KDBX file of the given version holding the entries, with a Recycle Bin holding one more. */
export async function makeKdbx(version: 3 | 4, password: string, entries: FixtureEntry[], keyFile?: Uint8Array): Promise<Uint8Array> {
  const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(password), keyFile ? new Uint8Array(keyFile).buffer : null);
  const db = kdbxweb.Kdbx.create(credentials, 'Fixture');
  db.setVersion(version);
  if (version === 4) {
    db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
    db.header.kdfParameters?.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(1024 * 1024));
    db.header.kdfParameters?.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(1));
  }
  const root = db.getDefaultGroup();
  const groups = new Map<string, KdbxGroup>();
  const groupAt = (path: string[]): KdbxGroup => {
    let parent = root;
    for (let depth = 0; depth < path.length; depth += 1) {
      const key = path.slice(0, depth + 1).join('/');
      let group = groups.get(key);
      if (!group) {
        group = db.createGroup(parent, path[depth] ?? '');
        groups.set(key, group);
      }
      parent = group;
    }
    return parent;
  };
  for (const spec of entries) {
    const entry = db.createEntry(groupAt(spec.group ?? []));
    for (const [name, value] of Object.entries(spec.fields)) entry.fields.set(name, value);
    for (const [name, value] of Object.entries(spec.protectedFields ?? {})) entry.fields.set(name, kdbxweb.ProtectedValue.fromString(value));
    entry.tags = spec.tags ?? [];
  }
  const deleted = db.createEntry(root);
  deleted.fields.set('Title', 'Thrown away');
  db.remove(deleted);
  return new Uint8Array(await db.save());
}

/** Saves a file whose XML is edited on its way into the file (kdbxweb looks its serializer up at each save). */
export async function withEditedXml(edit: (xml: string) => string, save: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const serialize = kdbxweb.XmlUtils.serialize;
  kdbxweb.XmlUtils.serialize = (doc, prettyPrint) => edit(serialize(doc, prettyPrint));
  try {
    return await save();
  } finally {
    kdbxweb.XmlUtils.serialize = serialize;
  }
}
