/** How each item type's own fields are named, entered and shown: one table for the editor and the detail. */
import type { CopyField } from '../../shared/ipc/channels/vault';
import type { ItemFields, ItemType } from '../../shared/vault/item-fields';

export interface FieldSpec {
  key: string;
  label: string;
  /** Hidden until the user reveals it. */
  secret?: boolean;
  multiline?: boolean;
  inputType?: 'text' | 'email' | 'tel' | 'date';
  placeholder?: string;
  /** Copied through the secret clipboard by this name. */
  copy?: Exclude<CopyField, { custom: number }>;
}

export const TYPE_NAMES: Record<ItemType, string> = { login: 'Login', note: 'Secure Note', card: 'Credit Card', identity: 'Identity', password: 'Password' };

export const FIELD_SPECS: Record<ItemType, FieldSpec[]> = {
  login: [
    { key: 'username', label: 'Username', copy: 'username' },
    { key: 'password', label: 'Password', secret: true, copy: 'password' },
  ],
  note: [],
  card: [
    { key: 'cardholder', label: 'Cardholder' },
    { key: 'number', label: 'Card number', secret: true, copy: 'number' },
    { key: 'expiry', label: 'Expiry', placeholder: 'MM/YYYY' },
    { key: 'securityCode', label: 'Security code', secret: true, copy: 'securityCode' },
    { key: 'pin', label: 'PIN', secret: true, copy: 'pin' },
  ],
  identity: [
    { key: 'fullName', label: 'Full name' },
    { key: 'address', label: 'Address', multiline: true },
    { key: 'phone', label: 'Phone', inputType: 'tel' },
    { key: 'email', label: 'Email', inputType: 'email' },
    { key: 'birthDate', label: 'Date of birth', inputType: 'date' },
  ],
  password: [{ key: 'password', label: 'Password', secret: true, copy: 'password' }],
};

/** A field of the item's own type, by its key ('' when the type has none). */
export function valueOf(fields: ItemFields, key: string): string {
  const value = (fields as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}
