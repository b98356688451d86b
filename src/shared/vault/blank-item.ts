/** An empty item of each type: what a new item's form starts from, and what an import fills in. */
import type { FieldsOf, ItemType } from './item-fields';

const common = { title: '', notes: '', tags: [], favourite: false, customFields: [] };
const BLANK: { [T in ItemType]: Omit<FieldsOf<T>, keyof typeof common> } = {
  login: { type: 'login', username: '', password: '', urls: [], otp: '' },
  note: { type: 'note' },
  card: { type: 'card', cardholder: '', number: '', expiry: '', securityCode: '', pin: '' },
  identity: { type: 'identity', fullName: '', address: '', phone: '', email: '', birthDate: '' },
  password: { type: 'password', password: '' },
};

export function blankItem<T extends ItemType>(type: T): FieldsOf<T> {
  return { ...common, tags: [], customFields: [], ...BLANK[type] } as unknown as FieldsOf<T>;
}
