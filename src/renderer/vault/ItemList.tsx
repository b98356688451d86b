/**
 * The item list: virtualised (only the rows in view are in the page), read by windows of rows
 * through `fetchRows` as it scrolls, so 100,000 items scroll as smoothly as ten. Arrow keys,
 * Home and End move the selection (which opens the item); one row at a time takes Tab.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { messageOf } from '../ipc/call';
import { fetchRows, type Row, type RowQuery } from './rows';

export const ROW_HEIGHT = 56;
const PAGE = 200;
type Source = Omit<RowQuery, 'offset' | 'limit'>;
type Pages = Map<number, Row[]>;
const rowIn = (pages: Pages, index: number) => pages.get(Math.floor(index / PAGE))?.[index % PAGE];

/** `revision`: moves when the rows may have changed (a save, a sync), so they are read again. `empty`: what an empty list says instead of "No items yet.". */
export function ItemList({ source, revision, selectedId, onSelect, empty }: { source: Source; revision: number; selectedId: string | null; onSelect: (row: Row) => void; empty?: ReactNode }) {
  const key = `${JSON.stringify(source)}#${revision}`;
  const [loaded, setLoaded] = useState<{ key: string; total: number | null; pages: Map<number, Row[]>; error: string }>({ key, total: null, pages: new Map(), error: '' });
  const asked = useRef(new Set<string>());
  const scroller = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const current = useMemo(() => (loaded.key === key ? loaded : { key, total: null, pages: new Map<number, Row[]>(), error: '' }), [loaded, key]);
  const total = current.total ?? 0;

  const load = useCallback(
    (page: number) => {
      const wanted = `${key}@${page}`;
      if (asked.current.has(wanted)) return;
      asked.current.add(wanted);
      fetchRows({ ...source, offset: page * PAGE, limit: PAGE }).then(
        ({ total, items }) => setLoaded((was) => (was.key === key ? { ...was, total, pages: new Map(was.pages).set(page, items) } : { key, total, pages: new Map([[page, items]]), error: '' })),
        (failure: unknown) => setLoaded({ key, total: 0, pages: new Map(), error: messageOf(failure) }),
      );
    },
    // `source` is read through `key`, which names everything in it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => load(0), [load]);

  // TanStack Virtual keeps its state in a mutable instance, which the React Compiler cannot memoise around: this component is left uncompiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const shown = virtualizer.getVirtualItems();
  const first = shown[0]?.index ?? 0;
  const last = shown[shown.length - 1]?.index ?? 0;
  useEffect(() => {
    if (current.total === null) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) if (!current.pages.has(page)) load(page);
  }, [first, last, current, load]);

  const rowAt = (index: number) => rowIn(current.pages, index);
  const selectedIndex = shown.find((item) => rowAt(item.index)?.itemId === selectedId)?.index ?? null;
  // A row moved to by the keyboard opens and takes focus once it is loaded and drawn.
  useEffect(() => {
    if (focusIndex === null) return;
    const row = rowIn(current.pages, focusIndex);
    const button = scroller.current?.querySelector<HTMLButtonElement>(`[data-index="${focusIndex}"] button`);
    if (!row || !button) return;
    setFocusIndex(null);
    onSelect(row);
    button.focus();
  }, [focusIndex, current, onSelect, first, last]);
  const move = (event: KeyboardEvent) => {
    const from = Number((event.target as HTMLElement).closest('li')?.dataset.index ?? selectedIndex ?? 0);
    const to = { ArrowDown: from + 1, ArrowUp: from - 1, Home: 0, End: total - 1, PageDown: from + 10, PageUp: from - 10 }[event.key];
    if (to === undefined || total === 0) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(total - 1, to));
    virtualizer.scrollToIndex(index);
    setFocusIndex(index);
  };

  if (current.error) return <p role="alert" className="alert">{current.error}</p>;
  if (current.total === 0 && !source.query && empty) return empty;
  if (current.total === 0) return <p className="list-empty">{source.query ? 'No items match.' : source.category === 'trash' ? 'Nothing was deleted recently.' : 'No items yet.'}</p>;
  const tabStop = selectedIndex ?? first;
  return (
    <div className="item-scroller" ref={scroller} data-testid="item-scroller">
      <ul aria-label="Items" className="item-rows" style={{ height: virtualizer.getTotalSize() }} onKeyDown={move}>
        {shown.map(({ index, start }) => {
          const row = rowAt(index);
          return (
            <li key={index} data-index={index} aria-setsize={total} aria-posinset={index + 1} style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}>
              {row ? (
                <>
                  <button type="button" className="row" aria-current={row.itemId === selectedId ? 'true' : undefined} aria-describedby={`row-${index}`} tabIndex={index === tabStop ? 0 : -1} onClick={() => onSelect(row)}>
                    {row.title}
                  </button>
                  <span className="row-subtitle" id={`row-${index}`}>
                    {row.subtitle}
                  </span>
                </>
              ) : (
                <span className="row-loading">Loading…</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
