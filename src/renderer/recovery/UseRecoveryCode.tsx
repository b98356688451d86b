/**
 * Recovering an account with a recovery code, one step at a time: email and code, the emailed
 * verification code, a new password, the new Emergency Kit (kept before going on), and what
 * changed. The code, keys and password stay in the main process; this screen only asks.
 */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { ChooseAccountPassword } from '../account/ChooseAccountPassword';
import { call } from '../ipc/call';
import { KitActions } from '../kit/KitActions';
import { SecretBox } from '../kit/SecretBox';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { LocalMailboxToggle } from '../mailbox/LocalMailbox';

type Recovered = ResponseOf<'recoveryUse.complete'>;
type Account = Recovered['account'];
type Step = { name: 'details' } | { name: 'code'; sent: ResponseOf<'recoveryUse.start'> } | { name: 'password' } | { name: 'kit'; recovered: Recovered } | { name: 'done'; recovered: Recovered };

export function UseRecoveryCode({ onCancel, onDone }: { onCancel: () => void; onDone: (account: Account) => void }) {
  const [step, setStep] = useState<Step>({ name: 'details' });
  const [email, setEmail] = useState('');
  // Forget the attempt (and wipe its keys in the main process) when the user leaves it.
  const leave = () => void call('recoveryUse.cancel', {}).finally(onCancel);
  const restart = () => void call('recoveryUse.cancel', {}).finally(() => setStep({ name: 'details' }));

  switch (step.name) {
    case 'details':
      return <DetailsStep email={email} setEmail={setEmail} onCancel={leave} onSent={(sent) => setStep({ name: 'code', sent })} />;
    case 'code':
      return <EmailedCodeStep sent={step.sent} intro="Your recovery code is right. We sent a code to" verify={async (code) => (await call('recoveryUse.verify', { code }), setStep({ name: 'password' }))} onRestart={restart} />;
    case 'password':
      return (
        <ChooseAccountPassword
          heading="Choose a new account password"
          stepCount="Step 3 of 5"
          intro="Your old password and Secret Key stop working when you continue. You get a new Secret Key next; your data stays as it is."
          email={email}
          name=""
          submitLabel="Recover account"
          busyLabel="Recovering your account…"
          onSubmit={async (password) => setStep({ name: 'kit', recovered: await call('recoveryUse.complete', { password }) })}
        />
      );
    case 'kit':
      return <NewKitStep recovered={step.recovered} stepCount="Step 4 of 5" onDone={() => setStep({ name: 'done', recovered: step.recovered })} />;
    case 'done':
      return <DoneStep onDone={() => onDone(step.recovered.account)} />;
  }
}

function DetailsStep(props: { email: string; setEmail: (v: string) => void; onCancel: () => void; onSent: (sent: ResponseOf<'recoveryUse.start'>) => void }) {
  const [code, setCode] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => props.onSent(await call('recoveryUse.start', { email: props.email, code })));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Use your recovery code</StepHeading>
      <p className="step-count">Step 1 of 5</p>
      <p>You will choose a new account password and get a new Secret Key. You need access to your account's email.</p>
      <p className="hint">A recovery code does not get around two-step verification: if your account uses it, you still need your authenticator app to open your data afterwards.</p>
      <Field label="Email address" type="email" autoComplete="username" required value={props.email} onChange={(e) => props.setEmail(e.target.value)} />
      <Field label="Recovery code" autoComplete="off" spellCheck={false} required hint="It starts with R1, as on your Recovery Kit. Capitals, dashes and spaces don't matter." value={code} onChange={(e) => setCode(e.target.value)} className="mono" />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Checking your code…' : 'Continue'} secondary={{ label: 'Cancel', onClick: props.onCancel }} />
    </form>
  );
}

/** The emailed verification code of a recovery (with a code, or by a Family Organizer). */
export function EmailedCodeStep({ sent, intro, verify, onRestart }: { sent: { sentTo: string; codeDigits: number; expiresInSeconds: number; localMailbox: boolean }; intro: string; verify: (code: string) => Promise<void>; onRestart: () => void }) {
  const [code, setCode] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(() => verify(code));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Check your email</StepHeading>
      <p className="step-count">Step 2 of 5</p>
      <p>
        {intro} <strong>{sent.sentTo}</strong>. It has {sent.codeDigits} digits and works for {Math.round(sent.expiresInSeconds / 60)} minutes.
      </p>
      {sent.localMailbox && <LocalMailboxToggle />}
      <Field label="Verification code" inputMode="numeric" autoComplete="one-time-code" required maxLength={sent.codeDigits} value={code} onChange={(e) => setCode(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit="Verify" secondary={{ label: 'Start again', onClick: onRestart }} />
    </form>
  );
}

/** The new Emergency Kit after a recovery (with a code, or by a Family Organizer): kept before going on. */
export function NewKitStep({ recovered, stepCount, onDone }: { recovered: { account: Account; secretKey: string }; stepCount: string; onDone: () => void }) {
  const [kept, setKept] = useState(false);
  return (
    <section className="screen">
      <StepHeading>Save your new Emergency Kit</StepHeading>
      <p className="step-count">{stepCount}</p>
      <p>Your account has a new Secret Key, made on this device. You need it with your new password to sign in on your other devices. Your old Emergency Kit no longer works.</p>
      <SecretBox label="Your new Secret Key" value={recovered.secretKey} />
      <KitActions accountId={recovered.account.accountId} kind="emergency" onKept={() => setKept(true)} />
      <div className="button-row">
        <button type="button" className="primary" disabled={!kept} onClick={onDone}>
          Continue
        </button>
      </div>
      {!kept && <p className="hint">Save, print or copy your new Emergency Kit to continue.</p>}
    </section>
  );
}

function DoneStep({ onDone }: { onDone: () => void }) {
  return (
    <section className="screen">
      <StepHeading>Your account is recovered</StepHeading>
      <p className="step-count">Step 5 of 5</p>
      <ul className="explained">
        <li>
          <strong>Other devices must sign in again.</strong> Every device that was signed in to your account was signed out. Sign in on them with your new password and the Secret Key from your new Emergency Kit.
        </li>
        <li>
          <strong>Your recovery code still works.</strong> Keep your Recovery Kit somewhere safe: you can use it again if you are locked out.
        </li>
        <li>
          <strong>Two-step verification is unchanged.</strong> If your account uses it, you still need it to reach your data.
        </li>
        <li>
          <strong>Your data is unchanged.</strong> Everything in your vaults is still there. We emailed you to say your account was recovered.
        </li>
      </ul>
      <div className="button-row">
        <button type="button" className="primary" onClick={onDone}>
          Continue to Latchkey
        </button>
      </div>
    </section>
  );
}
