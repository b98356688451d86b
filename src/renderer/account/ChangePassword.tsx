/**
 * Changing the account password: the current one, and the second factor where the account has
 * one (proved to the server again: the step-up), then the new one with the strength meter. The Secret Key and the Emergency Kit stay the same
 * (the kit has no password on it), so there is no new kit to keep afterwards.
 */
import { useState } from 'react';
import { call } from '../ipc/call';
import { DoneStep } from '../ui/forms';
import { ChooseAccountPassword } from './ChooseAccountPassword';
import { useStepUp } from './StepUpFields';

export function ChangePassword({ account, onClose }: { account: { accountId: string; email: string; name: string }; onClose: () => void }) {
  const stepUp = useStepUp(account.accountId, 'Current password');
  const [changed, setChanged] = useState(false);
  if (changed)
    return (
      <DoneStep heading="Your account password is changed" onDone={onClose}>
        <ul className="explained">
          <li>Use the new password from now on, to unlock Latchkey and to sign in on a new device.</li>
          <li>Your other devices stay signed in. They ask for the new password the next time they unlock.</li>
          <li>Your Secret Key is unchanged, so your Emergency Kit still works: it never had your password on it.</li>
        </ul>
      </DoneStep>
    );
  return (
    <ChooseAccountPassword
      heading="Change your account password"
      intro="Enter your current password, then choose a new one. Your Secret Key and your data stay as they are."
      before={stepUp.fields}
      label="New password"
      email={account.email}
      name={account.name}
      submitLabel="Change password"
      busyLabel="Changing your password…"
      onCancel={onClose}
      onSubmit={async (newPassword) => {
        const { password, secondFactor } = await stepUp.proof();
        await call('account.changePassword', { accountId: account.accountId, currentPassword: password, secondFactor, newPassword });
        setChanged(true);
      }}
    />
  );
}
