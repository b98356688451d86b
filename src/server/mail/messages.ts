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
