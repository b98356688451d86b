/**
 * 1Password 8's CSV export: `Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes`,
 * one login a row (`Tags` separated by commas, `Favorite` and `Archived` as true/false).
 * An archived row is imported with the tag "Archived" so it is not lost.
 */
import type { CsvFormat } from './csv-format';
import { loginFromCells } from './csv-format';
import { cell } from './csv-reader';

export const onePasswordCsv: CsvFormat = {
  format: '1password-csv',
  columns: ['Title', 'Url', 'Username', 'Password', 'OTPAuth', 'Favorite', 'Archived', 'Tags', 'Notes'],
  mapped: ['Title', 'Url', 'Username', 'Password', 'OTPAuth', 'Favorite', 'Archived', 'Tags', 'Notes'],
  toItem(row) {
    const read = loginFromCells({ title: cell(row, 'Title'), url: cell(row, 'Url'), username: cell(row, 'Username'), password: cell(row, 'Password'), notes: cell(row, 'Notes'), otp: cell(row, 'OTPAuth') });
    read.item.favourite = /^true$/i.test(cell(row, 'Favorite').trim());
    read.item.tags = cell(row, 'Tags').split(',');
    if (/^true$/i.test(cell(row, 'Archived').trim())) read.item.tags.push('Archived');
    return read;
  },
};
