/**
 * The item list: virtualised (only the rows in view are in the page), read by windows of rows
 * through `fetchRows` as it scrolls, so 100,000 items scroll as smoothly as ten. Arrow keys,
 * Home and End move the selection (which opens the item); one row at a time takes Tab.
 *
 * Kept cheap per frame (bench/item-list.ts): rows have one fixed height (nothing is measured),
 * the windows read are held outside React state (an arrival re-renders only the rows in view,
 * each a memoised `ItemRow`), one small window is read at a time and at most one arrives a frame
 * (the next chosen from where the view is when it arrives, so a fling reads only where it
 * stops), the window after the one in view (before, scrolling up) is read ahead, windows far
 * from the view are dropped, so the page holds a few hundred rows at most whatever the vault's
 * size, and the rows' elements are reused as rows scroll in and out (see ItemRow).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { messageOf } from '../ipc/call';
import { markRowsPainted } from '../app/perf-marks';
import { usePainted } from '../app/use-painted';
import { fetchRows, type Row, type RowQuery, type Rows } from './rows';

export const ROW_HEIGHT = 56;
/** Rows a window holds: a few views' worth, so an arrival is little to take in (a fling takes one nearly every frame). */
const PAGE = 50;
/** Rows drawn beyond each edge of the view: every drawn row is work in each frame of a fling. */
const OVERSCAN = 2;
/** Windows kept either side of the view's; farther ones are dropped and read again if the user comes back. */
const KEEP = 4;
type Source = Omit<RowQuery, 'offset' | 'limit'>;
/** `reading`: the one window being read, if any. */
type Held = { key: string; total: number | null; pages: Map<number, Row[]>; reading: number | null; error: string };
/** Nothing read yet, or the first windows when the caller holds them already (at least a window's worth, or every row). */
function emptyHeld(key: string, first?: Rows): Held {
  const held: Held = { key, total: null, pages: new Map(), reading: null, error: '' };
  if (!first || first.items.length < Math.min(PAGE, first.total)) return held;
  held.total = first.total;
  // Whole windows only, or the last one where the rows end.
  for (let page = 0; page * PAGE < first.items.length; page++) {
    const rows = first.items.slice(page * PAGE, (page + 1) * PAGE);
    if (rows.length === PAGE || page * PAGE + rows.length === first.total) held.pages.set(page, rows);
  }
  return held;
}
/**
 * The windows the view covers, the one to read ahead (after it, or before it scrolling up; none until the first rows are
 * painted), and whether rows are read for it (`still`: see whenStill).
 */
type View = { from: number; to: number; ahead: number | null; still: boolean };

/**
 * `revision`: moves when the rows may have changed (a save, a sync), so they are read again. `firstRows`: the first rows of this
 * source at this revision when the caller has them already (the vault's listing), drawn at once instead of read again.
 * `empty`: what an empty list says instead of "No items yet.".
 */
export function ItemList({ source, revision, firstRows, selectedId, onSelect, empty }: { source: Source; revision: number; firstRows?: Rows | undefined; selectedId: string | null; onSelect: (row: Row) => void; empty?: ReactNode }) {
  const key = `${JSON.stringify(source)}#${revision}`;
  const held = useRef<Held>(emptyHeld(key, firstRows));
  if (held.current.key !== key) held.current = emptyHeld(key, firstRows);
  const current = held.current;
  // Moves when a window of rows arrives: the only state an arrival sets.
  const [arrivals, setArrivals] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const view = useRef<View>({ from: 0, to: 0, ahead: null, still: true });
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const total = current.total ?? 0;
  const painted = usePainted();

  /**
   * Reads the first window the view lacks (else the one ahead), one at a time: when it arrives, the next is chosen from
   * where the view is then, at the next frame. A fling past thousands of rows asks only for what it stops on, never a
   * queue of windows scrolled past (which held up the main process for seconds at 100,000 items), and a frame takes in
   * one window at most (on a loaded machine, several answers a frame made its worst frames).
   */
  const readNext = useCallback(
    function readNext() {
      const wanted = held.current;
      const { from, to, ahead, still } = view.current;
      if (wanted.reading !== null || wanted.error || !still) return;
      const pages = wanted.total === null ? [0] : [...Array.from({ length: to - from + 1 }, (_, i) => from + i), ...(ahead === null ? [] : [ahead])];
      const page = pages.find((p) => p >= 0 && (wanted.total === null || p * PAGE < wanted.total) && !wanted.pages.has(p));
      if (page === undefined) return;
      wanted.reading = page;
      fetchRows({ ...source, offset: page * PAGE, limit: PAGE }).then(
        ({ total, items }) => {
          wanted.total = total;
          wanted.pages.set(page, items);
          wanted.reading = null;
          if (held.current !== wanted) return;
          setArrivals((n) => n + 1);
          // The next read waits for the next frame: at most one window arrives per frame, however fast the answers come.
          requestAnimationFrame(readNext);
        },
        (failure: unknown) => {
          wanted.error = messageOf(failure);
          if (held.current === wanted) setArrivals((n) => n + 1);
        },
      );
    },
    // `source` is read through `key`, which names everything in it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => readNext(), [readNext]);
  // What a view that held still reads: this render's source, even if it changed while the view moved.
  const readLatest = useRef(readNext);
  readLatest.current = readNext;

  // TanStack Virtual keeps its state in a mutable instance, read as the list renders.
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });
  const shown = virtualizer.getVirtualItems();
  // Which element (slot) draws each row drawn: see ItemRow.
  const slots = useRef(new Map<number, number>());
  slots.current = keptSlots(slots.current, shown.map((item) => item.index));
  // The row that took the focus: when its element is given to another row (its own scrolled out), the focus leaves it.
  const focusedRow = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && scroller.current?.contains(active) && active.closest('li')?.dataset.index !== focusedRow.current) active.blur();
  });
  const first = shown[0]?.index ?? 0;
  const last = shown[shown.length - 1]?.index ?? 0;
  const direction = virtualizer.scrollDirection;
  useEffect(() => {
    if (current.total === null) return;
    const from = Math.floor(first / PAGE);
    const to = Math.floor(last / PAGE);
    const before = view.current;
    // The window after the one in view (before, scrolling up) is read ahead once the list's first frame is on screen.
    // A view over none of the windows it was over at the last render jumped there (see whenStill).
    const still = before.still && from <= before.to && to >= before.from;
    view.current = { from, to, ahead: painted ? (direction === 'backward' ? from - 1 : to + 1) : null, still };
    for (const page of current.pages.keys()) if (page < from - KEEP || page > to + KEEP) current.pages.delete(page);
    if (still) readNext();
    else if (from !== before.from || to !== before.to) whenStill(view, () => readLatest.current());
  }, [first, last, direction, current, current.total, readNext, painted]);

  const rowAt = (index: number) => current.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  const anyRow = shown.length > 0 && rowAt(first) !== undefined;
  useEffect(() => {
    if (anyRow) markRowsPainted();
  }, [anyRow]);
  const selectedIndex = shown.find((item) => rowAt(item.index)?.itemId === selectedId)?.index ?? null;
  // A row moved to by the keyboard opens and takes focus once it is loaded and drawn.
  useEffect(() => {
    if (focusIndex === null) return;
    const row = current.pages.get(Math.floor(focusIndex / PAGE))?.[focusIndex % PAGE];
    const button = scroller.current?.querySelector<HTMLButtonElement>(`[data-index="${focusIndex}"] button`);
    if (!row || !button) return;
    setFocusIndex(null);
    onSelect(row);
    button.focus();
  }, [focusIndex, current, arrivals, onSelect, first, last]);
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
      <ul aria-label="Items" className="item-rows" style={{ height: virtualizer.getTotalSize() }} onKeyDown={move} onFocus={(event) => (focusedRow.current = (event.target as HTMLElement).closest('li')?.dataset.index)}>
        {shown.map(({ index, start }) => {
          const row = rowAt(index);
          return <ItemRow key={slots.current.get(index)} index={index} start={start} total={total} row={row} selected={row !== undefined && row.itemId === selectedId} tabStop={index === tabStop} onSelect={onSelect} />;
        })}
      </ul>
    </div>
  );
}

/**
 * Marks the view still, and calls `then`, if it is over the same windows a frame from now. A fling (the scroll bar's thumb
 * dragged, End) puts the view over other windows at every render, and rows read for it would arrive after it left them:
 * nothing is read from its first jump until it holds still for a frame, so each frame of a fling costs its drawing only.
 * A wheel or the arrow keys keep part of the view in view, so what they show is read at once, and the window ahead
 * before they reach it. Two frames are asked for: called while a frame is being drawn, the first is that very frame.
 */
function whenStill(view: { current: View }, then: () => void) {
  const { from, to } = view.current;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (view.current.from !== from || view.current.to !== to) return;
      view.current.still = true;
      then();
    }),
  );
}

/** Each row still drawn keeps its slot; each row newly drawn takes a slot a row no longer drawn left, else a new one. */
function keptSlots(before: Map<number, number>, indices: number[]): Map<number, number> {
  const after = new Map<number, number>();
  for (const index of indices) if (before.has(index)) after.set(index, before.get(index)!);
  const taken = new Set(after.values());
  let free = 0;
  for (const index of indices) {
    if (after.has(index)) continue;
    while (taken.has(free)) free += 1;
    after.set(index, free);
    taken.add(free);
  }
  return after;
}

/**
 * One row, re-rendered only when what it shows changes (not when another window of rows arrives). Its element is kept
 * while its row is drawn, and given to the row scrolled in when its row scrolls out (the key is a slot, not the index):
 * a fling changes a few rows' text and position each frame instead of making and dropping their elements, whose
 * garbage made the worst frames at 100,000 items. A row scrolled out loses the focus, as a removed element would.
 */
const ItemRow = memo(function ItemRow({ index, start, total, row, selected, tabStop, onSelect }: { index: number; start: number; total: number; row: Row | undefined; selected: boolean; tabStop: boolean; onSelect: (row: Row) => void }) {
  return (
    <li data-index={index} aria-setsize={total} aria-posinset={index + 1} style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}>
      {/* The same two elements whether the row is read yet or not: a row coming in changes text, never the page's structure. */}
      <button type="button" className="row" disabled={!row} aria-current={selected ? 'true' : undefined} aria-describedby={row ? `row-${index}` : undefined} tabIndex={tabStop ? 0 : -1} onClick={row ? () => onSelect(row) : undefined}>
        {row ? row.title : 'Loading…'}
      </button>
      <span className="row-subtitle" id={`row-${index}`}>
        {row?.subtitle}
      </span>
    </li>
  );
});
