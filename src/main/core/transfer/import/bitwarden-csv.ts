/**
 * Bitwarden's CSV export (`folder,favorite,type,name,notes,fields,reprompt,login_uri,
 * login_username,login_password,login_totp`): logins and secure notes (Bitwarden writes no
 * other types to CSV). The folder becomes a tag; `fields` holds one custom field a line as
 * `name: value`; `login_uri` may hold several URLs separated by commas.
 */
import type { ExtraField } from './collector';
import { titledItem } from './collector';
import type { CsvFormat } from './csv-format';
import { loginFromCells } from './csv-format';
import { cell } from './csv-reader';

const columns = ['folder', 'favorite', 'type', 'name', 'notes', 'fields', 'reprompt', 'login_uri', 'login_username', 'login_password', 'login_totp'];

export const bitwardenCsv: CsvFormat = {
  format: 'bitwarden-csv',
  columns: ['folder', 'favorite', 'type', 'name', 'login_uri', 'login_username', 'login_password'],
  mapped: columns,
  toItem(row) {
    const fields = customFieldLines(cell(row, 'fields'));
    const read =
      cell(row, 'type').trim() === 'note'
        ? { item: titledItem('note', cell(row, 'name')), extras: [] }
        : loginFromCells({ title: cell(row, 'name'), url: '', username: cell(row, 'login_username'), password: cell(row, 'login_password'), notes: '', otp: cell(row, 'login_totp') });
    const { item } = read;
    if (item.type === 'login') item.urls = cell(row, 'login_uri').split(',').map((url) => url.trim()).filter(Boolean);
    item.notes = cell(row, 'notes');
    item.favourite = cell(row, 'favorite').trim() === '1';
    item.tags = [cell(row, 'folder')];
    const reprompt = cell(row, 'reprompt').trim() === '1' ? [{ label: 'Bitwarden password re-prompt', value: 'on' }] : [];
    return { item, extras: [...read.extras, ...fields, ...reprompt] };
  },
};

/** `name: value` lines as fields (a line without a colon is a field named "Field"). */
function customFieldLines(text: string): ExtraField[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(': ');
      return colon < 0 ? { label: 'Field', value: line } : { label: line.slice(0, colon), value: line.slice(colon + 2) };
    });
}
