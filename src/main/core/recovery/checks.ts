/**
 * The identity checks a recovery with the code asks for, for one signed-in account: read them,
 * and change them after a step-up (the password and, where the account has one, the second
 * factor, proved to the server again); the server emails the owner.
 */
import { IpcError } from '../../../shared/ipc/result';
import { recoveryRoutes, type RecoveryCheckKind, type RecoveryChecksStatus } from '../../../shared/server-api/recovery';
import type { Accounts } from '../account/accounts';
import { translateSessionError } from '../account/session-errors';
import type { StepUp, StepUpProof } from '../account/step-up';
import type { Handlers } from '../ipc/router';
import { SyncApiError, type SyncServerClient } from '../sync/client';

export class RecoveryChecks {
  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
    private readonly stepUp: StepUp,
  ) {}

  status(localUuid: string): Promise<RecoveryChecksStatus> {
    return this.accounts.callWithSession(localUuid, recoveryRoutes.checksStatus);
  }

  async change(localUuid: string, proof: StepUpProof, checks: RecoveryCheckKind[]): Promise<RecoveryChecksStatus> {
    const stepUpToken = await this.stepUp.token(localUuid, proof);
    const { sessionToken } = this.accounts.unlocked(localUuid);
    return this.api.call(recoveryRoutes.checksChange, { sessionToken, stepUpToken, body: { checks } }).catch(translateChecksError);
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
    'recoveryChecks.change': async ({ accountId, checks: chosen, ...proof }) => checks.change(accountId, proof, chosen),
  };
}
