/**
 * Bitwarden's unencrypted JSON export, written by hand after its published shape: logins with
 * TOTP and URIs, notes, cards, identities, custom fields of each kind, folders as tags. An
 * encrypted export and a damaged one import nothing.
 */
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../../src/main/core/transfer/import/read-import';

const exportFile = {
  encrypted: false,
  folders: [{ id: 'f1', name: 'Finance' }],
  items: [
    {
      id: 'i1', folderId: 'f1', type: 1, name: 'Bank', notes: 'branch 12', favorite: true,
      fields: [{ name: 'Security answer', value: 'blue', type: 1 }, { name: 'Customer no', value: '778', type: 0 }],
      login: { uris: [{ match: null, uri: 'https://bank.example' }], username: 'frank', password: 'pw', totp: 'otpauth://totp/Bank:frank?secret=JBSWY3DPEHPK3PXP' },
    },
    { id: 'i2', folderId: null, type: 2, name: 'Alarm', notes: 'code 9999', favorite: false, secureNote: { type: 0 } },
    { id: 'i3', folderId: 'f1', type: 3, name: 'Visa', notes: null, favorite: false, card: { cardholderName: 'Frank F', brand: 'Visa', number: '4111111111111111', expMonth: '4', expYear: '2031', code: '123' } },
    {
      id: 'i4', folderId: null, type: 4, name: 'Me', notes: null, favorite: false,
      identity: { title: 'Mr', firstName: 'Frank', middleName: null, lastName: 'Fisher', address1: '1 Main St', address2: null, address3: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US', company: 'Acme', email: 'f@example.com', phone: '555-0100', ssn: '000-00-0000', username: null, passportNumber: null, licenseNumber: null },
    },
  ],
};
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('Bitwarden JSON import', () => {
  it('maps each type, custom fields by kind, folders as tags', async () => {
    const result = await parseImport(bytes(exportFile));
    expect(result.format).toBe('bitwarden-json');
    expect(result.counts).toEqual({ login: 1, note: 1, card: 1, identity: 1, password: 0 });
    const [login, note, card, identity] = result.items;
    expect(login).toMatchObject({ type: 'login', title: 'Bank', username: 'frank', password: 'pw', urls: ['https://bank.example'], otp: 'otpauth://totp/Bank:frank?secret=JBSWY3DPEHPK3PXP', notes: 'branch 12', favourite: true, tags: ['Finance'] });
    expect(login?.customFields).toEqual([
      { label: 'Security answer', kind: 'hidden', value: 'blue' },
      { label: 'Customer no', kind: 'text', value: '778' },
    ]);
    expect(note).toMatchObject({ type: 'note', title: 'Alarm', notes: 'code 9999', tags: [] });
    expect(card).toMatchObject({ type: 'card', cardholder: 'Frank F', number: '4111111111111111', expiry: '04/2031', securityCode: '123', tags: ['Finance'], customFields: [{ label: 'brand', kind: 'text', value: 'Visa' }] });
    expect(identity).toMatchObject({ type: 'identity', fullName: 'Mr Frank Fisher', address: '1 Main St\n62701 Springfield, IL\nUS', phone: '555-0100', email: 'f@example.com' });
    expect(identity?.customFields).toEqual([
      { label: 'company', kind: 'text', value: 'Acme' },
      { label: 'ssn', kind: 'hidden', value: '000-00-0000' },
    ]);
    expect(result.unmapped).toEqual(expect.arrayContaining([{ field: 'brand', placedIn: 'custom-field', items: 1 }, { field: 'ssn', placedIn: 'custom-field', items: 1 }]));
  });

  it('refuses an encrypted export with its own code', async () => {
    await expect(parseImport(bytes({ encrypted: true, passwordProtected: true, data: 'x' }))).rejects.toMatchObject({ code: 'encrypted-export' });
  });

  it('refuses a file cut short, and JSON of another shape', async () => {
    const whole = bytes(exportFile);
    await expect(parseImport(whole.subarray(0, whole.length - 20))).rejects.toMatchObject({ code: 'corrupt' });
    await expect(parseImport(bytes({ items: [{ name: 'no type' }] }))).rejects.toMatchObject({ code: 'corrupt' });
  });
});
