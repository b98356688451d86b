/**
 * Two-step verification: its status and the authenticator app's controls in Sign-In &
 * Recovery, the screens that turn the app on and off, and the second factor asked for when
 * this device's session has not passed it yet (after signing in, or after it was turned on
 * elsewhere): a security key (./SecurityKeys.tsx) or a code from the app.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { SecretBox } from '../kit/SecretBox';
import { formatDate } from '../recovery/SetupRecoveryCode';
import { Alert, DoneStep, Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { UseSecurityKey } from './SecurityKeys';

type Status = ResponseOf<'twoFactor.status'>;
export type TwoFactorFlow = 'enable' | 'disable';

const noBypass = 'A recovery code does not get around two-step verification: after using one, you still need your authenticator app or security key to read your data.';
const ifLost =
  'Keep the setup key somewhere safe outside Latchkey (with your Emergency Kit, for example), so you can add it to a new phone. If you lose your phone and have no copy, use a device that is still signed in to turn two-step verification off, then set it up again.';

/** One sentence for the second factors the account has. */
function describeFactors(status: Status): string {
  const keys = status.securityKeys === 1 ? 'a security key' : `${status.securityKeys} security keys`;
  if (status.totpEnabledAt)
    return status.securityKeys > 0
      ? `On: an authenticator app, since ${formatDate(status.totpEnabledAt)}, and ${keys}. Signing in on a new device asks for a code from the app or one of the keys.`
      : `On: an authenticator app, since ${formatDate(status.totpEnabledAt)}. Signing in on a new device asks for a code from it.`;
  if (status.securityKeys > 0) return `On: ${keys}. Signing in on a new device asks for ${status.securityKeys === 1 ? 'it' : 'one of them'}.`;
  return 'Off. Turn it on so that your password and Secret Key alone cannot open your data on a new device.';
}

/** The status line and the button that opens the authenticator app's flow that fits it. */
export function TwoFactorSummary({ accountId, onOpen }: { accountId: string; onOpen: (flow: TwoFactorFlow) => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => void call('twoFactor.status', { accountId }).then(setStatus, () => setStatus(null)), [accountId]);
  if (!status) return <p role="status">Checking two-step verification…</p>;
  return (
    <>
      <p>{describeFactors(status)}</p>
      <p className="hint">{noBypass}</p>
      <h4>Authenticator app</h4>
      <button type="button" onClick={() => onOpen(status.totpEnabledAt ? 'disable' : 'enable')}>
        {status.totpEnabledAt ? 'Turn off the authenticator app' : 'Set up an authenticator app'}
      </button>
    </>
  );
}

export function EnableAuthenticator({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const [setup, setSetup] = useState<ResponseOf<'twoFactor.begin'> | null>(null);
  const [enabled, setEnabled] = useState(false);
  if (enabled)
    return (
      <DoneStep heading="Two-step verification is on" onDone={onClose}>
        <p role="status">From now on, signing in on a new device asks for a code from your authenticator app. This device is already verified.</p>
        <p>{ifLost}</p>
      </DoneStep>
    );
  if (setup) return <ScanAndConfirm accountId={accountId} setup={setup} onEnabled={() => setEnabled(true)} onCancel={onClose} />;
  return <ConfirmPassword accountId={accountId} onSetup={setSetup} onCancel={onClose} />;
}

function ConfirmPassword({ accountId, onSetup, onCancel }: { accountId: string; onSetup: (setup: ResponseOf<'twoFactor.begin'>) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onSetup(await call('twoFactor.begin', { accountId, password })));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Set up an authenticator app</StepHeading>
      <p>An authenticator app (such as one on your phone) shows a new 6-digit code every 30 seconds. Once it is set up, signing in on a new device needs a code from it as well as your password and Secret Key.</p>
      <p>{noBypass}</p>
      <Field label="Account password" type="password" autoComplete="current-password" required hint="To make sure it’s you." value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Checking your password…' : 'Continue'} secondary={{ label: 'Cancel', onClick: onCancel }} />
    </form>
  );
}

function ScanAndConfirm({ accountId, setup, onEnabled, onCancel }: { accountId: string; setup: ResponseOf<'twoFactor.begin'>; onEnabled: () => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => (await call('twoFactor.activate', { accountId, code }), onEnabled()));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Add Latchkey to your authenticator app</StepHeading>
      <p>Scan the QR code with the app, or type the setup key into it. Then enter the code it shows.</p>
      <img className="qr-code" src={setup.qrCode} alt="QR code for your authenticator app" width={240} height={240} />
      <SecretBox label="Setup key" value={setup.secret.replace(/(.{4})(?=.)/g, '$1 ')} />
      <p className="hint">{ifLost}</p>
      <CodeField value={code} onChange={setCode} />
      <FormFooter error={action.error} busy={action.busy} submit="Turn on" secondary={{ label: 'Cancel', onClick: onCancel }} />
    </form>
  );
}

export function DisableAuthenticator({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => void call('twoFactor.status', { accountId }).then(setStatus, () => setStatus(null)), [accountId]);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => (await call('twoFactor.disable', { accountId, password, code }), onClose()));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Turn off the authenticator app</StepHeading>
      <p>
        {status && status.securityKeys > 0
          ? 'Two-step verification stays on: signing in on a new device will ask for one of your security keys.'
          : 'This turns two-step verification off: afterwards, your password and Secret Key alone open your account on a new device.'}
      </p>
      <Field label="Account password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <CodeField value={code} onChange={setCode} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Turning off…' : 'Turn off'} secondary={{ label: 'Cancel', onClick: onClose }} />
    </form>
  );
}

/**
 * Shown instead of the account while this device's session has not passed the second factor:
 * a security key first where the account has one, and the authenticator app's code if it is on.
 * The heading appears once the account's factors are known, so focus starts on a finished screen.
 */
export function SecondFactorPrompt({ account, onPassed, onLock, onBack }: { account: { accountId: string; email: string }; onPassed: () => void; onLock: () => void; onBack: () => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [loadError, setLoadError] = useState('');
  const [code, setCode] = useState('');
  const action = useAction();
  useEffect(() => void call('twoFactor.status', { accountId: account.accountId }).then(setStatus, (failure: unknown) => setLoadError(messageOf(failure))), [account.accountId]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => (await call('twoFactor.verify', { accountId: account.accountId, code }), onPassed()));
  };
  // While the factor waits, the person may switch to another account (Manage Accounts says this one still needs it).
  const back = (
    <button type="button" onClick={onBack}>
      All accounts
    </button>
  );
  const lock = (
    <>
      <button type="button" onClick={onLock}>
        Lock
      </button>
      {back}
    </>
  );
  if (!status)
    return (
      <section className="screen" aria-label="Two-step verification">
        {loadError ? <Alert>{loadError}</Alert> : <p role="status">Checking two-step verification…</p>}
        <div className="button-row">{lock}</div>
      </section>
    );
  const hasCode = status.totpEnabledAt !== null;
  return (
    <section className="screen">
      <StepHeading>Two-step verification</StepHeading>
      <p>{account.email} uses two-step verification. {status.securityKeys === 0 ? 'Enter the code your authenticator app shows now' : hasCode ? 'Use one of your security keys, or a code from your authenticator app,' : 'Use one of your security keys'} to open your data on this device.</p>
      {status.securityKeys > 0 && <UseSecurityKey accountId={account.accountId} hasCode={hasCode} onPassed={onPassed} />}
      {hasCode ? (
        <form onSubmit={submit}>
          {status.securityKeys > 0 && <h2>Or enter a code</h2>}
          <CodeField value={code} onChange={setCode} />
          <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Checking…' : 'Verify'} secondary={{ label: 'Lock', onClick: onLock }} />
          <div className="button-row">{back}</div>
        </form>
      ) : (
        <div className="button-row">{lock}</div>
      )}
      <p className="hint">{status.securityKeys > 0 ? 'Lost your security key? Use a device that is still signed in to remove it' + (hasCode ? ', or enter a code from your authenticator app.' : '.') : 'Lost your authenticator app? Use a device that is still signed in to turn two-step verification off, or add your saved setup key to a new app.'}</p>
    </section>
  );
}

export function CodeField({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  return <Field label="Code from your authenticator app" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required className="mono" value={value} onChange={(e) => onChange(e.target.value)} />;
}
