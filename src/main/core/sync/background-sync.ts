/**
 * Background sync: one timer per unlocked account, whatever screen the window shows. Each
 * tick syncs that account (its vaults, then its family); the outcome reaches the renderer as
 * events, never as an answer to a call. A timer starts when its account unlocks and stops
 * when it locks, is signed out, or the app closes (which locks every account). A tick still
 * running when the next is due is not doubled.
 */
import type { Accounts } from '../account/accounts';
import { systemClock, type Clock } from '../lock/auto-lock';

/** How often an unlocked account syncs in the background (LATCHKEY_SYNC_SECONDS overrides it, for tests). */
export const BACKGROUND_SYNC_MS = 15_000;

export interface BackgroundSyncOptions {
  accounts: Pick<Accounts, 'onChange'>;
  /** One sync of one account; its failures are its own business (reported as events). */
  syncAccount: (accountId: string) => Promise<void>;
  intervalMs: number;
  clock?: Pick<Clock, 'every'>;
}

export class BackgroundSync {
  readonly #timers = new Map<string, () => void>();

  constructor(private readonly options: BackgroundSyncOptions) {
    options.accounts.onChange((accountId, change) => (change.state === 'unlocked' ? this.#start(accountId) : this.#stop(accountId)));
  }

  /** The accounts with a running timer. */
  get scheduled(): string[] {
    return [...this.#timers.keys()];
  }

  #start(accountId: string): void {
    this.#stop(accountId);
    const { clock = systemClock, intervalMs, syncAccount } = this.options;
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      void syncAccount(accountId)
        .catch(() => undefined)
        .finally(() => (running = false));
    };
    this.#timers.set(accountId, clock.every(intervalMs, tick));
  }

  #stop(accountId: string): void {
    this.#timers.get(accountId)?.();
    this.#timers.delete(accountId);
  }
}
