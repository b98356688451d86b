/**
 * Items as an unencrypted CSV (UTF-8 with a byte order mark, RFC 4180 quoting, CRLF): one row an
 * item, one column per field of every type, so each type's fields keep their own column.
 * Several URLs and tags are separated by line breaks inside their cell; custom fields are JSON
 * (`[{"label", "kind", "value"}]`) in `custom_fields`, so they come back whole. The screen warns before writing one.
 */
import type { ItemFields } from '../../../../shared/vault/item-fields';

export const CSV_EXPORT_COLUMNS = [
  'type', 'title', 'username', 'password', 'urls', 'otp', 'cardholder', 'card_number', 'expiry', 'security_code', 'pin',
  'full_name', 'address', 'phone', 'email', 'birth_date', 'notes', 'tags', 'favourite', 'custom_fields',
] as const;
type Column = (typeof CSV_EXPORT_COLUMNS)[number];

export function exportCsv(items: readonly ItemFields[]): Uint8Array {
  const lines = [CSV_EXPORT_COLUMNS.join(',')];
  for (const item of items) {
    const row = rowOf(item);
    lines.push(CSV_EXPORT_COLUMNS.map((column) => quote(row[column] ?? '')).join(','));
  }
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

function rowOf(item: ItemFields): Partial<Record<Column, string>> {
  const common = {
    type: item.type,
    title: item.title,
    notes: item.notes,
    tags: item.tags.join('\n'),
    favourite: item.favourite ? 'true' : 'false',
    custom_fields: item.customFields.length === 0 ? '' : JSON.stringify(item.customFields),
  };
  switch (item.type) {
    case 'login':
      return { ...common, username: item.username, password: item.password, urls: item.urls.join('\n'), otp: item.otp };
    case 'password':
      return { ...common, password: item.password };
    case 'card':
      return { ...common, cardholder: item.cardholder, card_number: item.number, expiry: item.expiry, security_code: item.securityCode, pin: item.pin };
    case 'identity':
      return { ...common, full_name: item.fullName, address: item.address, phone: item.phone, email: item.email, birth_date: item.birthDate };
    case 'note':
      return common;
  }
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}
