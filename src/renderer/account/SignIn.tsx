/** Signing in on a new device: email, Secret Key (from the Emergency Kit) and account password. */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { TroubleSigningIn } from './TroubleSigningIn';

type Account = ResponseOf<'signin.newDevice'>['account'];

/** `email` fills the field in, when this device signs in again to an account it knew. */
export function SignIn({ email: knownEmail, onCancel, onDone, onRecover, onFamilyRecover }: { email?: string | undefined; onCancel: () => void; onDone: (account: Account) => void; onRecover: () => void; onFamilyRecover: () => void }) {
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
      <TroubleSigningIn label="Having trouble signing in?" onRecover={onRecover} onFamilyRecover={onFamilyRecover} />
    </form>
  );
}
