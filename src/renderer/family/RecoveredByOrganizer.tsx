/**
 * A family member's side of a recovery their Family Organizer started: the email, the emailed
 * code, a new password, the new Emergency Kit (kept before going on), and what changed, with
 * the offer to make a new recovery code at once. Keys and password stay in the main process.
 */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { EmailedCodeFields, NewKitStep, NewPasswordStep, RecoveredStep, useRecoveryWizard } from '../recovery/UseRecoveryCode';
import { Alert, Field, FormFooter, StepHeading, useAction } from '../ui/forms';

type Recovered = ResponseOf<'memberRecovery.complete'>;
type Account = Recovered['account'];
type Step = { name: 'email' } | { name: 'code'; sent: ResponseOf<'memberRecovery.start'> } | { name: 'password'; familyName: string } | { name: 'kit'; recovered: Recovered } | { name: 'done'; recovered: Recovered };

/** `onDone(account, setUpCode)`: the app opens the account, and its recovery-code setup when asked. */
export function RecoveredByOrganizer({ onCancel, onDone }: { onCancel: () => void; onDone: (account: Account, setUpCode: boolean) => void }) {
  const { step, setStep, leave, restart } = useRecoveryWizard<Step>({ name: 'email' }, () => call('memberRecovery.cancel', {}), onCancel);
  const [email, setEmail] = useState('');

  switch (step.name) {
    case 'email':
      return <EmailStep email={email} setEmail={setEmail} onCancel={leave} onSent={(sent) => setStep({ name: 'code', sent })} />;
    case 'code':
      return <CodeStep sent={step.sent} onRestart={restart} onVerified={(familyName) => setStep({ name: 'password', familyName })} />;
    case 'password':
      return (
        <NewPasswordStep
          intro={`An organizer of ${step.familyName} is recovering your account. When you continue, your old password, Secret Key and recovery code stop working; you get a new Secret Key next.`}
          email={email}
          recover={async (password) => setStep({ name: 'kit', recovered: await call('memberRecovery.complete', { password }) })}
        />
      );
    case 'kit':
      return <NewKitStep recovered={step.recovered} stepCount="Step 4 of 5" onDone={() => setStep({ name: 'done', recovered: step.recovered })} />;
    case 'done':
      return <DoneStep onDone={(setUpCode) => onDone(step.recovered.account, setUpCode)} />;
  }
}

function EmailStep(props: { email: string; setEmail: (v: string) => void; onCancel: () => void; onSent: (sent: ResponseOf<'memberRecovery.start'>) => void }) {
  const action = useAction();
  const ask = useAction();
  const [asked, setAsked] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => props.onSent(await call('memberRecovery.start', { email: props.email })));
  };
  const askOrganizer = (event: FormEvent) => {
    event.preventDefault();
    void ask.run(async () => {
      await call('memberRecovery.ask', { email: props.email });
      setAsked(`If ${props.email.trim()} is in a family, we emailed its organizers, and their Family page shows your request. When one of them has started your recovery, you get an email: come back here then and choose "Email me a code".`);
    });
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Recovery by your Family Organizer</StepHeading>
      <p className="step-count">Step 1 of 5</p>
      <p>Use this after an organizer of your family told you they started recovering your account (you also got an email about it). You will choose a new password and get a new Secret Key.</p>
      <p className="hint">Your recovery code stops working, and you will make a new one. If you still have your recovery code, use it instead: it keeps working, and cancels the organizer's recovery.</p>
      <Field label="Email address" type="email" autoComplete="username" required value={props.email} onChange={(e) => props.setEmail(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Sending…' : 'Email me a code'} secondary={{ label: 'Cancel', onClick: props.onCancel }} />
      <h2 id="ask-organizer">Not started yet?</h2>
      <p>Ask your organizers: they get an email, and your request waits on their Family page.</p>
      <div className="button-row">
        <button type="button" disabled={ask.busy || props.email.trim() === ''} onClick={askOrganizer}>
          Ask my organizer to recover my account
        </button>
      </div>
      <Alert>{ask.error}</Alert>
      {asked && (
        <p role="status" className="status">
          {asked}
        </p>
      )}
    </form>
  );
}

function CodeStep({ sent, onRestart, onVerified }: { sent: ResponseOf<'memberRecovery.start'>; onRestart: () => void; onVerified: (familyName: string) => void }) {
  const [code, setCode] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onVerified((await call('memberRecovery.verify', { code })).familyName));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Check your email</StepHeading>
      <p className="step-count">Step 2 of 5</p>
      <EmailedCodeFields intro="If an organizer started a recovery for this address, we sent a code to" sent={sent} code={code} setCode={setCode} />
      <FormFooter error={action.error} busy={action.busy} submit="Verify" secondary={{ label: 'Start again', onClick: onRestart }} />
    </form>
  );
}

function DoneStep({ onDone }: { onDone: (setUpCode: boolean) => void }) {
  return (
    <RecoveredStep
      actions={
        <>
          <button type="button" className="primary" onClick={() => onDone(true)}>
            Set up recovery code
          </button>
          <button type="button" onClick={() => onDone(false)}>
            Later
          </button>
        </>
      }
    >
      <li>
        <strong>Your recovery code no longer works.</strong> Set up a new one now, so you can get back in by yourself next time.
      </li>
      <li>
        <strong>Your items come back when your organizer completes the recovery.</strong> Their Latchkey app does it: ask them to open it. Your vault opens by itself once it is done.
      </li>
      <li>
        <strong>Other devices must sign in again</strong> with your new password and the Secret Key from your new Emergency Kit.
      </li>
      <li>
        <strong>Two-step verification is unchanged.</strong> If your account uses it, you still need it to reach your data.
      </li>
    </RecoveredStep>
  );
}
