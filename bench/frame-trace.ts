/**
 * Each frame's main-thread CPU time in the page, from a Chromium trace taken over CDP while
 * `during` runs. A frame is the interval from one BeginMainFrame on the page's main thread
 * (CrRendererMain) to the next; its CPU time is the thread time (`tdur`) of every top-level
 * task that starts in it: the scroll event and React's render in it, the rAF callbacks, style,
 * layout, paint, the IPC answers arriving, the garbage collector. Thread time, unlike the wall
 * clock, does not count the time other processes held the core (this machine is shared, and
 * that time is what pushes wall-clock frames of the same work from 10 ms to 200 ms here).
 *
 * Also answered: what the worst frame was made of, its thread time by trace event (each event's
 * own time, without the events inside it, so nothing is counted twice), for the report to say
 * where the time went: script (FunctionCall, v8.*), style (UpdateLayoutTree), Layout, Paint,
 * the garbage collector (MinorGC, MajorGC), and so on.
 */
import type { Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Thread time (ms) of each event's own work, by event name, rounded to 0.1 ms; largest first. */
function ownTimes(events: TraceEvent[]): Record<string, number> {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const own = new Map<string, number>();
  const open: TraceEvent[] = [];
  const add = (name: string, us: number) => own.set(name, (own.get(name) ?? 0) + us);
  for (const event of sorted) {
    while (open.length > 0 && open.at(-1)!.ts + (open.at(-1)!.dur ?? 0) <= event.ts) open.pop();
    const parent = open.at(-1);
    add(event.name, event.tdur ?? 0);
    if (parent) add(parent.name, -(event.tdur ?? 0));
    open.push(event);
  }
  return Object.fromEntries(
    [...own]
      .map(([name, us]) => [name, Math.round(us / 100) / 10] as const)
      .filter(([, ms]) => ms >= 0.1)
      .sort((a, b) => b[1] - a[1]),
  );
}

export async function frameCpuMs<T>(page: Page, during: () => Promise<T>): Promise<{ result: T; frameCpuMs: number[]; worstFrame: Record<string, number> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => void events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink,devtools.timeline,v8', transferMode: 'ReportEvents' });
  const result = await during();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();

  const threads = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const frameStarts = (t: TraceEvent) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'WebFrameWidgetImpl::BeginMainFrame' && e.ph === 'X');
  const main = threads.map((t) => ({ t, starts: frameStarts(t) })).sort((a, b) => b.starts.length - a.starts.length)[0];
  if (!main || main.starts.length < 2) throw new Error('the trace holds no frames of the page');
  const starts = main.starts.map((e) => e.ts).sort((a, b) => a - b);
  const onMain = events.filter((e) => e.pid === main.t.pid && e.tid === main.t.tid && e.ph === 'X');
  const isTask = (e: TraceEvent) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask';
  /** The frame whose interval `ts` is in (binary search over the frame starts), or -1 outside them. */
  const frameOf = (ts: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ts) lo = mid;
      else hi = mid - 1;
    }
    return ts >= starts[0]! && lo < starts.length - 1 ? lo : -1;
  };
  const perFrame = new Array<number>(starts.length - 1).fill(0);
  const tasksOf = new Map<number, TraceEvent[]>();
  for (const task of onMain.filter(isTask)) {
    const frame = frameOf(task.ts);
    if (frame < 0) continue;
    perFrame[frame] = (perFrame[frame] ?? 0) + (task.tdur ?? 0) / 1000;
    tasksOf.set(frame, [...(tasksOf.get(frame) ?? []), task]);
  }
  // Everything inside the worst frame's tasks.
  const worst = perFrame.indexOf(Math.max(...perFrame));
  const inWorst = (tasksOf.get(worst) ?? []).flatMap((task) => onMain.filter((e) => e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0)));
  return { result, frameCpuMs: perFrame, worstFrame: ownTimes(inWorst) };
}
