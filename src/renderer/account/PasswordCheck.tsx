/**
 * The account password, asked again. The main process checks it (`secretKey.reveal`) and
 * then allows the Secret Key channels, copying it and the Emergency Kit, for 5 minutes.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { call } from '../ipc/call';
import { Field, FormFooter, useAction } from '../ui/forms';

export function PasswordCheck({ accountId, className, submitLabel, onChecked, onCancel, autoFocus, children }: { accountId: string; className: string; submitLabel: string; onChecked: (secretKey: string) => void; onCancel: () => void; autoFocus?: boolean; children: ReactNode }) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onChecked((await call('secretKey.reveal', { accountId, password })).secretKey));
  };
  return (
    <form className={className} onSubmit={submit}>
      {children}
      <Field label="Account password" type="password" autoComplete="current-password" required autoFocus={autoFocus} value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Checking…' : submitLabel} secondary={{ label: 'Cancel', onClick: onCancel }} />
    </form>
  );
}
