/**
 * Recovering an account with a recovery code, one step at a time: email and code, one of the
 * identity checks the owner chose (the emailed verification code, or a code from the
 * authenticator app), a new password, the new Emergency Kit (kept before going on), and what
 * changed. The code, keys and password stay in the main process; this screen only asks.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { ChooseAccountPassword } from '../account/ChooseAccountPassword';
import { call } from '../ipc/call';
import { KeepEmergencyKit } from '../kit/KeepEmergencyKit';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { RecoveryCodeField } from './RecoveryCodeField';
import { SecurityKeyCheck } from '../two-factor/SecurityKeys';
import { CodeField } from '../two-factor/TwoFactor';
import { LocalMailboxToggle } from '../mailbox/LocalMailbox';

type Recovered = ResponseOf<'recoveryUse.complete'>;
type Account = Recovered['account'];
type Sent = ResponseOf<'recoveryUse.start'>;
type Check = Sent['checks'][number];
type Step = { name: 'details' } | { name: 'check'; sent: Sent } | { name: 'password' } | { name: 'kit'; recovered: Recovered } | { name: 'done'; recovered: Recovered };

/** `email` fills the field in, when the person came from an account's Unlock screen. */
export function UseRecoveryCode({ email: knownEmail, onCancel, onDone }: { email?: string | undefined; onCancel: () => void; onDone: (account: Account) => void }) {
  const { step, setStep, leave, restart } = useRecoveryWizard<Step>({ name: 'details' }, () => call('recoveryUse.cancel', {}), onCancel);
  const [email, setEmail] = useState(knownEmail ?? '');
  // After a second-factor check (the authenticator app or a security key) this device has passed two-step verification too.
  const [secondFactorChecked, setSecondFactorChecked] = useState(false);

  switch (step.name) {
    case 'details':
      return <DetailsStep email={email} setEmail={setEmail} onCancel={leave} onSent={(sent) => setStep({ name: 'check', sent })} />;
    case 'check':
      return <CheckStep sent={step.sent} onRestart={restart} onVerified={(check) => (setSecondFactorChecked(check !== 'email'), setStep({ name: 'password' }))} />;
    case 'password':
      return (
        <NewPasswordStep
          intro="Your old password and Secret Key stop working when you continue. You get a new Secret Key next; your data stays as it is."
          email={email}
          recover={async (password) => setStep({ name: 'kit', recovered: await call('recoveryUse.complete', { password }) })}
        />
      );
    case 'kit':
      return <NewKitStep recovered={step.recovered} stepCount="Step 4 of 5" onDone={() => setStep({ name: 'done', recovered: step.recovered })} />;
    case 'done':
      return <DoneStep secondFactorChecked={secondFactorChecked} cancelled={step.recovered.cancelledFamilyRecovery} onDone={() => onDone(step.recovered.account)} />;
  }
}

function DetailsStep(props: { email: string; setEmail: (v: string) => void; onCancel: () => void; onSent: (sent: Sent) => void }) {
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
      <p>You will choose a new account password and get a new Secret Key. After the code, you prove it's you the way you chose in Sign-In &amp; Recovery: with your account's email (the default) or your authenticator app.</p>
      <p className="hint">A recovery code does not get around two-step verification: if your account uses it, you still need your authenticator app or security key to open your data afterwards. If you lost that too, turn it off from a device that is still signed in.</p>
      <Field label="Email address" type="email" autoComplete="username" required value={props.email} onChange={(e) => props.setEmail(e.target.value)} />
      <RecoveryCodeField label="Recovery code" hint="It starts with R1, as on your Recovery Kit. Capitals, dashes and spaces don't matter." value={code} onChange={setCode} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Checking your code…' : 'Continue'} secondary={{ label: 'Cancel', onClick: props.onCancel }} />
    </form>
  );
}

const checkNames: Record<Check, string> = { email: 'A code sent to your email', authenticator: 'A code from your authenticator app', securityKey: 'One of your security keys' };
const headings: Record<Check, string> = { email: 'Check your email', authenticator: 'Enter a code from your authenticator app', securityKey: 'Use your security key' };

/** One of the checks the server allowed: a choice when there are several, then its code or the key. */
function CheckStep({ sent, onRestart, onVerified }: { sent: Sent; onRestart: () => void; onVerified: (check: Check) => void }) {
  const [check, setCheck] = useState<Check>(sent.checks[0]!);
  const [code, setCode] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check !== 'securityKey') void action.run(async () => (await call('recoveryUse.verify', { check, code }), onVerified(check)));
  };
  const choose = (next: Check) => (setCheck(next), setCode(''), action.setError(''));
  const several = sent.checks.length > 1;
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>{several ? "Prove it's you" : headings[check]}</StepHeading>
      <p className="step-count">Step 2 of 5</p>
      <p>Your recovery code is right.{several && " Now prove it's you in one of the ways you chose."}</p>
      {several && (
        <fieldset className="choices">
          <legend>How do you want to prove it's you?</legend>
          {sent.checks.map((option) => (
            <label className="checkbox" key={option}>
              <input type="radio" name="recovery-check" checked={check === option} onChange={() => choose(option)} /> {checkNames[option]}
            </label>
          ))}
        </fieldset>
      )}
      {check === 'email' && <EmailedCodeFields intro="We sent a code to" sent={sent} code={code} setCode={setCode} />}
      {check === 'authenticator' && (
        <>
          <p>Enter the code your authenticator app shows now.</p>
          <CodeField value={code} onChange={setCode} />
        </>
      )}
      {check === 'securityKey' && sent.securityKey && (
        <SecurityKeyCheck
          hasCode={sent.checks.includes('authenticator')}
          begin={async () => sent.securityKey!}
          finish={async (response) => (await call('recoveryUse.verify', { check, response }), onVerified(check))}
          unreachable={sent.checks.includes('email') ? 'Choose the code sent to your email instead.' : 'Use your recovery code in Latchkey where keys work (see the README).'}
        />
      )}
      {check === 'securityKey' ? (
        <div className="button-row">
          <button type="button" onClick={onRestart}>
            Start again
          </button>
        </div>
      ) : (
        <FormFooter error={action.error} busy={action.busy} submit="Verify" secondary={{ label: 'Start again', onClick: onRestart }} />
      )}
    </form>
  );
}

/** Where the emailed verification code of a recovery went, and its field (with a code, or by a Family Organizer). */
/**
 * The state of a recovery wizard (this one, and a family member's: RecoveredByOrganizer.tsx).
 * `leave` and `restart` first forget the attempt, which wipes its keys in the main process.
 */
export function useRecoveryWizard<Step>(first: Step, forget: () => Promise<unknown>, onCancel: () => void) {
  const [step, setStep] = useState<Step>(first);
  const leave = () => void forget().finally(onCancel);
  const restart = () => void forget().finally(() => setStep(first));
  return { step, setStep, leave, restart };
}

export function EmailedCodeFields({ intro, sent, code, setCode }: { intro: string; sent: { sentTo: string | null; codeDigits: number; expiresInSeconds: number; localMailbox: boolean }; code: string; setCode: (code: string) => void }) {
  return (
    <>
      <p>
        {intro} <strong>{sent.sentTo}</strong>. It has {sent.codeDigits} digits and works for {Math.round(sent.expiresInSeconds / 60)} minutes.
      </p>
      {sent.localMailbox && <LocalMailboxToggle />}
      <Field label="Verification code" inputMode="numeric" autoComplete="one-time-code" required maxLength={sent.codeDigits} value={code} onChange={(e) => setCode(e.target.value)} />
    </>
  );
}

/** Step 3 of a recovery (with a code, or by a Family Organizer): the new account password. */
export function NewPasswordStep({ intro, email, recover }: { intro: string; email: string; recover: (password: string) => Promise<void> }) {
  return <ChooseAccountPassword heading="Choose a new account password" stepCount="Step 3 of 5" intro={intro} email={email} name="" submitLabel="Recover account" busyLabel="Recovering your account…" onSubmit={recover} />;
}

/** The new Emergency Kit after a recovery (with a code, or by a Family Organizer): kept before going on. */
export function NewKitStep({ recovered, stepCount, onDone }: { recovered: { account: Account; secretKey: string }; stepCount: string; onDone: () => void }) {
  return (
    <KeepEmergencyKit
      heading="Save your new Emergency Kit"
      stepCount={stepCount}
      intro="Your account has a new Secret Key, made on this device. You need it with your new password to sign in on your other devices. Your old Emergency Kit no longer works."
      accountId={recovered.account.accountId}
      secretKey={recovered.secretKey}
      secretLabel="Your new Secret Key"
      continueLabel="Continue"
      onDone={onDone}
    />
  );
}

/** The last step of a recovery wizard: what changed (list items), then the buttons. */
export function RecoveredStep({ children, actions }: { children: ReactNode; actions: ReactNode }) {
  return (
    <section className="screen">
      <StepHeading>Your account is recovered</StepHeading>
      <p className="step-count">Step 5 of 5</p>
      <ul className="explained">{children}</ul>
      <div className="button-row">{actions}</div>
    </section>
  );
}

function DoneStep({ secondFactorChecked, cancelled, onDone }: { secondFactorChecked: boolean; cancelled: Recovered['cancelledFamilyRecovery']; onDone: () => void }) {
  return (
    <RecoveredStep
      actions={
        <button type="button" className="primary" onClick={onDone}>
          Continue to Latchkey
        </button>
      }
    >
      <li>
        <strong>Other devices must sign in again.</strong> Every device that was signed in to your account was signed out. Sign in on them with your new password and the Secret Key from your new Emergency Kit.
      </li>
      {cancelled && (
        <li>
          <strong>The recovery {cancelled.organizer} started is cancelled.</strong> You got back in by yourself, so your Family Organizer in {cancelled.familyName} no longer needs to recover you. We emailed them.
        </li>
      )}
      <li>
        <strong>Your recovery code still works.</strong> Keep your Recovery Kit somewhere safe: you can use it again if you are locked out.
      </li>
      <li>
        <strong>Two-step verification is unchanged.</strong> If your account uses it, you still need it to reach your data.
        {secondFactorChecked && ' You just used your second factor, so this device can open your data now; other devices still ask for it.'}
      </li>
      <li>
        <strong>Your data is unchanged.</strong> Everything in your vaults is still there. We emailed you to say your account was recovered.
      </li>
    </RecoveredStep>
  );
}
