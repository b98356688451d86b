/**
 * KeePass import: KDBX 4 and 3.1 files written by kdbxweb open with their password (and key
 * file); groups become tags, KeePassXC's otp field the one-time password, other fields custom
 * fields; the Recycle Bin is left out and counted. A wrong password, a missing key file, a cut
 * or damaged file import nothing, each with its own code.
 */
import { describe, expect, it } from 'vitest';
import { importKdbx } from '../../../src/main/core/transfer/import/kdbx';
import { parseImport } from '../../../src/main/core/transfer/import/read-import';
import { makeKdbx, type FixtureEntry } from './kdbx-fixture';

const otp = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const entries: FixtureEntry[] = [
  {
    group: ['Work', 'Mail'],
    fields: { Title: 'Work mail', UserName: 'alice', URL: 'https://mail.example.com', Notes: 'desk 4', otp, KP2A_URL_1: 'https://m.example.com', 'Recovery email': 'a@example.org' },
    protectedFields: { Password: 'hunter2-work', 'Backup PIN': '4321' },
    tags: ['important'],
  },
  { fields: { Title: 'Door code' , Notes: 'The code is 1234' } },
];

async function expectRefused(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'ImportError', code });
}

describe.each([4, 3] as const)('KDBX %i import', (version) => {
  it('maps entries, groups, otp, extra URLs and custom fields, and counts the Recycle Bin', async () => {
    const bytes = await makeKdbx(version, 'file password', entries);
    const result = await parseImport(bytes, { password: 'file password' });
    expect(result.format).toBe('kdbx');
    expect(result.counts).toEqual({ login: 1, note: 1, card: 0, identity: 0, password: 0 });
    const login = result.items.find((item) => item.type === 'login');
    expect(login).toMatchObject({
      title: 'Work mail',
      username: 'alice',
      password: 'hunter2-work',
      urls: ['https://mail.example.com', 'https://m.example.com'],
      otp,
      notes: 'desk 4',
      tags: ['Work', 'Mail', 'important'],
    });
    expect(login?.customFields).toEqual(
      expect.arrayContaining([
        { label: 'Recovery email', kind: 'text', value: 'a@example.org' },
        { label: 'Backup PIN', kind: 'hidden', value: '4321' },
      ]),
    );
    expect(result.items.find((item) => item.type === 'note')).toMatchObject({ title: 'Door code', notes: 'The code is 1234', tags: [] });
    expect(result.unmapped).toEqual(
      expect.arrayContaining([
        { field: 'Recovery email', placedIn: 'custom-field', items: 1 },
        { field: 'Backup PIN', placedIn: 'custom-field', items: 1 },
        { field: 'Entries in the Recycle Bin', placedIn: 'not-imported', items: 1 },
      ]),
    );
  });

  it('refuses a wrong password', async () => {
    const bytes = await makeKdbx(version, 'right', entries);
    await expectRefused(importKdbx(bytes, { password: 'wrong' }), 'wrong-password');
  });

  it('refuses a file cut short, and one with damaged bytes', async () => {
    const bytes = await makeKdbx(version, 'pw', entries);
    // KDBX 3.1 checks nothing before decrypting: a payload cut short reads as a wrong key there, and the words say it may be damaged.
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    await expectRefused(parseImport(cut, { password: 'pw' }), version === 4 ? 'corrupt' : 'wrong-password');
    if (version === 3) await expect(parseImport(cut, { password: 'pw' })).rejects.toThrow(/damaged/);
    await expectRefused(parseImport(bytes.subarray(0, 40), { password: 'pw' }), 'corrupt');
    const damaged = new Uint8Array(bytes);
    damaged[damaged.length - 100] = (damaged[damaged.length - 100] ?? 0) ^ 0xff;
    await expectRefused(parseImport(damaged, { password: 'pw' }), 'corrupt');
  });
});

describe('KDBX with a key file', () => {
  const keyFile = new TextEncoder().encode('any bytes at all make a key file, hashed by KeePass');

  it('opens with the password and the key file, and not without the key file', async () => {
    const bytes = await makeKdbx(4, 'pw', entries, keyFile);
    const result = await importKdbx(bytes, { password: 'pw', keyFile });
    expect(result.items).toHaveLength(2);
    await expectRefused(importKdbx(bytes, { password: 'pw' }), 'wrong-password');
  });

  it('asks for the password before anything else', async () => {
    const bytes = await makeKdbx(4, 'pw', entries);
    await expectRefused(parseImport(bytes), 'password-required');
  });
});
