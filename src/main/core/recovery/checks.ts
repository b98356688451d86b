/**
 * The identity checks a recovery with the code asks for, for one signed-in account: read them,
 * and change them after the password is checked again (the server also wants a session that
 * passed the second factor, and emails the owner).
 */
import { IpcError } from '../../../shared/ipc/result';
import { recoveryRoutes, type RecoveryCheckKind, type RecoveryChecksStatus } from '../../../shared/server-api/recovery';
import type { Accounts } from '../account/accounts';
import { translateSessionError } from '../account/accounts';
import type { Handlers } from '../ipc/router';
import { SyncApiError, type SyncServerClient } from '../sync/client';

export class RecoveryChecks {
  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
  ) {}

  status(localUuid: string): Promise<RecoveryChecksStatus> {
    return this.accounts.callWithSession(localUuid, recoveryRoutes.checksStatus);
  }

  async change(localUuid: string, password: string, checks: RecoveryCheckKind[]): Promise<RecoveryChecksStatus> {
    await this.accounts.reauthenticate(localUuid, password);
    const { sessionToken } = this.accounts.unlocked(localUuid);
    return this.api.call(recoveryRoutes.checksChange, { sessionToken, body: { checks } }).catch(translateChecksError);
  }
}

function translateChecksError(error: unknown): never {
  if (error instanceof SyncApiError) {
    if (error.code === 'check_unavailable') throw new IpcError('bad-request', 'Set that way up first: turn on the authenticator app, or register a security key.');
    if (error.code === 'second_factor_required') throw new IpcError('bad-request', 'Enter a code from your authenticator app on this device first.');
  }
  return translateSessionError(error);
}

export function recoveryChecksHandlers(checks: RecoveryChecks): Pick<Handlers, 'recoveryChecks.status' | 'recoveryChecks.change'> {
  return {
    'recoveryChecks.status': async ({ accountId }) => checks.status(accountId),
    'recoveryChecks.change': async ({ accountId, password, checks: chosen }) => checks.change(accountId, password, chosen),
  };
}
