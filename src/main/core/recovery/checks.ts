/**
 * The identity checks a recovery with the code asks for, for one signed-in account: read them,
 * and change them after a step-up (the password and, where the account has one, the second
 * factor, proved to the server again); the server emails the owner.
 */
import { recoveryRoutes, type RecoveryCheckKind, type RecoveryChecksStatus } from '../../../shared/server-api/recovery';
import type { Accounts } from '../account/accounts';
import type { Refusals } from '../account/account-session';
import type { StepUp, StepUpProof } from '../account/step-up';
import type { Handlers } from '../ipc/router';

export class RecoveryChecks {
  constructor(
    private readonly accounts: Accounts,
    private readonly stepUp: StepUp,
  ) {}

  status(localUuid: string): Promise<RecoveryChecksStatus> {
    return this.accounts.session(localUuid).call(recoveryRoutes.checksStatus);
  }

  async change(localUuid: string, proof: StepUpProof, checks: RecoveryCheckKind[]): Promise<RecoveryChecksStatus> {
    const stepUpToken = await this.stepUp.token(localUuid, proof);
    return this.accounts.session(localUuid).call(recoveryRoutes.checksChange, { stepUpToken, body: { checks } }, checksRefusals);
  }
}

const checksRefusals: Refusals = {
  check_unavailable: ['check-not-allowed', 'Set that way up first: turn on the authenticator app, or register a security key.'],
};

export function recoveryChecksHandlers(checks: RecoveryChecks): Pick<Handlers, 'recoveryChecks.status' | 'recoveryChecks.change'> {
  return {
    'recoveryChecks.status': async ({ accountId }) => checks.status(accountId),
    'recoveryChecks.change': async ({ accountId, checks: chosen, ...proof }) => checks.change(accountId, proof, chosen),
  };
}
