/** The IPC handlers of the recovery check-up: the reminder and the readiness checklist. */
import type { Handlers } from '../ipc/router';
import type { CheckUp } from './check-up';

type CheckUpHandlers = Pick<Handlers, 'checkUp.status' | 'checkUp.remindLater' | 'checkUp.setReminders' | 'checkUp.confirmKit'>;

export function checkUpHandlers(checkUp: CheckUp): CheckUpHandlers {
  return {
    'checkUp.status': async ({ accountId }) => checkUp.status(accountId),
    'checkUp.remindLater': async ({ accountId }) => checkUp.remindLater(accountId),
    'checkUp.setReminders': async ({ accountId, enabled }) => checkUp.setReminders(accountId, enabled),
    'checkUp.confirmKit': async ({ accountId }) => checkUp.confirmKit(accountId),
  };
}
