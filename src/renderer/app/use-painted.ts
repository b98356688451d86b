/**
 * Whether the frame after a component's first render has been painted: work that is not what
 * that frame shows (the list's next window read ahead, the check-up's status) waits for it, so
 * the first rows after an unlock are not held back by answers the screen does not need yet.
 */
import { useEffect, useState } from 'react';

export function usePainted(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let live = true;
    // A task posted from the frame's rAF runs once that frame is painted (as perf-marks.ts marks it).
    const frame = requestAnimationFrame(() => {
      const after = new MessageChannel();
      after.port1.onmessage = () => live && setPainted(true);
      after.port2.postMessage(null);
    });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, []);
  return painted;
}
