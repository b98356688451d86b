/** A login item's fields for a test: the blank login with what the test gives. */
import { blankItem } from '../../src/shared/vault/blank-item';
import type { FieldsOf } from '../../src/shared/vault/item-fields';

export function login(fields: Partial<FieldsOf<'login'>> & { title: string }): FieldsOf<'login'> {
  return { ...blankItem('login'), ...fields };
}
