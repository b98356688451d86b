import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../src/main/core/vault/search-index';

describe('search index (decrypted overviews)', () => {
  const index = new SearchIndex([
    { id: '1', title: 'Example Bank', subtitle: 'alice', urls: ['https://bank.example'] },
    { id: '2', title: 'email', subtitle: 'alice@example.com', urls: ['https://mail.example'], tags: ['Work'] },
    { id: '3', title: 'Café Noir', subtitle: 'bob', notes: 'The door code is 4711, ask for Zoë' },
    { id: '4', title: 'My bank (old)', subtitle: 'ALICE' },
  ]);

  it('matches every term as a substring of the title, subtitle, URLs, tags or notes, case and accent-insensitive, by title', () => {
    expect(index.find('bank')).toEqual(['1', '4']);
    expect(index.find('my')).toEqual(['4']);
    expect(index.find('ex')).toEqual(['2', '1']);
    expect(index.find('cafe')).toEqual(['3']);
    expect(index.find('ALICE mail')).toEqual(['2']);
    expect(index.find('work')).toEqual(['2']);
    expect(index.find('door zoe')).toEqual(['3']);
    expect(index.find('door bank')).toEqual([]);
  });

  it('lists every item by title (locale-aware, case-insensitive) for a blank query', () => {
    expect(index.find('   ')).toEqual(['3', '2', '1', '4']);
  });

  it('updates and removes', () => {
    const i = new SearchIndex();
    i.upsert({ id: 'a', title: 'One' });
    i.upsert({ id: 'a', title: 'Two' });
    expect(i.find('one')).toEqual([]);
    expect(i.find('two')).toEqual(['a']);
    i.upsert({ id: 'b', title: 'Abc' });
    expect(i.find('')).toEqual(['b', 'a']);
    i.remove('a');
    expect(i.size).toBe(1);
    expect(i.find('')).toEqual(['b']);
  });
});
