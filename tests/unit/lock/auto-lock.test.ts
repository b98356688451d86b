/** The idle lock and the sleep detector, on a clock the test moves by hand. */
import { describe, expect, it } from 'vitest';
import { AUTO_LOCK_TICK_MS, AutoLock, SLEEP_GAP_MS, type Clock, type LockReason } from '../../../src/main/core/lock/auto-lock';

/** A clock whose timer runs only when the test advances it, one tick at a time, as a real interval would. */
class ManualClock implements Clock {
  time = 1_700_000_000_000;
  /** The monotonic clock: it moves with the wall clock, except while the machine sleeps. */
  awakeTime = 5_000;
  #ticks: { ms: number; next: number; tick: () => void }[] = [];
  now = () => this.time;
  awake = () => this.awakeTime;
  every(ms: number, tick: () => void) {
    const timer = { ms, next: this.time + ms, tick };
    this.#ticks.push(timer);
    return () => void (this.#ticks = this.#ticks.filter((t) => t !== timer));
  }
  /** Time passes with the machine awake: every tick due fires. */
  advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = this.#ticks.filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.awakeTime += due.next - this.time;
      this.time = due.next;
      due.next += due.ms;
      due.tick();
    }
    this.awakeTime += end - this.time;
    this.time = end;
  }
  /** The event loop is blocked: both clocks move, and no timer runs meanwhile. */
  stall(ms: number) {
    this.time += ms;
    this.awakeTime += ms;
    for (const t of this.#ticks) t.next = this.time + t.ms;
  }
  /** The machine sleeps: the wall clock jumps, the awake clock stands still, and no timer runs meanwhile. */
  sleep(ms: number) {
    this.time += ms;
    for (const t of this.#ticks) t.next = this.time + t.ms;
  }
}

function setUp(idleMinutes = 10) {
  const clock = new ManualClock();
  const locks: LockReason[] = [];
  let idleMs = idleMinutes * 60_000;
  const autoLock = new AutoLock({ lockAll: (reason) => locks.push(reason), idleMs: () => idleMs, clock });
  autoLock.start();
  return { clock, locks, autoLock, setIdle: (minutes: number) => (idleMs = minutes * 60_000) };
}

describe('AutoLock', () => {
  it('locks once the idle time has passed without activity, not a tick before', () => {
    const { clock, locks } = setUp(10);
    clock.advance(10 * 60_000 - AUTO_LOCK_TICK_MS);
    expect(locks).toEqual([]);
    clock.advance(AUTO_LOCK_TICK_MS);
    expect(locks).toEqual(['idle']);
  });

  it('activity postpones the lock by the whole idle time', () => {
    const { clock, locks, autoLock } = setUp(10);
    clock.advance(9 * 60_000);
    autoLock.activity();
    clock.advance(9 * 60_000);
    expect(locks).toEqual([]);
    clock.advance(60_000);
    expect(locks).toEqual(['idle']);
  });

  it('applies a changed idle setting at the next tick', () => {
    const { clock, locks, setIdle } = setUp(10);
    clock.advance(2 * 60_000);
    setIdle(1);
    clock.advance(AUTO_LOCK_TICK_MS);
    expect(locks).toEqual(['idle']);
  });

  it('locks when the wall clock jumped far past the timer (the machine slept), even with recent activity', () => {
    const { clock, locks, autoLock } = setUp(240);
    clock.advance(5_000);
    autoLock.activity();
    clock.sleep(AUTO_LOCK_TICK_MS + SLEEP_GAP_MS + 1);
    clock.advance(AUTO_LOCK_TICK_MS);
    expect(locks).toEqual(['sleep']);
    // Waking is not activity, and a normal tick afterwards is no second sleep.
    clock.advance(60_000);
    expect(locks).toEqual(['sleep']);
  });

  it('does not mistake a short sleep for the idle lock or a sleep lock', () => {
    const { clock, locks } = setUp(240);
    clock.sleep(SLEEP_GAP_MS - 1_000);
    clock.advance(AUTO_LOCK_TICK_MS);
    expect(locks).toEqual([]);
  });

  it('does not mistake a long stall of the event loop (both clocks moving) for sleep', () => {
    const { clock, locks } = setUp(240);
    clock.advance(5_000);
    clock.stall(10 * SLEEP_GAP_MS);
    clock.advance(AUTO_LOCK_TICK_MS);
    expect(locks).toEqual([]);
    // The same gap with the awake clock stopped is sleep.
    clock.sleep(10 * SLEEP_GAP_MS);
    clock.advance(AUTO_LOCK_TICK_MS);
    expect(locks).toEqual(['sleep']);
  });

  it('locks at once when the host says so, and stops checking when stopped', () => {
    const { clock, locks, autoLock } = setUp(1);
    autoLock.lockNow();
    expect(locks).toEqual(['host']);
    autoLock.stop();
    clock.advance(10 * 60_000);
    expect(locks).toEqual(['host']);
  });
});
