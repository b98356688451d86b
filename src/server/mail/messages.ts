/** The texts of the server's emails. */
import type { MailMessage } from './mailer';

export function signupCodeMessage(to: string, code: string, minutes: number): MailMessage {
  return {
    to,
    subject: 'Your Latchkey verification code',
    text: [
      `Your Latchkey verification code is: ${code}`,
      '',
      `Enter it in the Latchkey app to confirm this email address. It expires in ${minutes} minutes and works once.`,
      '',
      'If you did not try to create a Latchkey account, ignore this email: nothing happens without the code.',
    ].join('\n'),
  };
}

export function signupExistingAccountMessage(to: string): MailMessage {
  return {
    to,
    subject: 'Someone tried to create a Latchkey account with your email',
    text: [
      'Someone (perhaps you) tried to create a Latchkey account with this email address, which already has one.',
      '',
      'If it was you, sign in instead. If you forgot your password, use your recovery code from the sign-in screen.',
      'If it was not you, you can ignore this email: your account has not changed.',
    ].join('\n'),
  };
}

// --- Recovery codes (src/server/recovery) ---

const notYou = 'If this was not you, someone has your recovery code: sign in, create a new recovery code (the old one stops working), and consider changing this email account’s password.';

/** After a correct recovery code: the email check. It doubles as the owner's notice of the attempt. */
export function recoveryCodeMessage(to: string, code: string, minutes: number): MailMessage {
  return {
    to,
    subject: 'Your Latchkey account recovery: verification code',
    text: [
      'Someone (perhaps you) is recovering your Latchkey account with your recovery code.',
      '',
      `Your verification code is: ${code}`,
      '',
      `Enter it in the Latchkey app to continue. It expires in ${minutes} minutes and works once.`,
      '',
      `Without this code, nothing changes. ${notYou}`,
    ].join('\n'),
  };
}

export type RecoveryFailure = 'wrong-recovery-code' | 'no-recovery-code' | 'wrong-email-code';

export function recoveryFailedMessage(to: string, failure: RecoveryFailure): MailMessage {
  const what = {
    'wrong-recovery-code': 'was refused: the recovery code was wrong.',
    'no-recovery-code': 'was refused: your account has no recovery code.',
    'wrong-email-code': 'was refused: the emailed verification code was wrong.',
  }[failure];
  return {
    to,
    subject: 'A Latchkey account recovery attempt failed',
    text: [
      `Someone (perhaps you) tried to recover your Latchkey account with a recovery code. The attempt ${what}`,
      '',
      'Your account has not changed. If it was not you, you need do nothing more; if it keeps happening, keep your recovery code and email account safe.',
    ].join('\n'),
  };
}

export function recoveryCompletedMessage(to: string): MailMessage {
  return {
    to,
    subject: 'Your Latchkey account was recovered',
    text: [
      'Your Latchkey account was recovered with your recovery code: it has a new account password and a new Secret Key.',
      '',
      'Every device was signed out. Sign in again on each with the new password and Secret Key (from the new Emergency Kit). Your recovery code stays valid.',
      '',
      'If this was not you, contact support immediately: someone has your recovery code and access to this email account.',
    ].join('\n'),
  };
}
// --- end of recovery codes ---

// --- Two-factor authentication (src/server/two-factor) ---

export type TwoFactorChange = { factor: 'authenticator'; change: 'enabled' | 'disabled' } | { factor: 'security-key'; change: 'added' | 'removed'; name: string };

/** The owner's notice of any change to the second factors; `stillRequired`: two-step verification is on after it. */
export function twoFactorChangedMessage(to: string, change: TwoFactorChange, stillRequired: boolean): MailMessage {
  const [subject, what] =
    change.factor === 'authenticator'
      ? change.change === 'enabled'
        ? ['Two-step verification is on for your Latchkey account', 'An authenticator app was set up for your Latchkey account.']
        : ['The authenticator app was removed from your Latchkey account', 'The authenticator app was removed from your Latchkey account.']
      : change.change === 'added'
        ? ['A security key was registered for your Latchkey account', `A security key named "${change.name}" was registered for your Latchkey account.`]
        : ['A security key was removed from your Latchkey account', `The security key named "${change.name}" was removed from your Latchkey account.`];
  return {
    to,
    subject: stillRequired ? subject : 'Two-step verification was turned off for your Latchkey account',
    text: [
      what,
      stillRequired ? 'Signing in on a new device asks for a second factor: a code from the authenticator app or a registered security key.' : 'Signing in on a new device no longer asks for a second factor.',
      '',
      'If this was not you, sign in, change your account password, and check your signed-in devices.',
    ].join('\n'),
  };
}
