/**
 * Reading an overview (§8.4) as unlock does for every item: a v2 overview of each type as devices
 * write it reads back unchanged, a v1 one as a login, and every shape the schema refuses is
 * refused, whichever way it is checked (by hand for the common case, else by the schema).
 */
import { describe, expect, it } from 'vitest';
import { blankItem } from '../../../src/shared/vault/blank-item';
import { itemTypes } from '../../../src/shared/vault/item-fields';
import { itemParts, readOverview } from '../../../src/main/core/vault/item-format';

const overviewOf = (type: (typeof itemTypes)[number], trashedAt: string | null = null) => itemParts({ fields: { ...blankItem(type), title: `A ${type}`, tags: ['Work'] }, history: [], trashedAt }).overview;
const login = () => JSON.parse(JSON.stringify(overviewOf('login'))) as Record<string, unknown>;

describe('readOverview', () => {
  it.each(itemTypes)('reads a %s overview as written, live or in Recently Deleted', (type) => {
    const live = JSON.parse(JSON.stringify(overviewOf(type))) as unknown;
    expect(readOverview(live)).toEqual(overviewOf(type));
    expect(readOverview(JSON.parse(JSON.stringify(overviewOf(type, '2026-12-01T10:00:00.000Z'))))).toEqual(overviewOf(type, '2026-12-01T10:00:00.000Z'));
  });

  it('reads a v1 overview as a login', () => {
    expect(readOverview({ title: 'Mail', username: 'alice', urls: ['https://mail.example'] })).toMatchObject({ type: 'login', title: 'Mail', subtitle: 'alice', urls: ['https://mail.example'], tags: [] });
  });

  it.each([
    ['an extra key', { ...login(), secret: 'x' }],
    ['a key missing', (({ hasOtp: _h, ...rest }) => rest)(login())],
    ['a key missing and another in its place', (({ hasOtp: _h, ...rest }) => ({ ...rest, hasOTP: false }))(login())],
    ['an own __proto__ key', JSON.parse(JSON.stringify(login()).replace('"v":2', '"__proto__":{},"v":2').replace(',"notesStart":""', '')) as unknown],
    ['another format', { ...login(), v: 3 }],
    ['an unknown type', { ...login(), type: 'secret' }],
    ['a title that is not text', { ...login(), title: 7 }],
    ['a URL that is not text', { ...login(), urls: ['https://a.example', null] }],
    ['tags that are not a list', { ...login(), tags: 'Work' }],
    ['a favourite that is not a boolean', { ...login(), favourite: 'yes' }],
    ['a trashedAt that is not a time', { ...login(), trashedAt: 'yesterday' }],
    ['a list', [login()]],
    ['null', null],
  ])('refuses an overview with %s', (_label, json) => {
    expect(() => readOverview(json)).toThrow();
  });
});
