/**
 * `latchkey recovery status | setup`. Setup is the app's two-phase rule: the password again,
 * the new code shown, the code typed back, and only then activated; a code typed back wrong
 * leaves the active code as it was (the pending one is dropped here and never activated). --kit PATH saves the Recovery Kit PDF at PATH
 * and nowhere else (the core's save "dialog" answers that path).
 */
import { resolve } from 'node:path';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { Command } from '../command';

type Status = ResponseOf<'recoveryCode.status'>;

const describeStatus = (status: Status) =>
  status.status === 'active' ? `A recovery code is set up (since ${status.createdAt ?? 'unknown'}${status.lastUsedAt ? `, last used ${status.lastUsedAt}` : ''}).` : 'No recovery code is set up.';

export const recoveryCommands: Command[] = [
  {
    name: 'recovery status',
    summary: "Says whether the session's account has a recovery code.",
    details: ['--json: {"status": "none"|"active", "createdAt", "lastUsedAt", "pending", "pendingExpiresAt"}'],
    read: true,
    async run(context) {
      const { call, accountId } = await context.unlocked();
      const status = await call('recoveryCode.status', { accountId });
      context.out(context.json ? JSON.stringify(status) : describeStatus(status));
    },
  },
  {
    name: 'recovery setup',
    summary: 'Sets up a new recovery code: asks the password again, shows the code, asks for it typed back, and activates it only then.',
    details: [
      'The code is printed on stdout; write it down (or keep the Recovery Kit). A code typed back wrong changes nothing.',
      'Reads LATCHKEY_PASSWORD and LATCHKEY_RECOVERY_CODE when set, else lines of stdin, else prompts.',
      'An account with two-step verification: set LATCHKEY_OTP_CODE to a current code from the authenticator app.',
    ],
    options: { kit: { type: 'string', value: 'PATH', help: 'also save the Recovery Kit PDF at PATH (and nowhere else)' } },
    async run(context) {
      const kit = context.values.kit as string | undefined;
      const { call, accountId } = await context.unlocked(() => (kit === undefined ? null : resolve(kit)));
      const password = await context.input.read({ label: 'Account password', env: 'LATCHKEY_PASSWORD', secret: true });
      const otp = process.env.LATCHKEY_OTP_CODE;
      const { code } = await call('recoveryCode.begin', { accountId, password, ...(otp && { secondFactor: { code: otp } }) });
      let activated = false;
      try {
        context.out(code);
        if (kit !== undefined) {
          // A kit is saved after a fresh password check, as the app's PasswordCheck does it (the Secret Key it answers is not used).
          await call('secretKey.reveal', { accountId, password });
          const saved = await call('kit.save', { accountId, kind: 'recovery' });
          if (saved.status === 'saved') context.note(`Saved the Recovery Kit at ${saved.path}.`);
        }
        const typed = await context.input.read({ label: 'Type the recovery code back', env: 'LATCHKEY_RECOVERY_CODE', secret: false });
        const status = await call('recoveryCode.confirm', { accountId, code: typed });
        activated = true;
        context.note(describeStatus(status));
      } finally {
        if (!activated) await call('recoveryCode.cancel', { accountId }).catch(() => undefined);
      }
    },
  },
];
