/**
 * The recovery code wizard: what a code does, the code itself (to save, print, copy or
 * write down), then typing it back. Nothing changes on the server's active code until the
 * last step; leaving half-way keeps the old code working.
 */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { KitActions } from '../kit/KitActions';
import { RecoveryCodeAnswers } from './RecoveryCodeAnswers';
import { SecretBox } from '../kit/SecretBox';
import { useStepUp } from '../account/StepUpFields';
import { DoneStep, Field, FormFooter, StepHeading, useAction } from '../ui/forms';

type Status = ResponseOf<'recoveryCode.status'>;
type Step = 'intro' | 'code' | 'confirm' | 'done';

export const formatDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });

/** `onClose` says what became of the code when the person left before confirming (null once a new code is set up). */
export function SetupRecoveryCode({ accountId, status, onClose }: { accountId: string; status: Status; onClose: (left: string | null) => void }) {
  const [step, setStep] = useState<Step>('intro');
  const [code, setCode] = useState('');
  // Held here, not in the code step, so that coming back from the confirm step keeps Next enabled.
  const [kept, setKept] = useState<Kept>({ byKit: false, wroteDown: false });
  const [created, setCreated] = useState<Status | null>(null);
  const left = status.status === 'active' ? 'Your recovery code was not changed: the code you had still works.' : 'No recovery code was set up.';
  const leave = () => void call('recoveryCode.cancel', { accountId }).finally(() => onClose(left));

  if (step === 'intro') return <Intro accountId={accountId} status={status} onCancel={leave} onCode={(shown) => (setCode(shown), setStep('code'))} />;
  if (step === 'code') return <ShowCode accountId={accountId} code={code} kept={kept} onKept={setKept} onCancel={leave} onNext={() => setStep('confirm')} />;
  if (step === 'confirm') return <Confirm accountId={accountId} onBack={() => setStep('code')} onConfirmed={(answer) => (setCreated(answer), setStep('done'))} />;
  return (
    <DoneStep heading="Recovery code created" onDone={() => onClose(null)}>
      <p role="status">Your recovery code is set up{created?.createdAt ? ` (${formatDate(created.createdAt)})` : ''}. Any earlier code no longer works.</p>
      <p>If you are ever locked out, choose “Having trouble signing in?” on the sign-in screen, then “Use recovery code”.</p>
    </DoneStep>
  );
}

function Intro({ accountId, status, onCancel, onCode }: { accountId: string; status: Status; onCancel: () => void; onCode: (code: string) => void }) {
  const stepUp = useStepUp(accountId);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onCode((await call('recoveryCode.begin', { accountId, ...(await stepUp.proof()) })).code));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>{status.status === 'active' ? 'Replace your recovery code' : 'Set up a recovery code'}</StepHeading>
      <p className="step-count">Step 1 of 3</p>
      <p>A recovery code gets you back into your account if you forget your account password or lose your Secret Key.</p>
      <ul className="facts-list">
        <li>Using it also needs one more check: a code sent to your account’s email, unless you choose your authenticator app or a security key instead under “Identity checks for recovery”.</li>
        <li>If you lose your authenticator app or security key too, turn two-step verification off from a device that is still signed in.</li>
        <li>The code stays valid after you use it.</li>
      </ul>
      <RecoveryCodeAnswers />
      {status.status === 'active' && status.createdAt && (
        <p className="notice">
          You already have a recovery code, created {formatDate(status.createdAt)}. It keeps working until you confirm the new one at the end of these steps.
        </p>
      )}
      {stepUp.fields}
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Making your code…' : 'Continue'} secondary={{ label: 'Cancel', onClick: onCancel }} />
    </form>
  );
}

interface Kept {
  byKit: boolean;
  wroteDown: boolean;
}

function ShowCode({ accountId, code, kept, onKept, onCancel, onNext }: { accountId: string; code: string; kept: Kept; onKept: (kept: Kept) => void; onCancel: () => void; onNext: () => void }) {
  const { byKit, wroteDown } = kept;
  return (
    <section className="screen">
      <StepHeading>Your recovery code</StepHeading>
      <p className="step-count">Step 2 of 3</p>
      <p>Keep it somewhere safe outside Latchkey: save or print the Recovery Kit, copy the code, or write it down.</p>
      <SecretBox label="Recovery code" value={code} />
      <KitActions accountId={accountId} kind="recovery" onKept={() => onKept({ byKit: true, wroteDown })} />
      <label className="checkbox">
        <input type="checkbox" checked={wroteDown} onChange={(e) => onKept({ byKit, wroteDown: e.target.checked })} /> I wrote my recovery code down
      </label>
      <div className="button-row">
        <button type="button" className="primary" disabled={!byKit && !wroteDown} onClick={onNext}>
          Next
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {!byKit && !wroteDown && <p className="hint">Save, print or copy your code, or tick the box, to go on.</p>}
    </section>
  );
}

function Confirm({ accountId, onBack, onConfirmed }: { accountId: string; onBack: () => void; onConfirmed: (status: Status) => void }) {
  const [typed, setTyped] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onConfirmed(await call('recoveryCode.confirm', { accountId, code: typed })));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Confirm your recovery code</StepHeading>
      <p className="step-count">Step 3 of 3</p>
      <Field label="Type your recovery code" autoComplete="off" spellCheck={false} className="mono" required hint="Type it from the copy you kept: pasting works, but typing it back is what proves your copy is right. Capitals, spaces and dashes don’t matter, and O or 0, I or 1 are read the same." value={typed} onChange={(e) => setTyped(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit="Confirm and finish setup" secondary={{ label: 'Back', onClick: onBack }} />
    </form>
  );
}
