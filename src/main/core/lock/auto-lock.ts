/**
 * Locks every unlocked account after a spell without user activity, and after the machine
 * slept. Activity is reported by the renderer (throttled, see `lock.activity`); sleep is
 * noticed where the host tells us (Electron's powerMonitor calls `lockNow`) and, in any
 * host, by a timer whose wall-clock gap between two ticks is far longer than its interval:
 * timers do not run while the machine is suspended, but the wall clock keeps going.
 */

/** Time as the auto-lock sees it; injectable so tests can move it by hand. */
export interface Clock {
  now(): number;
  /** Calls `tick` every `ms`; the answer stops it. */
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
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
/** A gap this much longer than the tick means the machine slept (a busy event loop stalls for far less). */
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
  #stop: (() => void) | null = null;

  constructor({ lockAll, idleMs, clock = systemClock }: AutoLockOptions) {
    this.#lockAll = lockAll;
    this.#idleMs = idleMs;
    this.#clock = clock;
    this.#lastActivity = this.#lastTick = clock.now();
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
    const slept = now - this.#lastTick > AUTO_LOCK_TICK_MS + SLEEP_GAP_MS;
    this.#lastTick = now;
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
