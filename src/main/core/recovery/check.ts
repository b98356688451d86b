/**
 * Checking a saved recovery code without using it (docs/security-design.md §11.4), for a
 * signed-in, unlocked account:
 *
 *   1. the typed code is read here: a typo names its group and nothing is sent;
 *   2. an OPAQUE login with the code's authentication secret, bound to this session. A code
 *      that is not the account's current one fails here, at the device, so the server never
 *      learns it (and it has nothing to record);
 *   3. the server's finish step returns the code's envelope to this session only; the code
 *      works only if it opens to the account key this device already holds.
 *
 * Nothing changes: no new password, nothing rotated, consumed or signed out.
 */
import { LatchkeyCryptoError, RecoveryCodeParseError } from '../../../shared/crypto/errors';
import { bytesEqual } from '../../../shared/crypto/bytes';
import { parseRecoveryCode, type RecoveryCode } from '../../../shared/crypto/recovery-code';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';
import type { CheckResult } from '../../../shared/ipc/channels/recovery-check';
import { IpcError } from '../../../shared/ipc/result';
import { recoveryCheckRoutes } from '../../../shared/server-api/recovery-check';
import type { Accounts } from '../account/accounts';
import { refused, type AccountSession, type Refusals } from '../account/account-session';
import { opaqueFinishLogin, opaqueStartLogin } from '../crypto/opaque-client';
import { deriveRecoveryKeys, unwrapAccountKeyWithRecovery, type RecoveryKeys } from '../crypto/recovery';
import type { Handlers } from '../ipc/router';
import { SyncApiError } from '../sync/client';
import { fromWire } from '../sync/wire';
import { describeCodeProblem } from './use-messages';

/** Told of every definite answer (never when nothing is known), so the reminders can move on. */
export type AfterCheck = (localUuid: string, passed: boolean) => Promise<void>;

const NOT_CURRENT: CheckResult = { result: 'not-current' };

export class RecoveryCodeCheck {
  constructor(
    private readonly accounts: Accounts,
    private readonly afterCheck: AfterCheck,
  ) {}

  async check(localUuid: string, typed: string): Promise<CheckResult> {
    const { serverAccountId, open } = this.accounts.unlocked(localUuid);
    const keys = deriveFrom(typed);
    let result: CheckResult;
    try {
      result = await this.#prove(this.accounts.session(localUuid), keys, serverAccountId, open.accountKey);
    } finally {
      keys.dispose();
    }
    await this.afterCheck(localUuid, result.result === 'works');
    return result;
  }

  async #prove(session: AccountSession, keys: RecoveryKeys, accountId: string, accountKey: SecretBytes): Promise<CheckResult> {
    const login = opaqueStartLogin(keys.authSecret);
    const started = await session.attempt(recoveryCheckRoutes.checkStart, { body: { startLoginRequest: login.startLoginRequest } }).catch((error: unknown) => {
      if (error instanceof SyncApiError && error.code === 'no_recovery_code') return null;
      return refused(checkRefusals)(error);
    });
    if (started === null) return NOT_CURRENT;
    let finishLoginRequest: string;
    try {
      ({ finishLoginRequest } = opaqueFinishLogin({ secret: keys.authSecret, clientLoginState: login.clientLoginState, loginResponse: started.loginResponse }));
    } catch (error) {
      // A replaced code, another account's, or a code never set up: the login does not finish.
      if (error instanceof LatchkeyCryptoError) return NOT_CURRENT;
      throw error;
    }
    const finished = await session.call(recoveryCheckRoutes.checkFinish, { body: { checkId: started.checkId, finishLoginRequest } }, checkRefusals);
    // The account may have locked meanwhile, wiping its key: then nothing is known.
    if (accountKey.disposed) throw new IpcError('not-unlocked', 'The account locked during the check. Unlock it, then check again.');
    return opensTo(fromWire(finished.recoveryWrappedAccountKey), keys, accountId, accountKey) ? { result: 'works', checkedAt: finished.checkedAt } : { result: 'does-not-open' };
  }
}

/** The code's keys; the code itself is wiped at once. Throws, before anything is sent, for a code that cannot be one. */
function deriveFrom(typed: string): RecoveryKeys {
  let code: RecoveryCode;
  try {
    code = parseRecoveryCode(typed);
  } catch (error) {
    if (error instanceof RecoveryCodeParseError) throw new IpcError('invalid-input', describeCodeProblem(error), { groups: error.groups });
    throw error;
  }
  try {
    return deriveRecoveryKeys(code);
  } finally {
    code.canonical.dispose();
  }
}

/** Whether the envelope opens, with the code's wrapping key, to the account key held here (compared in constant time). */
function opensTo(envelope: Uint8Array, keys: RecoveryKeys, accountId: string, accountKey: SecretBytes): boolean {
  let opened: SecretBytes;
  try {
    opened = unwrapAccountKeyWithRecovery(envelope, keys, accountId);
  } catch (error) {
    if (error instanceof LatchkeyCryptoError) return false;
    throw error;
  }
  try {
    return bytesEqual(opened.expose(), accountKey.expose());
  } finally {
    opened.dispose();
  }
}

/** A failed check in words; when the server could not answer, nothing is known about the code. */
const checkRefusals: Refusals = {
  check_expired: ['code-expired', 'The check took too long, or your recovery code changed meanwhile. Check again.'],
  internal: ['unavailable', 'The sync server could not answer, so nothing is known about your recovery code yet. Try again later.'],
};

export function recoveryCheckHandlers(checks: RecoveryCodeCheck): Pick<Handlers, 'recoveryCode.check'> {
  return { 'recoveryCode.check': async ({ accountId, code }) => checks.check(accountId, code) };
}
