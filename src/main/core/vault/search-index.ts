/**
 * In-memory search over decrypted item overviews (title, subtitle, URLs, tags and notes). Lives
 * only in the main process memory of an unlocked account; never persisted.
 *
 * Matching: the query is folded (NFKD, diacritics removed, lower case) and split on white
 * space; an item matches when every term is a substring of its folded text. Order: by title,
 * locale-aware and case-insensitive (then by id, so equal titles keep one order); the order is
 * sorted once after a change, so each search is one pass over the items.
 */

export interface SearchableOverview {
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string | undefined;
  readonly urls?: readonly string[] | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly notes?: string | undefined;
}

const MARKS = /\p{M}/gu;
const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

interface Entry {
  id: string;
  title: string;
  /** Folded title, subtitle, URLs, tags and notes separated by "\n" (never part of a term). */
  text: string;
}

export class SearchIndex {
  readonly #entries = new Map<string, Entry>();
  /** Every entry by title; null after a change until the next search sorts them again. */
  #ordered: Entry[] | null = null;

  constructor(items: Iterable<SearchableOverview> = []) {
    for (const item of items) this.upsert(item);
  }

  get size(): number {
    return this.#entries.size;
  }

  upsert(item: SearchableOverview): void {
    const parts = [item.title, item.subtitle ?? '', ...(item.urls ?? []), ...(item.tags ?? []), item.notes ?? ''];
    // One fold of the joined text: the same as folding each part ("\n" neither decomposes nor reorders), at a fifth of the calls.
    this.#entries.set(item.id, { id: item.id, title: item.title, text: foldForSearch(parts.join('\n')) });
    this.#ordered = null;
  }

  remove(id: string): void {
    if (this.#entries.delete(id)) this.#ordered = null;
  }

  clear(): void {
    this.#entries.clear();
    this.#ordered = null;
  }

  /** The ids of the items matching every term of the query (all of them for a blank one), by title. */
  find(query: string): string[] {
    const terms = foldForSearch(query).split(/\s+/u).filter((t) => t.length > 0);
    const hits: string[] = [];
    for (const entry of this.#inOrder()) if (terms.every((term) => entry.text.includes(term))) hits.push(entry.id);
    return hits;
  }

  #inOrder(): Entry[] {
    this.#ordered ??= [...this.#entries.values()].sort((a, b) => byTitle.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.#ordered;
  }
}
