import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../src/main/core/vault/search-index';

describe('search index (decrypted overviews)', () => {
  const index = new SearchIndex([
    { id: '1', title: 'Example Bank', username: 'alice', urls: ['https://bank.example'] },
    { id: '2', title: 'Email', username: 'alice@example.com', urls: ['https://mail.example'] },
    { id: '3', title: 'Café Noir', username: 'bob' },
    { id: '4', title: 'My bank (old)', username: 'ALICE' },
  ]);

  it('matches every term as a substring, case and accent-insensitive, ranked by title prefix', () => {
    expect(index.search('bank').map((h) => h.id)).toEqual(['1', '4']);
    expect(index.search('my').map((h) => h.id)).toEqual(['4']);
    expect(index.search('ex').map((h) => h.id)).toEqual(['1', '2']);
    expect(index.search('cafe').map((h) => h.id)).toEqual(['3']);
    expect(index.search('ALICE mail').map((h) => h.id)).toEqual(['2']);
    expect(index.search('   ')).toEqual([]);
  });

  it('updates and removes', () => {
    const i = new SearchIndex();
    i.upsert({ id: 'a', title: 'One' });
    i.upsert({ id: 'a', title: 'Two' });
    expect(i.search('one')).toEqual([]);
    expect(i.search('two').map((h) => h.id)).toEqual(['a']);
    i.remove('a');
    expect(i.size).toBe(0);
  });
});
