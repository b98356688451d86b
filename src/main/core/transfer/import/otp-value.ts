/**
 * A one-time password setup as other managers export it, made into what a login's `otp`
 * field holds (an `otpauth://totp/` URI): a URI is kept, a bare base32 setup key is wrapped in
 * one (SHA-1, 6 digits, 30 s, the defaults every authenticator assumes). Anything else
 * (Steam codes, HOTP counters) is not a setup Latchkey can use: the caller keeps it as a field.
 */
import { ITEM_LIMITS } from '../../../../shared/vault/item-fields';

export function otpUriFrom(value: string, label: string): string | null {
  const text = value.trim();
  if (text === '' || text.length > ITEM_LIMITS.otp) return null;
  if (/^otpauth:\/\/totp\//i.test(text)) return text;
  const secret = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (!/^[A-Z2-7]{16,}$/.test(secret)) return null;
  const uri = `otpauth://totp/${encodeURIComponent(label)}?secret=${secret}`;
  return uri.length <= ITEM_LIMITS.otp ? uri : null;
}
