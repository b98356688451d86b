/**
 * Two User Timing marks for one figure of `npm run bench`, Unlock click → first rows painted
 * (bench/unlock-paint.ts reads them over CDP; nothing else reads or sends them anywhere): the
 * click on Unlock, and the first frame after it that drew rows of the item list. At most one
 * of each is held: a click clears the last pair, and only the first rows after a click mark.
 */
export const UNLOCK_CLICK = 'latchkey:unlock-click';
export const ROWS_PAINTED = 'latchkey:rows-painted';

export function markUnlockClick(): void {
  performance.clearMarks(UNLOCK_CLICK);
  performance.clearMarks(ROWS_PAINTED);
  performance.mark(UNLOCK_CLICK);
}

/** Called when the list has rows to draw; marks once the frame drawing them is painted (a task posted from its rAF runs after it). */
export function markRowsPainted(): void {
  if (performance.getEntriesByName(UNLOCK_CLICK).length === 0 || performance.getEntriesByName(ROWS_PAINTED).length > 0) return;
  requestAnimationFrame(() => {
    const after = new MessageChannel();
    after.port1.onmessage = () => performance.getEntriesByName(ROWS_PAINTED).length === 0 && performance.mark(ROWS_PAINTED);
    after.port2.postMessage(null);
  });
}
