/**
 * 1Password's 1PUX, zipped by fflate from an export.data written by hand after the published
 * format: logins with one-time passwords, secure notes, cards, identities, passwords, another
 * category as a note; attached files named in the preview. A zip bomb (too large, too
 * compressed, too many entries), a cut archive and a ZIP without export.data import nothing.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../../src/main/core/transfer/import/read-import';
import { ZIP_LIMITS } from '../../../src/main/core/transfer/import/zip-reader';

const overview = (title: string, extra: object = {}) => ({ title, url: '', tags: [], ...extra });
const items = [
  {
    uuid: 'a', favIndex: 1, categoryUuid: '001', state: 'active',
    overview: overview('Mail', { url: 'https://mail.example', urls: [{ label: '', url: 'https://mail.example' }, { label: 'alt', url: 'https://alt.example' }], tags: ['work'] }),
    details: {
      loginFields: [
        { value: 'gina', id: '', name: 'username', fieldType: 'T', designation: 'username' },
        { value: 'pw', id: '', name: 'password', fieldType: 'P', designation: 'password' },
        { value: 'on', id: '', name: 'remember', fieldType: 'C' },
      ],
      notesPlain: 'n',
      sections: [{ title: 'Security', name: 's', fields: [{ title: 'one-time password', id: 'TOTP_1', value: { totp: 'otpauth://totp/Mail:gina?secret=JBSWY3DPEHPK3PXP' } }, { title: 'PIN', id: 'p', value: { concealed: '1111' } }] }],
      passwordHistory: [{ value: 'old-pw', time: 1600000000 }],
    },
  },
  { uuid: 'b', favIndex: 0, categoryUuid: '003', state: 'archived', overview: overview('Plan'), details: { loginFields: [], notesPlain: 'secret plan', sections: [] } },
  {
    uuid: 'c', favIndex: 0, categoryUuid: '002', state: 'active', overview: overview('Card'),
    details: { notesPlain: '', sections: [{ title: '', name: '', fields: [
      { title: 'cardholder name', id: 'cardholder', value: { string: 'Gina G' } },
      { title: 'type', id: 'type', value: { creditCardType: 'mc' } },
      { title: 'number', id: 'ccnum', value: { creditCardNumber: '5555444433331111' } },
      { title: 'verification number', id: 'cvv', value: { concealed: '321' } },
      { title: 'expiry date', id: 'expiry', value: { monthYear: 203012 } },
      { title: 'PIN', id: 'pin', value: { concealed: '0000' } },
    ] }] },
  },
  {
    uuid: 'd', favIndex: 0, categoryUuid: '004', state: 'active', overview: overview('ID'),
    details: { notesPlain: '', sections: [{ title: 'Identification', name: 'name', fields: [
      { title: 'first name', id: 'firstname', value: { string: 'Gina' } },
      { title: 'last name', id: 'lastname', value: { string: 'Green' } },
      { title: 'birth date', id: 'birthdate', value: { date: 631152000 } },
      { title: 'address', id: 'address', value: { address: { street: '2 Elm', city: 'Oslo', country: 'no', zip: '0150', state: '' } } },
      { title: 'email', id: 'email', value: { email: 'g@example.com' } },
      { title: 'phone', id: 'defphone', value: { phone: '555' } },
      { title: 'job title', id: 'jobtitle', value: { string: 'Baker' } },
    ] }] },
  },
  { uuid: 'e', favIndex: 0, categoryUuid: '005', state: 'active', overview: overview('Router'), details: { password: 'r0uter', notesPlain: '', sections: [] } },
  { uuid: 'f', favIndex: 0, categoryUuid: '100', state: 'active', overview: overview('Licence'), details: { notesPlain: '', sections: [{ title: '', name: '', fields: [{ title: 'license key', id: 'reg_code', value: { string: 'KEY-1' } }] }] } },
];
const exportData = { accounts: [{ attrs: { name: 'Gina' }, vaults: [{ attrs: { name: 'Personal' }, items: items.map((item, index) => (index === 0 ? { item } : item)) }] }] };
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const onePux = (files: Record<string, Uint8Array>) => zipSync(files, { level: 9 });

describe('1PUX import', () => {
  it('maps each category, one-time passwords, fields and attachments', async () => {
    const file = onePux({ 'export.attributes': json({ version: 3 }), 'export.data': json(exportData), 'files/abc__doc.pdf': new Uint8Array([1, 2, 3]) });
    const result = await parseImport(file);
    expect(result.format).toBe('1pux');
    expect(result.counts).toEqual({ login: 1, note: 2, card: 1, identity: 1, password: 1 });
    const [login, note, card, identity, password, other] = result.items;
    expect(login).toMatchObject({ title: 'Mail', username: 'gina', password: 'pw', urls: ['https://mail.example', 'https://alt.example'], otp: 'otpauth://totp/Mail:gina?secret=JBSWY3DPEHPK3PXP', favourite: true, tags: ['work'], notes: 'n' });
    expect(login?.customFields).toEqual([
      { label: 'remember', kind: 'text', value: 'on' },
      { label: 'PIN', kind: 'hidden', value: '1111' },
      { label: 'Earlier password', kind: 'hidden', value: 'old-pw' },
    ]);
    expect(note).toMatchObject({ type: 'note', notes: 'secret plan', tags: ['Archived'] });
    expect(card).toMatchObject({ cardholder: 'Gina G', number: '5555444433331111', securityCode: '321', expiry: '12/2030', pin: '0000', customFields: [{ label: 'type', kind: 'text', value: 'mc' }] });
    expect(identity).toMatchObject({ fullName: 'Gina Green', birthDate: '1990-01-01', address: '2 Elm\n0150 Oslo\nno', email: 'g@example.com', phone: '555', customFields: [{ label: 'job title', kind: 'text', value: 'Baker' }] });
    expect(password).toMatchObject({ type: 'password', title: 'Router', password: 'r0uter' });
    expect(other).toMatchObject({ type: 'note', title: 'Licence', customFields: [{ label: 'license key', kind: 'text', value: 'KEY-1' }] });
    expect(result.unmapped).toContainEqual({ field: 'Attached files', placedIn: 'not-imported', items: 1 });
  });

  it('refuses a zip bomb: a file that unpacks far larger than it is packed', async () => {
    const zeros = new Uint8Array(5 * 1024 * 1024);
    await expect(parseImport(onePux({ 'export.data': zeros }))).rejects.toMatchObject({ code: 'zip-bomb' });
  });

  it('refuses a zip bomb: more entries than an export holds', async () => {
    const files: Record<string, Uint8Array> = { 'export.data': json(exportData) };
    for (let i = 0; i <= ZIP_LIMITS.entries; i += 1) files[`files/${i}`] = new Uint8Array(0);
    await expect(parseImport(zipSync(files, { level: 0 }))).rejects.toMatchObject({ code: 'zip-bomb' });
  });

  it('refuses a ZIP whose entry claims more than it holds, once inflated', async () => {
    const file = onePux({ 'export.data': json(exportData) });
    // Make the central directory claim a smaller size: what is inflated stops there, and the JSON is then cut.
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const central = file.findLastIndex((_, i) => i + 4 <= file.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 100, true);
    await expect(parseImport(file)).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('refuses a cut archive, and a ZIP that is not a 1Password export', async () => {
    const file = onePux({ 'export.data': json(exportData) });
    await expect(parseImport(file.subarray(0, file.length - 30))).rejects.toMatchObject({ code: 'corrupt' });
    await expect(parseImport(onePux({ 'notes.txt': json('hi') }))).rejects.toMatchObject({ code: 'unknown-format' });
  });
});
