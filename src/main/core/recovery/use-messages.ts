/**
 * What the user reads when using a recovery code goes wrong. Said in words a person can act
 * on, never echoing the code, and never telling whether an email address has an account:
 * an unknown address, an account without a code and a wrong code read the same.
 */
import type { RecoveryCodeParseError } from '../../../shared/crypto/errors';
import { IpcError } from '../../../shared/ipc/result';
import type { RecoveryCheckKind } from '../../../shared/server-api/recovery';
import { translateSignInError } from '../account/sign-in-errors';
import { SyncApiError } from '../sync/client';

export const WRONG_RECOVERY_CODE =
  "That recovery code doesn't work with this email address. Check both, and use the code from your latest Recovery Kit. A recovery code only works if one was set up for the account.";

export const TAMPERED_ANSWER = "The server's answer could not be opened with your recovery code, so nothing was changed. Start again; if this happens again, contact whoever runs your sync server.";

const START_AGAIN = 'This recovery took too long, or a newer one replaced it. Start again.';

function groupList(groups: readonly number[]): string {
  return groups.length <= 1 ? `group ${groups[0]}` : `groups ${groups.slice(0, -1).join(', ')} and ${groups.at(-1)}`;
}

/** A typed code that cannot be a recovery code, found on the device before anything is sent. */
export function describeCodeProblem(error: RecoveryCodeParseError): string {
  const where = groupList(error.groups);
  switch (error.reason) {
    case 'empty':
      return 'Enter your recovery code.';
    case 'looks-like-secret-key':
      return 'That is a Secret Key, not a recovery code. Your recovery code is on your Recovery Kit and starts with R1.';
    case 'wrong-version':
      return 'A recovery code starts with R1. Check that you are typing the code from your Recovery Kit.';
    case 'invalid-character':
      return `Check ${where}: it has a character that recovery codes don't use.`;
    case 'check-failed':
      return `Check ${where} against your Recovery Kit: ${error.groups.length === 1 ? 'it has a typo' : 'they have typos'}.`;
    case 'wrong-length':
      return error.groups.length > 0
        ? `A recovery code has 13 groups of 5 characters. Something is missing or extra, probably in ${where}.`
        : 'A recovery code has 13 groups of 5 characters. Something is missing or extra.';
  }
}

/**
 * Server answers during recovery, in words; whatever is not specific to recovery is said as at
 * sign-in. `check` is the identity check being verified, if any.
 */
export function translateRecoveryError(error: unknown, check: RecoveryCheckKind = 'email'): never {
  if (error instanceof SyncApiError) {
    switch (error.code) {
      case 'invalid_credentials':
        throw new IpcError('code-invalid', WRONG_RECOVERY_CODE);
      case 'invalid_code': {
        if (check === 'authenticator') throw new IpcError('code-invalid', 'That code from your authenticator app is not right, or was already used. Enter the code it shows now.');
        const left = error.details.attemptsLeft ?? 0;
        throw new IpcError('code-invalid', left > 0 ? `That isn't the code from the email. ${left} ${left === 1 ? 'try' : 'tries'} left.` : "That isn't the code from the email, and it can't be tried again. Start again to get a new code.", { attemptsLeft: left });
      }
      case 'code_expired':
        throw new IpcError('code-expired', 'The code from the email has expired. Start again to get a new one.');
      case 'too_many_attempts':
        throw new IpcError('start-again', 'Too many wrong codes. Start again to get a new one.');
      case 'recovery_expired':
      case 'invalid_recovery_token':
        throw new IpcError('start-again', START_AGAIN);
      case 'security_key_refused':
        throw new IpcError('code-invalid', 'That security key is not one registered for this account. Use one of your registered keys, or start again.');
      case 'challenge_expired':
        throw new IpcError('code-expired', 'The security key answered too late, or this step was already used. Start again.');
      case 'check_not_allowed':
      case 'check_unavailable':
        throw new IpcError('check-not-allowed', 'Your account does not accept that way of proving it’s you. Choose one of the ways offered, or start again.');
      case 'mail_unavailable':
        throw new IpcError('unavailable', 'The server could not send the email. Try again in a few minutes.');
    }
  }
  return translateSignInError(error);
}
