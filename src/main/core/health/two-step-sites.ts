/**
 * Sites known to offer two-step verification with an authenticator app (TOTP), for Password
 * Health's "no two-step code" list. Shipped with the app, never fetched: Latchkey asks no
 * server which sites a user has logins for. Picked by hand from widely used services whose own
 * help pages document signing in with an authenticator app; the community catalogue
 * 2fa.directory (github.com/2factorauth/twofactorauth) is the place to check additions against.
 * A domain matches itself and its subdomains.
 */
export const TWO_STEP_SITES: readonly string[] = [
  'adobe.com',
  'amazon.com',
  'apple.com',
  'atlassian.com',
  'binance.com',
  'bitbucket.org',
  'bitwarden.com',
  'box.com',
  'cloudflare.com',
  'coinbase.com',
  'digitalocean.com',
  'discord.com',
  'docker.com',
  'dropbox.com',
  'ebay.com',
  'epicgames.com',
  'facebook.com',
  'figma.com',
  'github.com',
  'gitlab.com',
  'godaddy.com',
  'google.com',
  'heroku.com',
  'instagram.com',
  'kraken.com',
  'linkedin.com',
  'live.com',
  'mailchimp.com',
  'microsoft.com',
  'namecheap.com',
  'npmjs.com',
  'nintendo.com',
  'notion.so',
  'okta.com',
  'paypal.com',
  'playstation.com',
  'proton.me',
  'reddit.com',
  'salesforce.com',
  'shopify.com',
  'slack.com',
  'snapchat.com',
  'stripe.com',
  'tiktok.com',
  'twitch.tv',
  'twitter.com',
  'x.com',
  'wordpress.com',
  'xbox.com',
  'zoom.us',
];

/** The host of a URL as a login stores it (a scheme is optional), lower case; null if none can be read. */
function hostOf(url: string): string | null {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** The first listed site one of the URLs belongs to, or null. */
export function twoStepSiteOf(urls: readonly string[]): string | null {
  for (const url of urls) {
    const host = hostOf(url);
    if (host === null) continue;
    const site = TWO_STEP_SITES.find((domain) => host === domain || host.endsWith(`.${domain}`));
    if (site !== undefined) return site;
  }
  return null;
}
