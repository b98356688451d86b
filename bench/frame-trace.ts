/**
 * Each frame's main-thread CPU time in the page, from a Chromium trace taken over CDP while
 * `during` runs. A frame is the interval from one BeginMainFrame on the page's main thread
 * (CrRendererMain) to the next; its CPU time is the thread time (`tdur`) of every top-level
 * task that starts in it: the scroll event and React's render in it, the rAF callbacks, style,
 * layout, paint, the IPC answers arriving, the garbage collector. Thread time, unlike the wall
 * clock, does not count the time other processes held the core (this machine is shared, and
 * that time is what pushes wall-clock frames of the same work from 10 ms to 200 ms here).
 */
import type { Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  tdur?: number;
  args?: { name?: string };
}

export async function frameCpuMs<T>(page: Page, during: () => Promise<T>): Promise<{ result: T; frameCpuMs: number[] }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => void events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink,devtools.timeline', transferMode: 'ReportEvents' });
  const result = await during();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();

  const threads = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const frameStarts = (t: TraceEvent) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'WebFrameWidgetImpl::BeginMainFrame' && e.ph === 'X');
  const main = threads.map((t) => ({ t, starts: frameStarts(t) })).sort((a, b) => b.starts.length - a.starts.length)[0];
  if (!main || main.starts.length < 2) throw new Error('the trace holds no frames of the page');
  const starts = main.starts.map((e) => e.ts).sort((a, b) => a - b);
  const tasks = events.filter((e) => e.pid === main.t.pid && e.tid === main.t.tid && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'));
  const perFrame = new Array<number>(starts.length - 1).fill(0);
  for (const task of tasks) {
    // The frame whose interval the task starts in (binary search over the frame starts).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= task.ts) lo = mid;
      else hi = mid - 1;
    }
    if (task.ts >= starts[0]! && lo < perFrame.length) perFrame[lo] = (perFrame[lo] ?? 0) + (task.tdur ?? 0) / 1000;
  }
  return { result, frameCpuMs: perFrame };
}
