/**
 * Exports: the KDBX 4 file opens in KeePassXC (keepassxc-cli, the password on its standard
 * input) with every item listed and its fields, the one-time password as KeePassXC's `otp`
 * attribute; its key is Argon2id at 64 MiB / 3 / 4; and our own import reads it back. The CSV
 * export reads back through the import as the very same items.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ItemFields } from '../../../src/shared/vault/item-fields';
import { exportCsv } from '../../../src/main/core/transfer/export/csv-export';
import { exportKdbx } from '../../../src/main/core/transfer/export/kdbx-export';
import type { Int64 } from 'kdbxweb';
import { kdbxweb } from '../../../src/main/core/transfer/kdbx-engine';
import { parseImport } from '../../../src/main/core/transfer/import/read-import';

const base = { notes: '', tags: [] as string[], favourite: false, customFields: [] as ItemFields['customFields'] };
export const sampleItems: ItemFields[] = [
  { ...base, type: 'login', title: 'Mail', username: 'hana', password: 'pw "1", ok', urls: ['https://mail.example', 'https://alt.example'], otp: 'otpauth://totp/Mail:hana?secret=JBSWY3DPEHPK3PXP', notes: 'two\nlines', tags: ['work', 'mail'], favourite: true, customFields: [{ label: 'PIN', kind: 'hidden', value: '9' }, { label: 'Site', kind: 'url', value: 'https://x.example' }] },
  { ...base, type: 'note', title: 'Plan', notes: 'secret plan' },
  { ...base, type: 'card', title: 'Visa', cardholder: 'Hana H', number: '4111111111111111', expiry: '04/2031', securityCode: '123', pin: '0000' },
  { ...base, type: 'identity', title: 'Me', fullName: 'Hana Hill', address: '1 Main St\nTown', phone: '555', email: 'h@example.com', birthDate: '1990-02-03' },
  { ...base, type: 'password', title: 'Router', password: 'r0uter' },
];

const dir = mkdtempSync(join(tmpdir(), 'latchkey-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keepassxc(args: string[], password: string): string {
  return execFileSync('keepassxc-cli', args, { input: `${password}\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('KDBX export', () => {
  it('is opened by keepassxc-cli, which lists every item and reads its fields and otp', async () => {
    const path = join(dir, 'export.kdbx');
    writeFileSync(path, await exportKdbx(sampleItems, 'file pass'));
    const listed = keepassxc(['ls', '-R', '-f', path], 'file pass').split('\n').filter(Boolean);
    expect(listed.sort()).toEqual(['Mail', 'Me', 'Plan', 'Router', 'Visa'].sort());
    const mail = keepassxc(['show', '-s', '-a', 'UserName', '-a', 'Password', '-a', 'URL', '-a', 'otp', '-a', 'PIN', '-a', 'KP2A_URL_1', '-a', 'Notes', path, 'Mail'], 'file pass');
    expect(mail.split('\n')).toEqual(['hana', 'pw "1", ok', 'https://mail.example', 'otpauth://totp/Mail:hana?secret=JBSWY3DPEHPK3PXP', '9', 'https://alt.example', 'two', 'lines', '']);
    const card = keepassxc(['show', '-s', '-a', 'Card number', '-a', 'Expiry', path, 'Visa'], 'file pass');
    expect(card).toBe('4111111111111111\n04/2031\n');
    expect(() => keepassxc(['ls', path], 'wrong pass')).toThrow();
  });

  it('derives its key with Argon2id at 64 MiB, 3 iterations, 4 lanes', async () => {
    const bytes = await exportKdbx(sampleItems.slice(0, 1), 'p');
    const db = await kdbxweb.Kdbx.load(new Uint8Array(bytes).buffer, new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString('p')));
    const kdf = db.header.kdfParameters;
    expect(db.header.versionMajor).toBe(4);
    expect(kdbxweb.ByteUtils.bytesToBase64(kdf?.get('$UUID') as ArrayBuffer)).toBe(kdbxweb.Consts.KdfId.Argon2id);
    expect((kdf?.get('M') as Int64).value).toBe(64 * 1024 * 1024);
    expect((kdf?.get('I') as Int64).value).toBe(3);
    expect(kdf?.get('P')).toBe(4);
  });

  it('reads back through our import: logins whole, tags and the favourite tag, card fields as fields', async () => {
    const result = await parseImport(await exportKdbx(sampleItems, 'p'), { password: 'p' });
    const mail = result.items.find((item) => item.title === 'Mail');
    expect(mail).toEqual({ ...sampleItems[0], favourite: false, tags: ['work', 'mail', 'Favourite'] });
    expect(result.items.find((item) => item.title === 'Visa')?.customFields).toContainEqual({ label: 'Card number', kind: 'hidden', value: '4111111111111111' });
  });
});

describe('CSV export', () => {
  it('reads back through our import as the same items, every type', async () => {
    const result = await parseImport(exportCsv(sampleItems));
    expect(result.format).toBe('latchkey-csv');
    expect(result.items).toEqual(sampleItems);
    expect(result.unmapped).toEqual([]);
  });
});
