/**
 * The email catch-22 of the recovery check-up: when the recovery identity check is the email
 * alone and the account's own vault holds the login of that email's provider, the emailed code
 * sits behind a password that is itself in the vault. This finds that login, in the main
 * process, from the items' URLs: a small table of the large mail providers (their mail domains
 * and the sites whose login is the mail account), and, for any other domain, the domain itself.
 */

interface MailProvider {
  name: string;
  /** Where its addresses live: `alice@<one of these>`. */
  mailDomains: readonly string[];
  /** Sites whose sign-in is the mail account (a URL matches one, or a subdomain of one). */
  signInDomains: readonly string[];
}

const providers: readonly MailProvider[] = [
  {
    name: 'Google',
    mailDomains: ['gmail.com', 'googlemail.com'],
    signInDomains: ['accounts.google.com', 'google.com', 'gmail.com', 'mail.google.com'],
  },
  {
    name: 'Microsoft',
    mailDomains: [
      ...['outlook.com', 'hotmail.com', 'live.com', 'msn.com'],
      ...['hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.it', 'hotmail.es', 'live.co.uk', 'live.fr', 'outlook.fr', 'outlook.de'],
    ],
    signInDomains: ['login.live.com', 'account.microsoft.com', 'outlook.live.com', 'outlook.com', 'live.com', 'microsoft.com', 'login.microsoftonline.com'],
  },
  {
    name: 'Apple',
    mailDomains: ['icloud.com', 'me.com', 'mac.com'],
    signInDomains: ['appleid.apple.com', 'icloud.com', 'apple.com', 'account.apple.com'],
  },
  {
    // Not yahoo.co.jp: Yahoo! JAPAN is another company, with its own accounts.
    name: 'Yahoo',
    mailDomains: [
      ...['yahoo.com', 'ymail.com', 'rocketmail.com'],
      ...['yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.it', 'yahoo.es', 'yahoo.ca', 'yahoo.com.au', 'yahoo.co.in', 'yahoo.com.br'],
    ],
    signInDomains: ['login.yahoo.com', 'yahoo.com', 'mail.yahoo.com'],
  },
  {
    name: 'Proton',
    mailDomains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    signInDomains: ['account.proton.me', 'proton.me', 'mail.proton.me', 'protonmail.com'],
  },
  { name: 'Fastmail', mailDomains: ['fastmail.com', 'fastmail.fm'], signInDomains: ['fastmail.com', 'app.fastmail.com'] },
  { name: 'GMX', mailDomains: ['gmx.com', 'gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'], signInDomains: ['gmx.com', 'gmx.net', 'gmx.de'] },
  { name: 'AOL', mailDomains: ['aol.com'], signInDomains: ['login.aol.com', 'aol.com', 'mail.aol.com'] },
  { name: 'Zoho', mailDomains: ['zoho.com', 'zohomail.com'], signInDomains: ['accounts.zoho.com', 'zoho.com', 'mail.zoho.com'] },
  {
    name: 'Yandex',
    mailDomains: ['yandex.ru', 'yandex.com', 'ya.ru'],
    signInDomains: ['passport.yandex.ru', 'passport.yandex.com', 'yandex.ru', 'yandex.com', 'mail.yandex.ru'],
  },
];

export interface EmailProviderLogin {
  /** The provider's name, or the email's own domain when it is none of the large ones. */
  provider: string;
  vaultId: string;
  itemId: string;
}

/**
 * The first login (in the order given) whose URL is a sign-in site of the email's provider, or
 * null. Never throws: an email or URL that does not parse matches nothing.
 */
export function findEmailProviderLogin(email: string, logins: Iterable<{ vaultId: string; itemId: string; urls: readonly string[] }>): EmailProviderLogin | null {
  const target = providerOf(email);
  if (!target) return null;
  for (const { vaultId, itemId, urls } of logins) {
    if (urls.some((url) => isUnder(hostOf(url), target.signInDomains))) return { provider: target.name, vaultId, itemId };
  }
  return null;
}

/** The provider of an address, or null when the address has no usable domain. */
function providerOf(email: string): Pick<MailProvider, 'name' | 'signInDomains'> | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const written = withoutTrailingDots(email.slice(at + 1).trim().toLowerCase());
  // Only a domain: no path, port, query or userinfo smuggled in, and at least two labels (an
  // address "at" a bare top-level domain would otherwise match every site under it).
  if (!/^[^\s/\\?#:@[\]]+\.[^\s/\\?#:@[\]]+$/.test(written)) return null;
  const domain = hostOf(written);
  if (!domain) return null;
  const known = providers.find((provider) => provider.mailDomains.includes(domain));
  return known ?? { name: written, signInDomains: [domain] };
}

/** The host of a URL as the WHATWG parser gives it (lower case, IDN as punycode), with or without a scheme; null for anything else. */
function hostOf(url: string): string | null {
  const text = url.trim();
  if (text === '') return null;
  const parsed = parseUrl(text) ?? (text.includes('://') ? null : parseUrl(`https://${text}`));
  return parsed && (withoutTrailingDots(parsed.hostname) || null);
}

/** A web URL (http or https) or null: another scheme (mailto:, android://) is no sign-in site. */
function parseUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function isUnder(host: string | null, domains: readonly string[]): boolean {
  return host !== null && domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

function withoutTrailingDots(host: string): string {
  return host.replace(/\.+$/, '');
}
