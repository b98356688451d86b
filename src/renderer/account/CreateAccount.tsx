/**
 * Creating an account, one step at a time: email and name, the emailed code, the account
 * password (with a strength meter), then the Emergency Kit, which must be kept somehow
 * before the account opens.
 */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { KeepEmergencyKit } from '../kit/KeepEmergencyKit';
import { LocalMailboxToggle } from '../mailbox/LocalMailbox';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { ChooseAccountPassword } from './ChooseAccountPassword';

type Account = ResponseOf<'signup.complete'>['account'];
type Step = { name: 'details' } | { name: 'code'; digits: number; localMailbox: boolean } | { name: 'password' } | { name: 'kit'; account: Account; secretKey: string };

export function CreateAccount({ onCancel, onDone }: { onCancel: () => void; onDone: (account: Account) => void }) {
  const [step, setStep] = useState<Step>({ name: 'details' });
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');

  switch (step.name) {
    case 'details':
      return <DetailsStep email={email} name={name} setEmail={setEmail} setName={setName} onCancel={onCancel} onSent={(digits, localMailbox) => setStep({ name: 'code', digits, localMailbox })} />;
    case 'code':
      return <CodeStep email={email} name={name} digits={step.digits} localMailbox={step.localMailbox} onBack={() => setStep({ name: 'details' })} onVerified={() => setStep({ name: 'password' })} />;
    case 'password':
      return <PasswordStep email={email} name={name} onCreated={(account, secretKey) => setStep({ name: 'kit', account, secretKey })} />;
    case 'kit':
      return <KitStep account={step.account} secretKey={step.secretKey} onDone={() => onDone(step.account)} />;
  }
}

function DetailsStep(props: { email: string; name: string; setEmail: (v: string) => void; setName: (v: string) => void; onCancel: () => void; onSent: (digits: number, localMailbox: boolean) => void }) {
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const sent = await call('signup.start', { email: props.email, name: props.name });
      props.onSent(sent.codeDigits, sent.localMailbox);
    });
  };
  return (
    <form className="screen" onSubmit={submit} aria-labelledby="create-title">
      <StepHeading>Create your Latchkey account</StepHeading>
      <p className="step-count">Step 1 of 4</p>
      <Field label="Email address" type="email" autoComplete="email" required value={props.email} onChange={(e) => props.setEmail(e.target.value)} />
      <Field label="Your name" autoComplete="name" required value={props.name} onChange={(e) => props.setName(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit="Send verification code" secondary={{ label: 'Cancel', onClick: props.onCancel }} />
    </form>
  );
}

/** "a 6-digit code", "an 8-digit code": the article as the number is said. */
function digitCode(digits: number): string {
  const spoken = String(digits);
  return `${spoken.startsWith('8') || spoken === '11' || spoken === '18' ? 'an' : 'a'} ${spoken}-digit code`;
}

function CodeStep(props: { email: string; name: string; digits: number; localMailbox: boolean; onBack: () => void; onVerified: () => void }) {
  const { email, digits, localMailbox, onBack, onVerified } = props;
  const [code, setCode] = useState('');
  const [resent, setResent] = useState(false);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await call('signup.verify', { code });
      onVerified();
    });
  };
  const resend = () =>
    void action.run(async () => {
      setResent(false);
      await call('signup.start', { email, name: props.name });
      setCode('');
      setResent(true);
    });
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Check your email</StepHeading>
      <p className="step-count">Step 2 of 4</p>
      <p>
        We sent {digitCode(digits)} to <strong>{email}</strong>.
      </p>
      {resent && <p role="status">We sent a new code. The earlier one no longer works.</p>}
      {localMailbox && <LocalMailboxToggle />}
      <Field label="Verification code" inputMode="numeric" autoComplete="one-time-code" required maxLength={digits} value={code} onChange={(e) => setCode(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit="Verify" secondary={{ label: 'Back', onClick: onBack }} />
      <p>
        No email?{' '}
        <button type="button" className="link" disabled={action.busy} onClick={resend}>
          Send a new code
        </button>
      </p>
    </form>
  );
}

function PasswordStep({ email, name, onCreated }: { email: string; name: string; onCreated: (account: Account, secretKey: string) => void }) {
  return (
    <ChooseAccountPassword
      heading="Choose your account password"
      stepCount="Step 3 of 4"
      intro="You will type it to unlock Latchkey. Nobody, not even Latchkey, can find it out for you, so choose one you will remember."
      email={email}
      name={name}
      submitLabel="Create account"
      busyLabel="Creating your account…"
      onSubmit={async (password) => {
        const created = await call('signup.complete', { password });
        onCreated(created.account, created.secretKey);
      }}
    />
  );
}

function KitStep({ account, secretKey, onDone }: { account: Account; secretKey: string; onDone: () => void }) {
  return (
    <KeepEmergencyKit
      heading="Keep your Emergency Kit"
      stepCount="Step 4 of 4"
      intro="Your Secret Key was made on this device. You need it, with your password, to sign in on a new device. Latchkey cannot recover it for you."
      accountId={account.accountId}
      secretKey={secretKey}
      secretLabel="Your Secret Key"
      continueLabel="Continue to Latchkey"
      onDone={onDone}
    />
  );
}
