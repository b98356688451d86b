/**
 * CSV imports, from files as each app writes them (headers from their exports): Chrome, Edge
 * and Brave, Firefox, Safari / Apple Passwords, 1Password, Bitwarden. One reader: quoted
 * cells with commas, quotes and line breaks, a UTF-8 BOM; a file not in UTF-8, an unknown
 * header or an unclosed quote imports nothing.
 */
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../../src/main/core/transfer/import/read-import';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function refusal(bytes: Uint8Array): Promise<{ code: string; message: string }> {
  const outcome = await parseImport(bytes).then(
    () => null,
    (error: unknown) => error as { code: string; message: string },
  );
  expect(outcome).not.toBeNull();
  return outcome as { code: string; message: string };
}

describe('browser CSVs', () => {
  it('reads Chrome, with quoted commas, quotes and line breaks, and a BOM', async () => {
    const text = '\uFEFFname,url,username,password,note\r\nexample.com,https://example.com/login,alice,"pa,ss""word","line one\nline two"\r\n';
    const result = await parseImport(utf8(text));
    expect(result.format).toBe('chrome-csv');
    expect(result.items).toEqual([
      { type: 'login', title: 'example.com', username: 'alice', password: 'pa,ss"word', urls: ['https://example.com/login'], otp: '', notes: 'line one\nline two', tags: [], favourite: false, customFields: [] },
    ]);
    expect(result.unmapped).toEqual([]);
  });

  it('reads Firefox: the title is the host, its other columns are kept as fields', async () => {
    const text =
      '"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed","timePasswordChanged"\n' +
      '"https://accounts.example.org","bob","s3cret",,"https://accounts.example.org","{5ec0}","1700000000000","1700000000001","1700000000002"\n';
    const result = await parseImport(utf8(text));
    expect(result.format).toBe('firefox-csv');
    expect(result.items[0]).toMatchObject({ type: 'login', title: 'accounts.example.org', username: 'bob', password: 's3cret' });
    expect(result.items[0]?.customFields.map((field) => field.label)).toEqual(['formActionOrigin', 'guid', 'timeCreated', 'timeLastUsed', 'timePasswordChanged']);
    expect(result.unmapped).toContainEqual({ field: 'guid', placedIn: 'custom-field', items: 1 });
  });

  it('reads Safari / Apple Passwords with its one-time password, a bare setup key made a URI', async () => {
    const text = 'Title,URL,Username,Password,Notes,OTPAuth\nBank,https://bank.example,carol,pw1,,otpauth://totp/Bank:carol?secret=JBSWY3DPEHPK3PXP\nShop,https://shop.example,carol,pw2,n,JBSW Y3DP EHPK 3PXP\n';
    const result = await parseImport(utf8(text));
    expect(result.format).toBe('safari-csv');
    expect(result.items.map((item) => item.type === 'login' && item.otp)).toEqual(['otpauth://totp/Bank:carol?secret=JBSWY3DPEHPK3PXP', 'otpauth://totp/Shop?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30']);
  });

  it('keeps a one-time password setup the app cannot use (a TOTP URI with a bad secret, an 8-digit counter) as a hidden field, as a pasted one is refused', async () => {
    const text = 'Title,URL,Username,Password,Notes,OTPAuth\nBank,https://bank.example,carol,pw1,,otpauth://totp/Bank:carol?secret=NOT-BASE32!\nShop,https://shop.example,carol,pw2,,otpauth://totp/Shop?secret=JBSWY3DPEHPK3PXP&digits=7\n';
    const result = await parseImport(utf8(text));
    expect(result.items.map((item) => item.type === 'login' && item.otp)).toEqual(['', '']);
    expect(result.items.map((item) => item.customFields)).toEqual([
      [{ label: 'One-time password', kind: 'hidden', value: 'otpauth://totp/Bank:carol?secret=NOT-BASE32!' }],
      [{ label: 'One-time password', kind: 'hidden', value: 'otpauth://totp/Shop?secret=JBSWY3DPEHPK3PXP&digits=7' }],
    ]);
  });
});

describe('password manager CSVs', () => {
  it('reads 1Password: favourite, tags, archived, and a one-time password it cannot use kept as a field', async () => {
    const text = 'Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes\nMail,https://mail.example,dan,pw,steam://ABC,true,true,"home,family",hi\n';
    const result = await parseImport(utf8(text));
    expect(result.format).toBe('1password-csv');
    expect(result.items[0]).toMatchObject({ title: 'Mail', favourite: true, tags: ['home', 'family', 'Archived'], notes: 'hi', otp: '' });
    expect(result.items[0]?.customFields).toEqual([{ label: 'One-time password', kind: 'hidden', value: 'steam://ABC' }]);
    expect(result.unmapped).toEqual([{ field: 'One-time password', placedIn: 'custom-field', items: 1 }]);
  });

  it('reads Bitwarden: logins and notes, folder as tag, several URLs, custom field lines', async () => {
    const text =
      'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n' +
      'Social,1,login,Forum,,"Question: blue\nPet: rex",0,"https://a.example,https://b.example",erin,pw,JBSWY3DPEHPK3PXP\n' +
      ',,note,Wifi,the key is 42,,0,,,,\n';
    const result = await parseImport(utf8(text));
    expect(result.format).toBe('bitwarden-csv');
    expect(result.counts).toMatchObject({ login: 1, note: 1 });
    expect(result.items[0]).toMatchObject({ title: 'Forum', favourite: true, tags: ['Social'], urls: ['https://a.example', 'https://b.example'], otp: 'otpauth://totp/Forum?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30' });
    expect(result.items[0]?.customFields).toEqual([
      { label: 'Question', kind: 'text', value: 'blue' },
      { label: 'Pet', kind: 'text', value: 'rex' },
    ]);
    expect(result.items[1]).toMatchObject({ type: 'note', title: 'Wifi', notes: 'the key is 42', tags: [] });
  });
});

describe('bad CSVs import nothing', () => {
  it('refuses a file that is not UTF-8 (here Windows-1252), and says so', async () => {
    const latin1 = Uint8Array.from([...utf8('name,url,username,password\nCaf'), 0xe9, ...utf8(',https://x.example,u,p\n')]);
    const error = await refusal(latin1);
    expect(error.code).toBe('not-utf8');
    expect(error.message).toMatch(/UTF-8/);
  });

  it('refuses unknown columns, naming them', async () => {
    const error = await refusal(utf8('site,login,secret\na,b,c\n'));
    expect(error).toMatchObject({ code: 'unknown-columns' });
    expect(error.message).toContain('site, login, secret');
  });

  it('refuses a quote left open (a file cut short)', async () => {
    const error = await refusal(utf8('name,url,username,password\n"cut,https://x.example,u,p\n'));
    expect(error.code).toBe('corrupt');
  });
});
