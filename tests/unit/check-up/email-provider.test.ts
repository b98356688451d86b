/**
 * The email catch-22 detector: which vault login is the recovery email's own mail account.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findEmailProviderLogin } from '../../../src/main/core/check-up/email-provider';

const login = (itemId: string, ...urls: string[]) => ({ vaultId: 'private-vault', itemId, urls });
const match = (email: string, ...urls: string[]) => findEmailProviderLogin(email, [login('item', ...urls)]);

describe('findEmailProviderLogin', () => {
  it.each([
    ['Google', 'alice@gmail.com', 'https://accounts.google.com/signin'],
    ['Google', 'alice@googlemail.com', 'mail.google.com'],
    ['Microsoft', 'alice@hotmail.com', 'https://login.live.com/login.srf'],
    ['Microsoft', 'alice@outlook.de', 'https://outlook.live.com/mail/'],
    ['Apple', 'alice@icloud.com', 'https://appleid.apple.com/'],
    ['Yahoo', 'alice@ymail.com', 'https://login.yahoo.com/'],
    ['Yahoo', 'alice@yahoo.co.uk', 'https://uk.mail.yahoo.com/'],
    ['Proton', 'alice@pm.me', 'https://account.proton.me/login'],
    ['Fastmail', 'alice@fastmail.fm', 'https://app.fastmail.com/login/'],
    ['GMX', 'alice@gmx.at', 'https://www.gmx.net/'],
    ['AOL', 'alice@aol.com', 'https://login.aol.com/'],
    ['Zoho', 'alice@zohomail.com', 'https://accounts.zoho.com/signin'],
    ['Yandex', 'alice@ya.ru', 'https://passport.yandex.ru/auth'],
  ])('finds the %s login of %s', (provider, email, url) => {
    expect(findEmailProviderLogin(email, [login('other', 'https://example.net/'), login('mail', url)])).toEqual({ provider, vaultId: 'private-vault', itemId: 'mail' });
  });

  it('refuses lookalike sites', () => {
    for (const url of ['https://gmail.com.evil.net/', 'https://evilgoogle.com/', 'https://accounts-google.com/', 'https://google.com-login.net/', 'http://gmailcom/'])
      expect(match('alice@gmail.com', url), url).toBeNull();
  });

  it('reads URLs without a scheme, in capitals, with a port, a trailing dot, userinfo or an international host', () => {
    for (const url of ['gmail.com', 'HTTPS://Mail.Google.Com:443/', 'https://accounts.google.com./signin', 'https://alice:pw@accounts.google.com/', '//accounts.google.com', '  google.com/mail  ', 'accounts。google。com'])
      expect(match('alice@gmail.com', url), url).toMatchObject({ provider: 'Google' });
    expect(match('alice@bücher.example', 'https://mail.xn--bcher-kva.example/')).toMatchObject({ provider: 'bücher.example' });
    expect(match('alice@xn--bcher-kva.example', 'https://BÜCHER.example/')).toMatchObject({ provider: 'xn--bcher-kva.example' });
  });

  it('matches nothing for garbage or a scheme that is no web sign-in', () => {
    for (const url of ['', '   ', 'https://', 'https://[::1', 'ftp://accounts.google.com/', 'android://accounts.google.com', 'not a url at all', 'javascript:alert(1)'])
      expect(match('alice@gmail.com', url), url).toBeNull();
  });

  it('takes an unknown domain as its own provider, with its subdomains', () => {
    expect(match('Alice@Example.ORG.', 'https://webmail.example.org/')).toEqual({ provider: 'example.org', vaultId: 'private-vault', itemId: 'item' });
    expect(match('alice@example.org', 'example.org')).toMatchObject({ provider: 'example.org' });
    expect(match('alice@example.org', 'https://example.org.evil.net/')).toBeNull();
    expect(match('alice@example.org', 'https://notexample.org/')).toBeNull();
    // A custom domain is not a large provider's: its login at Google is not its mail account.
    expect(match('alice@example.org', 'https://accounts.google.com/')).toBeNull();
  });

  it('compares without regard to case and trailing dots', () => {
    expect(match('ALICE@GMAIL.COM.', 'https://ACCOUNTS.GOOGLE.COM/')).toMatchObject({ provider: 'Google' });
    expect(match('alice@Hotmail.Com', 'https://Login.Live.Com')).toMatchObject({ provider: 'Microsoft' });
  });

  it('is null without a usable email domain', () => {
    for (const email of ['', 'alice', 'alice@', 'alice@com', 'alice@gmail.com/x', 'alice@evil.net/.gmail.com', 'alice@gmail.com:25', 'alice@[127.0.0.1]', 'alice@bad example.org'])
      expect(match(email, 'https://accounts.google.com/', 'com', 'evil.net', 'example.org'), email).toBeNull();
  });

  it('is null with no logins, or only another provider’s', () => {
    expect(findEmailProviderLogin('alice@gmail.com', [])).toBeNull();
    expect(findEmailProviderLogin('alice@gmail.com', [login('outlook', 'https://outlook.live.com/', 'https://login.live.com/'), login('none')])).toBeNull();
  });

  it('answers the first matching login in iteration order', () => {
    const logins = new Set([login('bank', 'https://bank.example/'), login('first', 'https://mail.google.com/'), login('second', 'https://accounts.google.com/')]);
    expect(findEmailProviderLogin('alice@gmail.com', logins)).toMatchObject({ itemId: 'first' });
    expect(findEmailProviderLogin('alice@gmail.com', [...logins].reverse())).toMatchObject({ itemId: 'second' });
  });

  it('never throws, whatever the email and URLs', () => {
    const host = fc.oneof(fc.domain(), fc.constantFrom('gmail.com', 'accounts.google.com', 'bücher.de', '[::1]', 'xn--', '.'));
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.webUrl(), host, fc.tuple(fc.string(), host).map(([user, at]) => `${user}@${at}`));
    fc.assert(
      fc.property(text, fc.array(fc.record({ vaultId: fc.string(), itemId: fc.string(), urls: fc.array(text) })), (email, logins) => {
        const found = findEmailProviderLogin(email, logins);
        expect(found === null || logins.some((entry) => entry.itemId === found.itemId)).toBe(true);
      }),
    );
  });
});
