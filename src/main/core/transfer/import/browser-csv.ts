/**
 * The password CSVs browsers export: Chrome, Edge and Brave (`name,url,username,password`,
 * and `note` since Chrome 117), Firefox (`url,username,password,httpRealm,formActionOrigin,
 * guid,timeCreated,timeLastUsed,timePasswordChanged`), and Safari or Apple Passwords
 * (`Title,URL,Username,Password,Notes,OTPAuth`). Every row is a login.
 */
import type { CsvFormat } from './csv-format';
import { loginFromCells } from './csv-format';
import { cell } from './csv-reader';

export const chromeCsv: CsvFormat = {
  format: 'chrome-csv',
  columns: ['name', 'url', 'username', 'password'],
  mapped: ['name', 'url', 'username', 'password', 'note'],
  toItem: (row) => loginFromCells({ title: cell(row, 'name'), url: cell(row, 'url'), username: cell(row, 'username'), password: cell(row, 'password'), notes: cell(row, 'note') }),
};

export const firefoxCsv: CsvFormat = {
  format: 'firefox-csv',
  columns: ['url', 'username', 'password', 'httpRealm', 'formActionOrigin'],
  mapped: ['url', 'username', 'password'],
  toItem: (row) => loginFromCells({ title: '', url: cell(row, 'url'), username: cell(row, 'username'), password: cell(row, 'password'), notes: '' }),
};

export const safariCsv: CsvFormat = {
  format: 'safari-csv',
  columns: ['Title', 'URL', 'Username', 'Password', 'Notes', 'OTPAuth'],
  mapped: ['Title', 'URL', 'Username', 'Password', 'Notes', 'OTPAuth'],
  toItem: (row) =>
    loginFromCells({ title: cell(row, 'Title'), url: cell(row, 'URL'), username: cell(row, 'Username'), password: cell(row, 'Password'), notes: cell(row, 'Notes'), otp: cell(row, 'OTPAuth') }),
};
