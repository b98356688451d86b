/** An account on this device as the other capabilities and the renderer see it, and what can happen to it. */
import type { LockReason } from '../../../shared/ipc/events';

export interface AccountView {
  accountId: string;
  email: string;
  name: string;
  serverUrl: string;
  unlocked: boolean;
  /** Unlocked, but this device's session has not passed the account's second factor yet. */
  needsSecondFactor: boolean;
  /** The sync server's name for the account was refused at its last unlock on this device (not sealed by the account: §8.8). */
  nameRefused: boolean;
}

/** What happened to an account on this device: unlocked, locked (and why), or removed (signed out). */
export type AccountChange = { state: 'unlocked' } | { state: 'locked'; reason: LockReason } | { state: 'removed' };
