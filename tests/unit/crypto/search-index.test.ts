import { describe, expect, it } from 'vitest';
import { SearchIndex, foldForSearch } from '../../../src/main/core/vault/search-index';

describe('search index (decrypted overviews)', () => {
  const index = new SearchIndex([
    { id: '1', title: 'Example Bank', subtitle: 'alice', urls: ['https://bank.example'] },
    { id: '2', title: 'email', subtitle: 'alice@example.com', urls: ['https://mail.example'], tags: ['Work'] },
    { id: '3', title: 'Café Noir', subtitle: 'bob', notesStart: 'The door code is 4711, ask for Zoë' },
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
    i.upsert('a', { title: 'One' });
    i.upsert('a', { title: 'Two' });
    expect(i.find('one')).toEqual([]);
    expect(i.find('two')).toEqual(['a']);
    i.upsert('b', { title: 'Abc' });
    expect(i.find('')).toEqual(['b', 'a']);
    i.remove('a');
    expect(i.size).toBe(1);
    expect(i.find('')).toEqual(['b']);
  });

  it('keeps the title order through changes made after a search (each put in place, or all sorted again after many)', () => {
    const titles = ['Bank 10', 'bank 9', 'Åland ferry', 'mail', 'Mail', 'zeta', 'Alpha', 'alpha 2', 'Beta', 'éclair'];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const kept = new SearchIndex();
    const items = new Map<string, { id: string; title: string; notesStart: string }>();
    const change = (step: number) => {
      const id = `id${random(400)}`;
      if (step > 0 && random(4) === 0) {
        kept.remove(id);
        items.delete(id);
      } else {
        const item = { id, title: `${titles[random(titles.length)]!} ${random(5)}`, notesStart: `note ${step}` };
        kept.upsert(item.id, item);
        items.set(id, item);
      }
    };
    for (let step = -300; step < 0; step++) change(step);
    kept.find('');
    for (let step = 1; step <= 300; step++) {
      change(step);
      const fresh = new SearchIndex(items.values());
      // About every 19th change (a sixteenth of the items), the order is sorted whole again; the others are put in place.
      for (const query of ['', 'a', 'bank', 'note 1', 'al 2']) expect(kept.find(query)).toEqual(fresh.find(query));
    }
    expect(kept.size).toBe(items.size);
  });

  it('gives the first items by title of those kept, and how many, as the full order does, before and after it is sorted', () => {
    const titles = ['Bank 10', 'bank 9', 'Åland ferry', 'mail', 'Mail', 'zeta', 'Alpha', 'alpha 2', 'Beta', 'éclair', 'Bank 10'];
    const items = Array.from({ length: 500 }, (_, i) => ({ id: `id${(i * 7919) % 503}`, title: `${titles[(i * 31) % titles.length]!} ${i % 13}` }));
    const keeps = [() => true, (id: string) => id.endsWith('1'), () => false];
    for (const count of [0, 1, 7, 200, 600])
      for (const keep of keeps) {
        const loaded = new SearchIndex(items);
        const all = new SearchIndex(items).find('').filter(keep);
        expect(loaded.first(count, keep)).toEqual({ ids: all.slice(0, count), total: all.length });
        loaded.find('');
        expect(loaded.first(count, keep)).toEqual({ ids: all.slice(0, count), total: all.length });
      }
  });

  it('answers a search before any blank one (its hits alone sorted) as it does once every title is sorted', () => {
    const titles = ['Site 10', 'site 9', 'Ärzte', 'Arzt', 'Site 100', 'Bank', 'site 10', 'Zebra site', 'Éclair'];
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `id-${(i * 7919) % 300}`, title: `${titles[i % titles.length]!} ${i % 7}`, subtitle: i % 2 ? 'site' : '' }));
    const queries = ['site', 'site 1', 'arzt', 'ecl', 'a', 'zebra 3', 'nothing'];
    const unsorted = queries.map((query) => new SearchIndex(items).find(query));
    const sorted = new SearchIndex(items);
    expect(sorted.find('')).toHaveLength(300);
    expect(queries.map((query) => sorted.find(query))).toEqual(unsorted);
    expect(unsorted[0]!.length).toBeGreaterThan(100);
  });

  it('never matches a term across two items', () => {
    const pair = new SearchIndex([
      { id: 'a', title: 'foo' },
      { id: 'b', title: 'bar' },
    ]);
    expect(pair.find('oob')).toEqual([]);
    expect(pair.find('rfo')).toEqual([]);
    expect(pair.find('o')).toEqual(['a']);
  });

  it('folds ASCII text to lower case, and other text also without its marks and in compatibility form', () => {
    expect(foldForSearch('MAIL.Example 42\n@Home')).toBe('mail.example 42\n@home');
    expect(foldForSearch('Ｃａｆé Zoë')).toBe('cafe zoe');
  });
});
