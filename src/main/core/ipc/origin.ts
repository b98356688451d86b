/**
 * The origin of a frame URL, as "scheme://host[:port]". The URL standard gives custom
 * schemes such as latchkey:// the opaque origin "null", so the sender check cannot use
 * URL.origin; this keeps the host part for every scheme. Unparseable input yields "".
 */
export function originOf(frameUrl: string): string {
  try {
    const url = new URL(frameUrl);
    return url.host ? `${url.protocol}//${url.host}` : '';
  } catch {
    return '';
  }
}
