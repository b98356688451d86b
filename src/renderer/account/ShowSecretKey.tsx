/**
 * The Secret Key and the Emergency Kit of an unlocked account, behind the password asked
 * again. The key lives in this component's state only, so it is gone when the user leaves.
 */
import { useState, type FormEvent } from 'react';
import { call } from '../ipc/call';
import { EmergencyKitActions } from '../kit/KitActions';
import { SecretBox } from '../kit/SecretBox';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';

export function ShowSecretKey({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [secretKey, setSecretKey] = useState<string | null>(null);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => setSecretKey((await call('secretKey.reveal', { accountId, password })).secretKey));
  };
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
    <form className="screen" onSubmit={submit}>
      <StepHeading>Show your Secret Key</StepHeading>
      <p>Enter your account password to see your Secret Key and to save or print your Emergency Kit.</p>
      <Field label="Account password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Checking…' : 'Show Secret Key'} secondary={{ label: 'Cancel', onClick: onClose }} />
    </form>
  );
}
