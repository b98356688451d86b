/**
 * Locks every unlocked account after a spell without user activity, and after the machine
 * slept. Activity is reported by the renderer (throttled, see `lock.activity`); sleep is
 * noticed where the host tells us (Electron's powerMonitor calls `lockNow`) and, in any
 * host, by the wall clock running ahead of the awake clock between two ticks: the wall clock
 * keeps going while the machine is suspended, the monotonic clock Node's `performance.now()`
 * reads does not (Linux's CLOCK_MONOTONIC, macOS's mach_absolute_time). A busy event loop moves
 * both clocks alike, so a long stall (a big import on a loaded machine) is not taken for sleep.
 * Where a platform's monotonic clock counts the sleep too, the host's powerMonitor still locks.
 */

/** Time as the auto-lock sees it; injectable so tests can move it by hand. */
export interface Clock {
  now(): number;
  /** A clock that stops while the machine sleeps (ms, any origin). */
  awake(): number;
  /** Calls `tick` every `ms`; the answer stops it. */
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  awake: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    // The lock timer alone must not keep the process alive.
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** The idle-lock setting in ms, or LATCHKEY_IDLE_LOCK_SECONDS (1–86400) so tests need not wait minutes. */
export function idleLockMs(settings: { idleLockMinutes: number }): number {
  const seconds = Number(process.env.LATCHKEY_IDLE_LOCK_SECONDS);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 86_400 ? seconds * 1000 : settings.idleLockMinutes * 60_000;
}

/** How often the timer checks. */
export const AUTO_LOCK_TICK_MS = 1_000;
/** The wall clock this far ahead of the awake clock between two ticks means the machine slept. */
export const SLEEP_GAP_MS = 30_000;

export type LockReason = 'idle' | 'sleep' | 'host';

export interface AutoLockOptions {
  lockAll: (reason: LockReason) => void;
  /** Read at every tick, so a changed setting applies at once. */
  idleMs: () => number;
  clock?: Clock;
}

export class AutoLock {
  readonly #lockAll: (reason: LockReason) => void;
  readonly #idleMs: () => number;
  readonly #clock: Clock;
  #lastActivity: number;
  #lastTick: number;
  #lastAwake: number;
  #stop: (() => void) | null = null;

  constructor({ lockAll, idleMs, clock = systemClock }: AutoLockOptions) {
    this.#lockAll = lockAll;
    this.#idleMs = idleMs;
    this.#clock = clock;
    this.#lastActivity = this.#lastTick = clock.now();
    this.#lastAwake = clock.awake();
  }

  start(): void {
    this.#stop ??= this.#clock.every(AUTO_LOCK_TICK_MS, () => this.#tick());
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
  }

  /** The user did something: the idle time starts again. */
  activity(): void {
    this.#lastActivity = this.#clock.now();
  }

  /** The host says the machine is going to sleep or the screen locked. */
  lockNow(): void {
    this.#lockAll('host');
  }

  #tick(): void {
    const now = this.#clock.now();
    const awake = this.#clock.awake();
    const slept = now - this.#lastTick - (awake - this.#lastAwake) > SLEEP_GAP_MS;
    this.#lastTick = now;
    this.#lastAwake = awake;
    if (slept) {
      // Waking up is not activity: the idle time runs from now, with everything locked.
      this.#lastActivity = now;
      this.#lockAll('sleep');
    } else if (now - this.#lastActivity >= this.#idleMs()) {
      this.#lastActivity = now;
      this.#lockAll('idle');
    }
  }
}
