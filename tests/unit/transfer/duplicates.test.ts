/** Re-running an import: an entry equal in every field to an item already there (in any key order), or to an earlier entry, is skipped; one that differs in any field is not. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsKey, withoutDuplicates } from '../../../src/main/core/transfer/duplicates';
import type { ItemFields } from '../../../src/shared/vault/item-fields';

const login: ItemFields = { type: 'login', title: 'Mail', username: 'u', password: 'p', urls: ['https://a.example'], otp: '', notes: '', tags: ['t'], favourite: false, customFields: [{ label: 'PIN', kind: 'hidden', value: '1' }] };

describe('duplicates', () => {
  it('compares fields, not the order a parser wrote them in', () => {
    const reordered = Object.fromEntries(Object.entries(login).reverse()) as ItemFields;
    expect(fieldsKey(reordered)).toBe(fieldsKey(login));
  });

  it('is the same for the same content in any key order, and holds exactly that content (fuzzed)', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reversed) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([key, entry]) => [key, reversed(entry)])) : value;
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.option(fc.string(), { nil: undefined })), (json, withUndefined) => {
        for (const value of [json, withUndefined, [withUndefined, json]]) {
          const key = fieldsKey(value as ItemFields);
          expect(fieldsKey(reversed(value) as ItemFields)).toBe(key);
          expect(JSON.parse(key)).toEqual(JSON.parse(JSON.stringify(value)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('skips entries equal to an existing item or an earlier entry, and keeps one that differs anywhere', () => {
    const changed: ItemFields = { ...login, customFields: [{ label: 'PIN', kind: 'hidden', value: '2' }] };
    const other: ItemFields = { ...login, title: 'Other' };
    expect(withoutDuplicates([login, changed, other, other], [login])).toEqual({ toImport: [changed, other], duplicates: 2 });
  });
});
