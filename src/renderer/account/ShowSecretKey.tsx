/**
 * The Secret Key and the Emergency Kit of an unlocked account, behind the password asked
 * again (the main process holds that check for 5 minutes). The key lives in this
 * component's state only, so it is gone when the user leaves.
 */
import { useState } from 'react';
import { EmergencyKitActions } from '../kit/KitActions';
import { SecretBox } from '../kit/SecretBox';
import { StepHeading } from '../ui/forms';
import { PasswordCheck } from './PasswordCheck';

export function ShowSecretKey({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const [secretKey, setSecretKey] = useState<string | null>(null);
  if (secretKey)
    return (
      <section className="screen">
        <StepHeading>Your Secret Key</StepHeading>
        <p>You need it, with your password, to sign in on a new device. Keep it private: anyone with it and your password can open your account.</p>
        <SecretBox label="Secret Key" value={secretKey} />
        <EmergencyKitActions accountId={accountId} />
        <div className="button-row">
          <button type="button" className="primary" onClick={onClose}>
            Hide Secret Key
          </button>
        </div>
      </section>
    );
  return (
    <PasswordCheck accountId={accountId} className="screen" submitLabel="Show Secret Key" onChecked={setSecretKey} onCancel={onClose}>
      <StepHeading>Show your Secret Key</StepHeading>
      <p>Enter your account password to see your Secret Key and to save or print your Emergency Kit.</p>
    </PasswordCheck>
  );
}
