/**
 * Turns the accounts' changes into 'account.changed' events: an unlock, a lock with its reason
 * (user, idle, sleep, host, sign-out, quit), a removal. A lock of an account that was not
 * unlocked (unlocking locks first, to drop anything left) tells the renderer nothing.
 */
import type { Accounts } from '../account/accounts';
import type { CoreEvents } from './core-events';

export function emitAccountChanges(accounts: Pick<Accounts, 'onChange'>, events: Pick<CoreEvents, 'emit'>): void {
  const unlocked = new Set<string>();
  accounts.onChange((accountId, change) => {
    if (change.state === 'locked' && !unlocked.has(accountId)) return;
    if (change.state === 'unlocked') unlocked.add(accountId);
    else unlocked.delete(accountId);
    events.emit('account.changed', { accountId, ...change });
  });
}
