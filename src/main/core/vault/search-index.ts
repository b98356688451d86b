/**
 * In-memory search over decrypted item overviews (title, subtitle, URLs, tags and notes). Lives
 * only in the main process memory of an unlocked account; never persisted.
 *
 * Matching: the query is folded (NFKD, diacritics removed, lower case) and split on white
 * space; an item matches when every term is a substring of its folded text. Order: by title,
 * locale-aware and case-insensitive (then by id, so equal titles keep one order). The order is
 * sorted at the first blank search after a load (a search for words before it sorts only its hits); a few changes after it
 * are put in place (a binary search each), so a search after a sync does not sort 100,000 titles again. A search is one pass over one string
 * holding every item's text in that order (a scan of contiguous text, not of 100,000 strings).
 */

/** What of an item is searched: its overview's fields (an overview as held is one). */
export interface SearchableOverview {
  readonly title: string;
  readonly subtitle?: string | undefined;
  readonly urls?: readonly string[] | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly notesStart?: string | undefined;
}

const MARKS = /\p{M}/gu;
const ASCII = /^[^\u0080-\uffff]*$/;
const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function foldForSearch(text: string): string {
  // ASCII has no decomposition and no marks: only its case folds (a third of the cost, for most items' text).
  return ASCII.test(text) ? text.toLowerCase() : text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

interface Entry {
  id: string;
  title: string;
  /** Folded title, subtitle, URLs, tags and notes separated by "\n" (never part of a term). */
  text: string;
}

export class SearchIndex {
  readonly #entries = new Map<string, Entry>();
  /** Every entry by title; null until the next search sorts them all (after a load, or after many changes at once). */
  #ordered: Entry[] | null = null;
  /** Changes put in order one by one since the last sort: past a sixteenth of the items, the next search sorts all instead. */
  #placed = 0;
  /** The ordered entries' texts in one string, each ended by "\n" (never part of a term), and where each starts; null after a change. */
  #haystack: Haystack | null = null;
  #revision = 0;

  constructor(items: Iterable<SearchableOverview & { readonly id: string }> = []) {
    for (const item of items) this.upsert(item.id, item);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Moves at every change, so what was found before can be kept until it does. */
  get revision(): number {
    return this.#revision;
  }

  /** Adds the item, or replaces what it held of it (takes no object made for it: unlock takes in every item's overview as it is). */
  upsert(id: string, item: SearchableOverview): void {
    this.#put(id, item.title, textOf(item.title, item.subtitle, item.urls, item.tags, item.notesStart));
  }

  #put(id: string, title: string, text: string): void {
    const entry = { id, title, text };
    // The entry replaced matters only to an order kept (none while a vault loads).
    const held = this.#ordered && this.#entries.get(id);
    this.#entries.set(id, entry);
    if (this.#reorders()) {
      if (held) this.#ordered!.splice(this.#position(held), 1);
      this.#ordered!.splice(this.#position(entry), 0, entry);
    }
  }

  remove(id: string): void {
    const held = this.#entries.get(id);
    if (!held) return;
    this.#entries.delete(id);
    if (this.#reorders()) this.#ordered!.splice(this.#position(held), 1);
  }

  clear(): void {
    this.#revision += 1;
    this.#entries.clear();
    this.#ordered = null;
    this.#haystack = null;
  }

  /**
   * The ids of the items matching every term of the query (all of them for a blank one), by title. One walk over the
   * haystack in title order: from each candidate item, every term is looked for; an item holding them all is a hit, and
   * otherwise the walk goes on at the item where a term is next found (the items before it lack that term).
   */
  find(query: string): string[] {
    // The longest terms first: likely the rarest, so the walk skips most.
    const terms = termsOf(query).sort((a, b) => b.length - a.length);
    if (terms.length === 0) return this.#inOrder().map((entry) => entry.id);
    // Not sorted yet (a search right after a load, as the command line's `item get TITLE`): the hits alone are sorted, not every
    // title (the locale-aware comparison is most of a sort's cost: 10,000 titles took 50–500 ms in a new process).
    if (!this.#ordered) return [...this.#entries.values()].filter((entry) => terms.every((term) => entry.text.includes(term))).sort(byTitleThenId).map((entry) => entry.id);
    const ordered = this.#ordered;
    const { text, starts } = (this.#haystack ??= haystackOf(ordered));
    // Where each term was last found: still ahead of the walk, it is not looked for again.
    const found = terms.map(() => -1);
    const hits: string[] = [];
    for (let candidate = 0; candidate < ordered.length; ) {
      let holder = candidate;
      for (const [t, term] of terms.entries()) {
        if (found[t]! < starts[candidate]!) found[t] = text.indexOf(term, starts[candidate]);
        if (found[t] === -1) return hits;
        holder = entryAt(starts, found[t]!, candidate);
        if (holder !== candidate) break;
      }
      if (holder === candidate) hits.push(ordered[candidate++]!.id);
      else candidate = holder;
    }
    return hits;
  }

  /**
   * The first `count` ids by title of those `keep` accepts, and how many it accepts: the same as find('') filtered then
   * cut. Until the order is kept (after a load), a selection of the first `count` and no sort: the first window after an
   * unlock compares each title about once with the last one kept, where the sort compares each about log2(n) times.
   */
  first(count: number, keep: (id: string) => boolean): { ids: string[]; total: number } {
    if (this.#ordered) {
      const ids = this.#ordered.filter((entry) => keep(entry.id)).map((entry) => entry.id);
      return { ids: ids.slice(0, count), total: ids.length };
    }
    const top: Entry[] = [];
    let total = 0;
    for (const entry of this.#entries.values()) {
      if (!keep(entry.id)) continue;
      total += 1;
      if (top.length === count && (count === 0 || byTitleThenId(entry, top[count - 1]!) > 0)) continue;
      top.splice(positionIn(top, entry), 0, entry);
      if (top.length > count) top.pop();
    }
    return { ids: top.map((entry) => entry.id), total };
  }

  /** After a change: whether the order is kept by putting the change in place (else it is sorted again at the next search). */
  #reorders(): boolean {
    this.#revision += 1;
    this.#haystack = null;
    if (this.#ordered && ++this.#placed > this.#entries.size / 16) this.#ordered = null;
    return this.#ordered !== null;
  }

  /** Where `entry` is, or goes, in the order. */
  #position(entry: Entry): number {
    return positionIn(this.#ordered!, entry);
  }

  #inOrder(): Entry[] {
    if (!this.#ordered) {
      this.#ordered = [...this.#entries.values()].sort(byTitleThenId);
      this.#placed = 0;
    }
    return this.#ordered;
  }
}

/**
 * The folded text of an item: title, subtitle, URLs, tags and notes separated by "\n". One fold of the joined text: the
 * same as folding each part ("\n" neither decomposes nor reorders), at a fifth of the calls.
 */
function textOf(title: string, subtitle = '', urls: readonly string[] = [], tags: readonly string[] = [], notes = ''): string {
  let text = `${title}\n${subtitle}`;
  for (const url of urls) text += `\n${url}`;
  for (const tag of tags) text += `\n${tag}`;
  return foldForSearch(`${text}\n${notes}`);
}

/** The terms of a query, folded (none for a blank one: every item matches). */
export function termsOf(query: string): string[] {
  return foldForSearch(query)
    .split(/\s+/u)
    .filter((term) => term.length > 0);
}

/** Where `entry` is, or goes, in `ordered` (by title then id: a binary search). */
function positionIn(ordered: readonly Entry[], entry: Entry): number {
  let [low, high] = [0, ordered.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byTitleThenId(ordered[middle]!, entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function byTitleThenId(a: Entry, b: Entry): number {
  return byTitle.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

interface Haystack {
  text: string;
  /** Where each entry's text starts in `text`, and (last) its length. */
  starts: Int32Array;
}

function haystackOf(ordered: readonly Entry[]): Haystack {
  const starts = new Int32Array(ordered.length + 1);
  ordered.forEach((entry, i) => (starts[i + 1] = starts[i]! + entry.text.length + 1));
  return { text: ordered.map((entry) => `${entry.text}\n`).join(''), starts };
}

/** The entry whose text holds position `at` of the haystack (at or after entry `from`). */
function entryAt(starts: Int32Array, at: number, from: number): number {
  let [low, high] = [from, starts.length - 2];
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (starts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}
