/** Tells the main process the user is here (typing, clicking, scrolling), at most every few seconds, so the idle lock waits. */
import { useEffect } from 'react';
import { ACTIVITY_REPORT_MS } from '../../shared/ipc/channels/lock';
import { call } from '../ipc/call';

const events = ['keydown', 'pointerdown', 'wheel'] as const;

export function useActivityReports(): void {
  useEffect(() => {
    let last = 0;
    const report = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_REPORT_MS) return;
      last = now;
      void call('lock.activity', {}).catch(() => undefined);
    };
    for (const name of events) window.addEventListener(name, report, { capture: true, passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, report, { capture: true });
    };
  }, []);
}
