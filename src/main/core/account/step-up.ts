/**
 * The step-up before a change to how the account is reached (src/shared/server-api/step-up.ts):
 * the password proves itself to the server again with OPAQUE (derived as at unlock, with the
 * Secret Key from the keychain), and the second factor, where the account has one, goes with
 * it. The server answers a single-use token for one change; it never leaves the main process.
 */
import { LatchkeyCryptoError } from '../../../shared/crypto/errors';
import type { SecondFactorProof } from '../../../shared/ipc/channels/common';
import { IpcError } from '../../../shared/ipc/result';
import { accountRoutes } from '../../../shared/server-api/account';
import { stepUpRoutes } from '../../../shared/server-api/step-up';
import { opaqueFinishLogin, opaqueStartLogin } from '../crypto/opaque-client';
import { SyncApiError, type SyncServerClient } from '../sync/client';
import { deriveKeys } from './account-material';
import type { Accounts } from './accounts';
import { translateSessionError } from './session-errors';

export interface StepUpProof {
  password: string;
  secondFactor?: SecondFactorProof;
}

/** Words for the step-up's refusals; the rest are a signed-out session, the network, or limits. */
const refusals: Partial<Record<string, string>> = {
  invalid_credentials: 'That password is not right.',
  second_factor_required: 'This account uses two-step verification: enter a code from your authenticator app, or use your security key, with your password.',
  invalid_code: 'That code is not right, or was already used: enter the code your authenticator app shows now.',
  security_key_refused: 'The security key’s answer was not accepted: try again with the key.',
  challenge_expired: 'The security key request expired: use the key again.',
  login_expired: 'That took too long: try again.',
};

function translateStepUpError(error: unknown): never {
  if (error instanceof SyncApiError) {
    if (error.code === 'second_factor_required') throw new IpcError('second-factor-required', refusals.second_factor_required ?? error.message);
    const message = refusals[error.code];
    if (message) throw new IpcError('bad-request', message);
  }
  return translateSessionError(error);
}

export class StepUp {
  constructor(
    private readonly accounts: Accounts,
    private readonly api: SyncServerClient,
  ) {}

  /** A fresh step-up token for one account-security change of this unlocked account. */
  async token(localUuid: string, { password, secondFactor }: StepUpProof): Promise<string> {
    const { email, sessionToken, secretKey } = this.accounts.unlocked(localUuid);
    const { kdf } = await this.api.call(accountRoutes.account, { sessionToken }).catch(translateSessionError);
    const keys = await deriveKeys({ password, email, kdf, secretKey });
    try {
      const started = opaqueStartLogin(keys.authSecret);
      const begun = await this.api.call(stepUpRoutes.start, { sessionToken, body: { startLoginRequest: started.startLoginRequest } }).catch(translateStepUpError);
      let finishLoginRequest: string;
      try {
        ({ finishLoginRequest } = opaqueFinishLogin({ secret: keys.authSecret, clientLoginState: started.clientLoginState, loginResponse: begun.loginResponse }));
      } catch (error) {
        if (error instanceof LatchkeyCryptoError) throw new IpcError('bad-request', refusals.invalid_credentials ?? 'That password is not right.');
        throw error;
      }
      if ((begun.secondFactor.authenticator || begun.secondFactor.securityKey) && !secondFactor) throw new IpcError('second-factor-required', refusals.second_factor_required ?? '');
      const body = { stepUpId: begun.stepUpId, finishLoginRequest, ...(secondFactor ?? {}) };
      const { stepUpToken } = await this.api.call(stepUpRoutes.finish, { sessionToken, body }).catch(translateStepUpError);
      // The server counts this session as having passed the second factor now.
      if (secondFactor) this.accounts.recordSecondFactor(localUuid, true);
      return stepUpToken;
    } finally {
      keys.dispose();
    }
  }

  /** The challenge a security key answers for the next step-up. */
  securityKeyChallenge(localUuid: string) {
    return this.accounts.callWithSession(localUuid, stepUpRoutes.securityKey, { body: {} });
  }
}
