/**
 * Changing the account password: the current one (checked again in the main process), then
 * the new one with the strength meter. The Secret Key and the Emergency Kit stay the same
 * (the kit has no password on it), so there is no new kit to keep afterwards.
 */
import { useState } from 'react';
import { call } from '../ipc/call';
import { DoneStep, Field } from '../ui/forms';
import { ChooseAccountPassword } from './ChooseAccountPassword';

export function ChangePassword({ account, onClose }: { account: { accountId: string; email: string; name: string }; onClose: () => void }) {
  const [current, setCurrent] = useState('');
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
      before={<Field label="Current password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />}
      label="New password"
      email={account.email}
      name={account.name}
      submitLabel="Change password"
      busyLabel="Changing your password…"
      onCancel={onClose}
      onSubmit={async (newPassword) => {
        await call('account.changePassword', { accountId: account.accountId, currentPassword: current, newPassword });
        setChanged(true);
      }}
    />
  );
}
