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
import { translateSessionError } from '../account/session-errors';
import type { StepUp, StepUpProof } from '../account/step-up';
import { finishRecoverySetup, startRecoverySetup } from '../crypto/recovery';
import { systemRandom } from '../crypto/sodium';
import { SyncApiError, type SyncServerClient } from '../sync/client';
import { toWire } from '../sync/wire';

export class RecoveryCodeSetup {
  readonly #pending = new Map<string, RecoveryCode>();

  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
    private readonly stepUp: StepUp,
  ) {
    // A code being set up is as secret as the account's keys: it goes when the account locks.
    accounts.onLock((localUuid) => this.cancel(localUuid));
  }

  async status(localUuid: string): Promise<RecoveryCredentialStatus> {
    const { sessionToken } = this.accounts.unlocked(localUuid);
    return this.api.call(recoveryRoutes.credentialStatus, { sessionToken }).catch(translateSessionError);
  }

  /**
   * Steps up (the password, and the second factor where the account has one), makes a new
   * code and uploads it as the pending credential, which only this session can then activate.
   */
  async begin(localUuid: string, proof: StepUpProof): Promise<string> {
    const stepUpToken = await this.stepUp.token(localUuid, proof);
    const { sessionToken, serverAccountId, open } = this.accounts.unlocked(localUuid);
    const code = generateRecoveryCode(systemRandom);
    const { keys, registration } = startRecoverySetup(code);
    try {
      const { registrationResponse } = await this.api.call(recoveryRoutes.credentialStart, { sessionToken, body: { registrationRequest: registration.registrationRequest } });
      const credential = finishRecoverySetup({ keys, clientRegistrationState: registration.clientRegistrationState, registrationResponse, accountKey: open.accountKey, accountId: serverAccountId });
      await this.api.call(recoveryRoutes.credentialFinish, { sessionToken, stepUpToken, body: { registrationRecord: credential.registrationRecord, wrappedAccountKey: toWire(credential.wrappedAccountKey) } });
    } catch (error) {
      code.canonical.dispose();
      return translateSessionError(error);
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
      if (error instanceof RecoveryCodeParseError) throw new IpcError('bad-request', `${error.message}.`, error.groups);
      throw error;
    }
    const expected = formatRecoveryCode(pending).split('-');
    const wrong = formatRecoveryCode(entered)
      .split('-')
      .flatMap((group, index) => (group === expected[index] ? [] : [index]));
    entered.canonical.dispose();
    if (wrong.length > 0) throw new IpcError('bad-request', `${wrong.length === 1 ? 'Group' : 'Groups'} ${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not match the code shown. Go back to see it again.`, wrong);
    const { sessionToken } = this.accounts.unlocked(localUuid);
    const status = await this.api.call(recoveryRoutes.credentialActivate, { sessionToken, body: {} }).catch((error: unknown) => {
      throw error instanceof SyncApiError && error.code === 'not_found' ? new IpcError('bad-request', 'This code was not confirmed in time (30 minutes). Start again to get a new one; your previous code still works.') : translateSessionError(error);
    });
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
    if (!code) throw new IpcError('bad-request', 'Start setting up a recovery code first.');
    return code;
  }
}
