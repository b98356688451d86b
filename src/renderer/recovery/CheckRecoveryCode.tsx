/**
 * "Check recovery code" (Sign-In & Recovery): the user types the code they kept, and this
 * device proves it end to end with the server without using it. Three answers: it works
 * (with the date), it is not the current code (set up a new one), or, when the server cannot
 * be reached, nothing is known yet (the error). Nothing changes either way.
 */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { Alert, FormFooter, StepHeading, useAction } from '../ui/forms';
import { RecoveryCodeField } from './RecoveryCodeField';
import { RecoveryCodeAnswers } from './RecoveryCodeAnswers';
import { formatDate } from './SetupRecoveryCode';

type Result = ResponseOf<'recoveryCode.check'>;

const NOT_CURRENT = 'This is not your current recovery code. It would not get you back in: set up a new one now, and keep it with your Emergency Kit.';
const DOES_NOT_OPEN =
  "The server knows this code, but its copy of what the code unlocks does not open this account, so the code would not get you back in. Set up a new recovery code now; if this happens again, contact whoever runs your sync server.";

export function CheckRecoveryCode({ accountId, onReplace, onClose }: { accountId: string; onReplace: () => void; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    void action.run(async () => setResult(await call('recoveryCode.check', { accountId, code: typed })));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Check your recovery code</StepHeading>
      <p>Type the recovery code you kept, to make sure it gets you back in if you ever need it. Checking uses nothing up and changes nothing: your code, your password and your sessions stay as they are, and no email is sent.</p>
      <RecoveryCodeField label="Your recovery code" hint="Type it from your Recovery Kit or wherever you wrote it down. Capitals, spaces and dashes don’t matter, and O or 0, I or 1 are read the same." value={typed} onChange={setTyped} />
      <p role="status" className="status">
        {action.busy ? 'Checking your code with the server…' : result?.result === 'works' ? `Your recovery code works. Checked ${formatDate(result.checkedAt)}.` : ''}
      </p>
      {result && result.result !== 'works' && (
        <>
          <Alert>{result.result === 'not-current' ? NOT_CURRENT : DOES_NOT_OPEN}</Alert>
          <button type="button" onClick={onReplace}>
            Set up a new recovery code…
          </button>
        </>
      )}
      <FormFooter error={action.error} busy={action.busy} submit="Check" secondary={{ label: 'Back', onClick: onClose }} />
      <RecoveryCodeAnswers />
    </form>
  );
}
