/** The benchmarks' KeePass database: `entries` logins in 20 groups, a note on every tenth (not timed where it is made). */
import { kdbxweb, type Kdbx } from '../src/main/core/transfer/kdbx-engine';

export function benchDatabase(password: string, entries: number): Kdbx {
  const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(password)), 'Bench');
  const groups = Array.from({ length: 20 }, (_, g) => db.createGroup(db.getDefaultGroup(), `Group ${g}`));
  for (let i = 0; i < entries; i++) {
    const entry = db.createEntry(groups[i % groups.length]!);
    entry.fields.set('Title', `Site ${i}`);
    entry.fields.set('UserName', `user${i}@example.com`);
    entry.fields.set('Password', kdbxweb.ProtectedValue.fromString(`pw-${i}-secret`));
    entry.fields.set('URL', `https://site${i}.example.com/login`);
    entry.fields.set('Notes', i % 10 === 0 ? `Note for entry ${i}` : '');
  }
  return db;
}
