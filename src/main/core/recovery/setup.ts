/**
 * Setting up a recovery code, in two phases, as the server keeps it: the new code is
 * uploaded as a pending credential at once (the active one is untouched), and activated,
 * replacing the old one, only when the user has typed it back. Until then the code lives
 * here, in memory, so the wizard can show, save, print and copy the same code.
 */
import { formatRecoveryCode, generateRecoveryCode, parseRecoveryCode, type RecoveryCode } from '../../../shared/crypto/recovery-code';
import { RecoveryCodeParseError } from '../../../shared/crypto/errors';
import { IpcError } from '../../../shared/ipc/result';
import { recoveryRoutes, type RecoveryCredentialStatus } from '../../../shared/server-api/recovery';
import type { Accounts } from '../account/accounts';
import type { Refusals } from '../account/account-session';
import type { StepUp, StepUpProof } from '../account/step-up';
import { finishRecoverySetup, startRecoverySetup } from '../crypto/recovery';
import { systemRandom } from '../crypto/sodium';
import { toWire } from '../sync/wire';

/** The pending code is gone on the server after 30 minutes; the active one still works. */
const activateRefusals: Refusals = {
  not_found: ['code-expired', 'This code was not confirmed in time (30 minutes). Start again to get a new one; your previous code still works.'],
};

export class RecoveryCodeSetup {
  readonly #pending = new Map<string, RecoveryCode>();

  constructor(
    private readonly accounts: Accounts,
    private readonly stepUp: StepUp,
  ) {
    // A code being set up is as secret as the account's keys: it goes when the account locks.
    accounts.onLock((localUuid) => this.cancel(localUuid));
  }

  async status(localUuid: string): Promise<RecoveryCredentialStatus> {
    return this.accounts.session(localUuid).call(recoveryRoutes.credentialStatus);
  }

  /**
   * Steps up (the password, and the second factor where the account has one), makes a new
   * code and uploads it as the pending credential, which only this session can then activate.
   */
  async begin(localUuid: string, proof: StepUpProof): Promise<string> {
    const stepUpToken = await this.stepUp.token(localUuid, proof);
    const { serverAccountId, open } = this.accounts.unlocked(localUuid);
    const session = this.accounts.session(localUuid);
    const code = generateRecoveryCode(systemRandom);
    const { keys, registration } = startRecoverySetup(code);
    try {
      const { registrationResponse } = await session.call(recoveryRoutes.credentialStart, { body: { registrationRequest: registration.registrationRequest } });
      const credential = finishRecoverySetup({ keys, clientRegistrationState: registration.clientRegistrationState, registrationResponse, accountKey: open.accountKey, accountId: serverAccountId });
      await session.call(recoveryRoutes.credentialFinish, { stepUpToken, body: { registrationRecord: credential.registrationRecord, wrappedAccountKey: toWire(credential.wrappedAccountKey) } });
    } catch (error) {
      code.canonical.dispose();
      throw error;
    } finally {
      keys.dispose();
    }
    this.cancel(localUuid);
    this.#pending.set(localUuid, code);
    return formatRecoveryCode(code);
  }

  /** The code being set up, as shown. */
  code(localUuid: string): string {
    return formatRecoveryCode(this.#require(localUuid));
  }

  /** Activates the pending code if `typed` is it; otherwise says which group is wrong. */
  async confirm(localUuid: string, typed: string): Promise<RecoveryCredentialStatus> {
    const pending = this.#require(localUuid);
    let entered: RecoveryCode;
    try {
      entered = parseRecoveryCode(typed);
    } catch (error) {
      if (error instanceof RecoveryCodeParseError) throw new IpcError('invalid-input', `${error.message}.`, { groups: error.groups });
      throw error;
    }
    const expected = formatRecoveryCode(pending).split('-');
    const wrong = formatRecoveryCode(entered)
      .split('-')
      .flatMap((group, index) => (group === expected[index] ? [] : [index]));
    entered.canonical.dispose();
    if (wrong.length > 0) throw new IpcError('code-invalid', `${wrong.length === 1 ? 'Group' : 'Groups'} ${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not match the code shown. Go back to see it again.`, { groups: wrong });
    const status = await this.accounts.session(localUuid).call(recoveryRoutes.credentialActivate, { body: {} }, activateRefusals);
    this.cancel(localUuid);
    return status;
  }

  /** Forgets the code being set up. The server lets the pending credential expire; the active one is untouched. */
  cancel(localUuid: string): void {
    this.#pending.get(localUuid)?.canonical.dispose();
    this.#pending.delete(localUuid);
  }

  #require(localUuid: string): RecoveryCode {
    const code = this.#pending.get(localUuid);
    if (!code) throw new IpcError('start-again', 'Start setting up a recovery code first.');
    return code;
  }
}
