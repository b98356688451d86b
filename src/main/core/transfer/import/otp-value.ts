/**
 * A one-time password setup as other managers export it, made into what a login's `otp` field
 * holds, read by the same code as a setup the user pastes (src/shared/vault/otp-setup.ts): an
 * `otpauth://totp/` URI it accepts is kept as written; a bare base32 setup key becomes the URI
 * that module writes, labelled with the item's title. Anything else (Steam codes, HOTP counters,
 * a bad secret) is not a setup Latchkey can use: null, and the caller keeps it as a field.
 */
import { ITEM_LIMITS } from '../../../../shared/vault/item-fields';
import { otpUri, readOtpSetup } from '../../../../shared/vault/otp-setup';

export function otpUriFrom(value: string, label: string): string | null {
  const reading = readOtpSetup(value);
  if (!reading.ok) return null;
  const text = value.trim();
  const uri = /^otpauth:/i.test(text) ? text : otpUri({ ...reading.setup, account: label });
  return uri.length <= ITEM_LIMITS.otp ? uri : null;
}
