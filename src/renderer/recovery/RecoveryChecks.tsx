/**
 * The identity checks a recovery with the code asks for, in Sign-In & Recovery: what they are
 * now, and the screen that changes them (password first; each check only once it is set up).
 */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { useChannel } from '../ipc/use-channel';
import { useStepUp } from '../account/StepUpFields';
import { DoneStep, FormFooter, StepHeading, useAction } from '../ui/forms';

type Status = ResponseOf<'recoveryChecks.status'>;
type Check = Status['checks'][number];

const names: Record<Check, string> = { email: 'A code sent to your email', authenticator: 'A code from your authenticator app', securityKey: 'A security key' };
const notSetUp: Record<Exclude<Check, 'email'>, string> = { authenticator: 'Set up an authenticator app first.', securityKey: 'Register a security key first.' };
const order: readonly Check[] = ['email', 'authenticator', 'securityKey'];

const TRADE_OFF =
  'A check that needs something you keep only inside Latchkey can lock you out. If your email password (or its two-step codes) is saved only here, choose your authenticator app or a security key instead of email.';

const describe = (checks: readonly Check[]) => checks.map((check) => names[check].replace(/^A /, 'a ')).join(' or ');

export function RecoveryChecksSummary({ accountId, onOpen }: { accountId: string; onOpen: () => void }) {
  const status = useChannel('recoveryChecks.status', { accountId });
  if (status.status !== 'ready') return <p role="status">{status.status === 'failed' ? `The recovery checks are not available: ${status.error.message}` : 'Checking how recovery asks who you are…'}</p>;
  return (
    <>
      <p>After your recovery code, a recovery asks for {describe(status.value.checks)}.</p>
      <button type="button" onClick={onOpen}>
        Choose identity checks…
      </button>
    </>
  );
}

/** `preselect`: a factor ticked on top of the current choice when the screen opens (the readiness checklist's one-click fix). */
export function ChangeRecoveryChecks({ accountId, preselect, onClose }: { accountId: string; preselect?: Exclude<Check, 'email'>; onClose: () => void }) {
  const loaded = useChannel('recoveryChecks.status', { accountId });
  const status = loaded.status === 'ready' ? loaded.value : null;
  // Until the user changes something, the current choice (with the preselected factor, if it is set up).
  const [picked, setPicked] = useState<Check[] | null>(null);
  const current = status ? order.filter((kind) => status.checks.includes(kind) || (kind === preselect && status.available[kind])) : [];
  const chosen = picked ?? current;
  const stepUp = useStepUp(accountId);
  const [saved, setSaved] = useState<Status | null>(null);
  const action = useAction();
  if (saved)
    return (
      <DoneStep heading="Identity checks saved" onDone={onClose}>
        <p role="status">After your recovery code, a recovery now asks for {describe(saved.checks)}. We emailed you about the change.</p>
      </DoneStep>
    );
  const toggle = (check: Check, on: boolean) => setPicked(order.filter((kind) => (kind === check ? on : chosen.includes(kind))));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return action.setError('Choose at least one way to prove it’s you.');
    void action.run(async () => setSaved(await call('recoveryChecks.change', { accountId, ...(await stepUp.proof()), checks: chosen })));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Identity checks for recovery</StepHeading>
      <p>Whoever uses your recovery code must also pass one of the checks you choose here. Email is the default.</p>
      <p className="notice">{TRADE_OFF}</p>
      {status ? (
        <fieldset className="choices">
          <legend>After the recovery code, accept</legend>
          {order.map((check) => {
            const available = status.available[check];
            const hintId = `recovery-check-${check}-hint`;
            return (
              <div key={check}>
                <label className="checkbox">
                  <input type="checkbox" checked={chosen.includes(check)} disabled={!available} aria-describedby={available ? undefined : hintId} onChange={(e) => toggle(check, e.target.checked)} /> {names[check]}
                </label>
                {check !== 'email' && !available && (
                  <p className="hint" id={hintId}>
                    {notSetUp[check]}
                  </p>
                )}
              </div>
            );
          })}
        </fieldset>
      ) : (
        <p role="status">{loaded.status === 'failed' ? `Your current choice could not be loaded: ${loaded.error.message}` : 'Loading your current choice…'}</p>
      )}
      <p className="hint">If you later turn off a factor you chose here, recovery stops offering it; if nothing else is left, it goes back to email.</p>
      {stepUp.fields}
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Saving…' : 'Save'} secondary={{ label: 'Cancel', onClick: onClose }} />
    </form>
  );
}
