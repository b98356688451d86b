/** Signing in on a new device: email, Secret Key (from the Emergency Kit) and account password. */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';

type Account = ResponseOf<'signin.newDevice'>['account'];

/** `email` fills the field in, when this device signs in again to an account it knew. */
export function SignIn({ email: knownEmail, onCancel, onDone, onRecover, onFamilyRecover }: { email?: string | undefined; onCancel: () => void; onDone: (account: Account) => void; onRecover: () => void; onFamilyRecover: () => void }) {
  const [trouble, setTrouble] = useState(false);
  const [email, setEmail] = useState(knownEmail ?? '');
  const [secretKey, setSecretKey] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onDone((await call('signin.newDevice', { email, secretKey, password })).account));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Sign in to Latchkey</StepHeading>
      <p>Use the Secret Key from your Emergency Kit. This device keeps it in your system keychain, so next time your password is enough.</p>
      <Field label="Email address" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Secret Key" autoComplete="off" spellCheck={false} required hint="It starts with K1, as on your Emergency Kit. Dashes and spaces don't matter." value={secretKey} onChange={(e) => setSecretKey(e.target.value)} className="mono" />
      <Field label="Account password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Signing in…' : 'Sign in'} secondary={{ label: 'Cancel', onClick: onCancel }} />
      <div className="trouble">
        <button type="button" className="link" aria-expanded={trouble} aria-controls="sign-in-trouble" onClick={() => setTrouble(!trouble)}>
          Having trouble signing in?
        </button>
        {trouble && (
          <div id="sign-in-trouble">
            <p>If you forgot your account password or lost your Secret Key, there are two ways back in. Both give you a new password and a new Secret Key.</p>
            <ul className="explained">
              <li>
                <strong>Your recovery code</strong>, if you set one up. It keeps working afterwards. If an organizer of your family started recovering you, using your code cancels that.
              </li>
              <li>
                <strong>Your Family Organizer</strong>, in a Families account, once they have started a recovery for you. Your recovery code then stops working, and you make a new one.
              </li>
            </ul>
            <div className="button-row">
              <button type="button" onClick={onRecover}>
                Use recovery code
              </button>
              <button type="button" onClick={onFamilyRecover}>
                Recovered by my Family Organizer
              </button>
            </div>
          </div>
        )}
      </div>
    </form>
  );
}
