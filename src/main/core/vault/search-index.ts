/**
 * In-memory search over decrypted item overviews (title, username, URLs). Lives only in the
 * main process memory of an unlocked account; never persisted.
 *
 * Matching: the query is folded (NFKD, diacritics removed, lower case) and split on white
 * space; an item matches when every term is a substring of its folded text. Ranking: title
 * starts with the first term, then a word of the item starts with it, then any match;
 * ties by folded title (code-unit order).
 */

export interface SearchableOverview {
  readonly id: string;
  readonly title: string;
  readonly username?: string | undefined;
  readonly urls?: readonly string[] | undefined;
}

export interface SearchHit {
  readonly id: string;
  readonly title: string;
}

const MARKS = /\p{M}/gu;

export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

interface Entry {
  id: string;
  title: string;
  foldedTitle: string;
  /** Folded title, username and URLs separated by "\n" (never part of a term). */
  text: string;
}

export class SearchIndex {
  readonly #entries = new Map<string, Entry>();

  constructor(items: Iterable<SearchableOverview> = []) {
    for (const item of items) this.upsert(item);
  }

  get size(): number {
    return this.#entries.size;
  }

  upsert(item: SearchableOverview): void {
    const foldedTitle = foldForSearch(item.title);
    const parts = [foldedTitle, foldForSearch(item.username ?? ''), ...(item.urls ?? []).map(foldForSearch)];
    this.#entries.set(item.id, { id: item.id, title: item.title, foldedTitle, text: parts.join('\n') });
  }

  remove(id: string): void {
    this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }

  search(query: string, limit = 50): SearchHit[] {
    const terms = foldForSearch(query).split(/\s+/u).filter((t) => t.length > 0);
    if (terms.length === 0) return [];
    const first = terms[0]!;
    const scored: { entry: Entry; score: number }[] = [];
    for (const entry of this.#entries.values()) {
      let ok = true;
      for (const t of terms) {
        if (!entry.text.includes(t)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      let score = 2;
      if (entry.foldedTitle.startsWith(first)) score = 0;
      else if (wordStarts(entry.text, first)) score = 1;
      scored.push({ entry, score });
    }
    scored.sort((a, b) => a.score - b.score || compare(a.entry.foldedTitle, b.entry.foldedTitle));
    return scored.slice(0, limit).map(({ entry }) => ({ id: entry.id, title: entry.title }));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function wordStarts(text: string, term: string): boolean {
  let i = text.indexOf(term);
  while (i !== -1) {
    if (i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]!)) return true;
    i = text.indexOf(term, i + 1);
  }
  return false;
}
