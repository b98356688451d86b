/** The texts of the server's emails. */
import type { RecoveryCheckKind } from '../../shared/server-api/recovery';
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

/** After a correct recovery code when email is not an allowed check: the owner's notice of the attempt, without a code. */
export function recoveryUnderWayMessage(to: string): MailMessage {
  return {
    to,
    subject: 'Your Latchkey account is being recovered',
    text: [
      'Someone (perhaps you) entered your recovery code to recover your Latchkey account. You chose not to be asked for an emailed code, so this email has none: the recovery continues only with the other identity check you chose.',
      '',
      notYou,
    ].join('\n'),
  };
}

export type RecoveryFailure = 'wrong-recovery-code' | 'no-recovery-code' | 'wrong-email-code' | 'wrong-authenticator-code' | 'security-key-refused';

export function recoveryFailedMessage(to: string, failure: RecoveryFailure): MailMessage {
  const what = {
    'wrong-recovery-code': 'was refused: the recovery code was wrong.',
    'no-recovery-code': 'was refused: your account has no recovery code.',
    'wrong-email-code': 'was refused: the emailed verification code was wrong.',
    'wrong-authenticator-code': 'was refused: the authenticator app code was wrong.',
    'security-key-refused': 'was refused: the security key did not match one of yours.',
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

const checkHeld: Record<RecoveryCheckKind, string> = { email: 'access to this email account', authenticator: 'your authenticator app', securityKey: 'one of your security keys' };

/** `cancelled`: the organizer recovery this one ended, if one was waiting for the member. */
export function recoveryCompletedMessage(to: string, passedCheck: RecoveryCheckKind, cancelled?: CancelledFamilyRecovery | null): MailMessage {
  return {
    to,
    subject: 'Your Latchkey account was recovered',
    text: [
      'Your Latchkey account was recovered with your recovery code: it has a new account password and a new Secret Key.',
      '',
      'Every device was signed out. Sign in again on each with the new password and Secret Key (from the new Emergency Kit). Your recovery code stays valid.',
      '',
      ...(cancelled ? [`The recovery of your account that ${cancelled.organizer} started in your family "${cancelled.familyName}" is no longer needed and was cancelled; we told them.`, ''] : []),
      `If this was not you, contact support immediately: someone has your recovery code and ${checkHeld[passedCheck]}.`,
    ].join('\n'),
  };
}
const checkNames: Record<RecoveryCheckKind, string> = { email: 'a code sent to this email address', authenticator: 'a code from your authenticator app', securityKey: 'one of your security keys' };

export function recoveryChecksChangedMessage(to: string, checks: readonly RecoveryCheckKind[], why: 'chosen' | 'factor-removed'): MailMessage {
  return {
    to,
    subject: 'How you prove it’s you during account recovery changed',
    text: [
      why === 'chosen'
        ? 'The identity checks for recovering your Latchkey account with your recovery code were changed.'
        : 'A second factor was removed from your Latchkey account, so the identity checks for recovery with your recovery code changed with it.',
      '',
      `After the recovery code, a recovery now asks for one of: ${checks.map((check) => checkNames[check]).join('; ')}.`,
      '',
      'If this was not you, sign in, change your account password, check your signed-in devices, and choose your recovery checks again in Sign-In & Recovery.',
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

// --- Families (src/server/family) ---

export function familyInviteMessage(to: string, familyName: string, invitedBy: string, inviteToken: string, days: number): MailMessage {
  return {
    to,
    subject: `${invitedBy} invited you to the Latchkey family "${familyName}"`,
    text: [
      `${invitedBy} invited you to join the Latchkey family "${familyName}".`,
      '',
      `Your invitation code is: ${inviteToken}`,
      '',
      `In Latchkey, create your account with this email address (or sign in to it), open the account, choose "Family…", and enter the code under "Join a family". It works for ${days} days.`,
      'Your password and Secret Key stay yours. The family\u2019s organizers can help you back in if you are ever locked out; to give your items back, their app can open your vaults\u2019 keys, so join only a family whose organizers you trust.',
    ].join('\n'),
  };
}

export function familyRecoveryStartedMessage(to: string, familyName: string, organizer: string, days: number): MailMessage {
  return {
    to,
    subject: 'A Family Organizer started recovering your Latchkey account',
    text: [
      `${organizer}, an organizer of your Latchkey family "${familyName}", started a recovery of your account.`,
      '',
      `On any device, open Latchkey, choose "Having trouble signing in?" → "Recovered by my Family Organizer", and enter this email address. You will get a code by email, choose a new password and get a new Secret Key. This stays open for ${days} days.`,
      'Recovery by an organizer makes your recovery code stop working: you will be asked to create a new one. If you still have your recovery code, you can use it instead and keep it.',
      '',
      'If you did not ask for this, contact your Family Organizer: nothing changes unless someone also has access to this email account.',
    ].join('\n'),
  };
}

export function familyRecoveryCodeMessage(to: string, code: string, minutes: number): MailMessage {
  return {
    to,
    subject: 'Your Latchkey family recovery: verification code',
    text: [
      `Your verification code is: ${code}`,
      '',
      `Enter it in the Latchkey app to go on with the recovery your Family Organizer started. It expires in ${minutes} minutes and works once.`,
      '',
      'If this was not you, do not share this code, and tell your Family Organizer.',
    ].join('\n'),
  };
}

export function familyRecoveryResetMessage(to: string): MailMessage {
  return {
    to,
    subject: 'Your Latchkey account has a new password and Secret Key',
    text: [
      'Your Latchkey account was reset through your Family Organizer: it has a new account password and a new Secret Key, and every device was signed out.',
      '',
      'Your recovery code no longer works: create a new one once you are back in. Your items come back as soon as an organizer\u2019s app completes the recovery.',
      '',
      'If this was not you, contact your Family Organizer immediately.',
    ].join('\n'),
  };
}
export interface CancelledFamilyRecovery {
  familyName: string;
  /** The email of the organizer who started it. */
  organizer: string;
}

export function familyRecoveryCancelledByMemberMessage(to: string, member: string, familyName: string): MailMessage {
  return {
    to,
    subject: 'A family member got back into Latchkey by themselves',
    text: [
      `${member}, of your Latchkey family "${familyName}", recovered their account with their own recovery code.`,
      '',
      'The recovery of their account that you started is no longer needed, so it was cancelled: there is nothing for you to do.',
      '',
      'If they did not expect this, tell them: someone used their recovery code.',
    ].join('\n'),
  };
}
export function familyRecoveryAskedMessage(to: string, member: string, familyName: string): MailMessage {
  return {
    to,
    subject: 'A family member asks you to recover their Latchkey account',
    text: [
      `${member}, of your Latchkey family "${familyName}", cannot sign in and asks you to recover their account.`,
      '',
      'Check with them that the request is theirs (in person or by phone). Then open Latchkey, go to your account\u2019s Family page, and choose "Recover account\u2026" next to their name: the request is listed there.',
      '',
      'If they still have their recovery code, they can use it instead and need nothing from you.',
    ].join('\n'),
  };
}
// --- end of families ---
