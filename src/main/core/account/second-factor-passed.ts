/** Whether an account's server session has passed the second factor, as Accounts asks at sign-in, unlock and resume. */
import { twoFactorRoutes } from '../../../shared/server-api/two-factor';
import { IpcError } from '../../../shared/ipc/result';
import type { AccountSession } from './account-session';

/** Offline nobody can say: the device shows only its cache, and the server asks again later. */
export async function sessionPassedSecondFactor(session: AccountSession): Promise<boolean> {
  try {
    return (await session.call(twoFactorRoutes.status)).passed;
  } catch (error) {
    if (error instanceof IpcError && error.code === 'offline') return true;
    throw error;
  }
}
