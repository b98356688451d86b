/**
 * Choosing an account password, typed twice, with the strength meter. The strength comes from
 * the main process (debounced), which refuses a weak password again on submit. Used at sign-up,
 * when recovering an account with a recovery code, and when changing the password (which puts
 * the current password field first, through `before`).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { Alert, Field, StepHeading, useAction } from '../ui/forms';

const labels = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

export function ChooseAccountPassword(props: {
  heading: string;
  stepCount?: string;
  intro: ReactNode;
  /** Fields shown before the new password's. */
  before?: ReactNode;
  /** The new password's label. */
  label?: string;
  onCancel?: () => void;
  email: string;
  name: string;
  submitLabel: string;
  busyLabel: string;
  /** Runs with the chosen password; a thrown error is shown under the fields. */
  onSubmit: (password: string) => Promise<void>;
}) {
  const { email, name } = props;
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [answer, setAnswer] = useState<ResponseOf<'password.strength'> | null>(null);
  const strength = password ? answer : null;
  const action = useAction();

  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = setTimeout(() => void call('password.strength', { password, email, name }).then((result) => current && setAnswer(result), () => undefined), 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, email, name]);

  const mismatch = confirmation.length > 0 && confirmation !== password ? 'The two passwords are different.' : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The difference is already said once, under the second field (and both are required, so neither is empty here).
    if (password !== confirmation) return;
    void action.run(() => props.onSubmit(password));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>{props.heading}</StepHeading>
      {props.stepCount && <p className="step-count">{props.stepCount}</p>}
      <p>{props.intro}</p>
      {props.before}
      <Field label={props.label ?? 'Account password'} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={strength && !strength.acceptable ? strength.feedback : undefined} />
      {strength && (
        <div className="strength">
          <meter aria-label="Password strength" min={0} max={4} low={2} high={3} optimum={4} value={strength.score} />
          <span role="status">{labels[strength.score]}</span>
        </div>
      )}
      <Field label="Type it again" type="password" autoComplete="new-password" required value={confirmation} onChange={(e) => setConfirmation(e.target.value)} error={mismatch} />
      <Alert>{action.error}</Alert>
      <div className="button-row">
        {/* Enabled while the strength is still being checked, so Enter right after typing is never lost: the main process checks it again anyway. */}
        <button type="submit" className="primary" disabled={action.busy || strength?.acceptable === false}>
          {action.busy ? props.busyLabel : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      {action.busy && <p role="status">Making your keys. This takes a few seconds.</p>}
    </form>
  );
}
