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
import { deriveKeys } from './account-material';
import type { Accounts } from './accounts';
import type { Refusals } from './account-session';

export interface StepUpProof {
  password: string;
  secondFactor?: SecondFactorProof;
}

const WRONG_PASSWORD = 'That password is not right.';
const SECOND_FACTOR_WITH_PASSWORD = 'This account uses two-step verification: enter a code from your authenticator app, or use your security key, with your password.';

/** Words for the step-up's refusals; the shared four are the session's (account-session.ts). */
const refusals: Refusals = {
  invalid_credentials: ['wrong-password', WRONG_PASSWORD],
  invalid_code: ['code-invalid', 'That code is not right, or was already used: enter the code your authenticator app shows now.'],
  security_key_refused: ['code-invalid', 'The security key’s answer was not accepted: try again with the key.'],
  challenge_expired: ['code-expired', 'The security key request expired: use the key again.'],
  login_expired: ['code-expired', 'That took too long: try again.'],
};

export class StepUp {
  constructor(private readonly accounts: Accounts) {}

  /** A fresh step-up token for one account-security change of this unlocked account. */
  async token(localUuid: string, { password, secondFactor }: StepUpProof): Promise<string> {
    const { email, secretKey } = this.accounts.unlocked(localUuid);
    const session = this.accounts.session(localUuid);
    const { kdf } = await session.call(accountRoutes.account);
    const keys = await deriveKeys({ password, email, kdf, secretKey });
    try {
      const started = opaqueStartLogin(keys.authSecret);
      const begun = await session.call(stepUpRoutes.start, { body: { startLoginRequest: started.startLoginRequest } }, refusals);
      let finishLoginRequest: string;
      try {
        ({ finishLoginRequest } = opaqueFinishLogin({ secret: keys.authSecret, clientLoginState: started.clientLoginState, loginResponse: begun.loginResponse }));
      } catch (error) {
        if (error instanceof LatchkeyCryptoError) throw new IpcError('wrong-password', WRONG_PASSWORD);
        throw error;
      }
      if ((begun.secondFactor.authenticator || begun.secondFactor.securityKey) && !secondFactor) throw new IpcError('second-factor-required', SECOND_FACTOR_WITH_PASSWORD);
      const body = { stepUpId: begun.stepUpId, finishLoginRequest, ...(secondFactor ?? {}) };
      const { stepUpToken } = await session.call(stepUpRoutes.finish, { body }, refusals);
      // The server counts this session as having passed the second factor now.
      if (secondFactor) this.accounts.recordSecondFactor(localUuid, true);
      return stepUpToken;
    } finally {
      keys.dispose();
    }
  }

  /** The challenge a security key answers for the next step-up. */
  securityKeyChallenge(localUuid: string) {
    return this.accounts.session(localUuid).call(stepUpRoutes.securityKey, { body: {} });
  }
}
