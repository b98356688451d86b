/**
 * Latchkey's own CSV export (export/csv-export.ts), read back: every type, each field from its
 * own column, custom fields from their JSON. A cell that does not fit its field (an expiry not
 * MM/YYYY, custom fields that are not the JSON we write) is kept as a field.
 */
import { z } from 'zod';
import { customField, type ItemFields } from '../../../../shared/vault/item-fields';
import { CSV_EXPORT_COLUMNS } from '../export/csv-export';
import { titledItem, type ExtraField } from './collector';
import type { CsvFormat } from './csv-format';
import { cell } from './csv-reader';
import { otpUriFrom } from './otp-value';

const customFields = z.array(customField);
const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

export const latchkeyCsv: CsvFormat = {
  format: 'latchkey-csv',
  columns: CSV_EXPORT_COLUMNS,
  mapped: CSV_EXPORT_COLUMNS,
  toItem(row) {
    const get = (name: string) => cell(row, name);
    const extras: ExtraField[] = [];
    const item = typed(get('type'), get('title'), get, extras);
    item.notes = get('notes');
    item.tags = lines(get('tags'));
    item.favourite = get('favourite') === 'true';
    const custom = get('custom_fields');
    if (custom !== '') {
      const parsed = customFields.safeParse(safeJson(custom));
      if (parsed.success) item.customFields = parsed.data;
      else extras.push({ label: 'custom_fields', value: custom });
    }
    return { item, extras };
  },
};

function typed(type: string, title: string, get: (name: string) => string, extras: ExtraField[]): ItemFields {
  const keep = (field: ExtraField) => field.value !== '' && extras.push(field);
  switch (type) {
    case 'password':
      return { ...titledItem('password', title), password: get('password') };
    case 'card': {
      const expiry = /^(0[1-9]|1[0-2])\/\d{4}$/.test(get('expiry')) ? get('expiry') : '';
      if (expiry === '') keep({ label: 'expiry', value: get('expiry') });
      return { ...titledItem('card', title), cardholder: get('cardholder'), number: get('card_number'), expiry, securityCode: get('security_code'), pin: get('pin') };
    }
    case 'identity': {
      const birthDate = /^\d{4}-\d{2}-\d{2}$/.test(get('birth_date')) ? get('birth_date') : '';
      if (birthDate === '') keep({ label: 'birth_date', value: get('birth_date'), kind: 'date' });
      return { ...titledItem('identity', title), fullName: get('full_name'), address: get('address'), phone: get('phone'), email: get('email'), birthDate };
    }
    case 'note':
      return titledItem('note', title);
    default: {
      const otp = otpUriFrom(get('otp'), title) ?? '';
      if (otp === '') keep({ label: 'otp', value: get('otp'), kind: 'hidden' });
      return { ...titledItem('login', title), username: get('username'), password: get('password'), urls: lines(get('urls')), otp };
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
