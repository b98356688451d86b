/**
 * The devices signed in to an account, as the server lists them, with sign-out of one or of all
 * the others: a change to how the account is reached, so it asks for the password (and the
 * second factor where the account has one) with the confirmation.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { formatDate } from '../recovery/SetupRecoveryCode';
import { Alert, useAction } from '../ui/forms';
import { useStepUp } from './StepUpFields';

type Device = ResponseOf<'devices.list'>['devices'][number];
type Asking = { kind: 'one'; device: Device } | { kind: 'others' };
type Proof = Awaited<ReturnType<ReturnType<typeof useStepUp>['proof']>>;

const platformNames: Record<Device['platform'], string> = { macos: 'macOS', windows: 'Windows', linux: 'Linux', other: 'another system' };

export function SignedInDevices({ accountId }: { accountId: string }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [asking, setAsking] = useState<Asking | null>(null);
  const [status, setStatus] = useState('');
  const action = useAction();
  const load = useCallback(() => {
    void call('devices.list', { accountId }).then(
      (answer) => (setDevices(answer.devices), setLoadError('')),
      (failure: unknown) => setLoadError(messageOf(failure)),
    );
  }, [accountId]);
  useEffect(load, [load]);

  const signOut = (what: Asking, proof: () => Promise<Proof>) =>
    action.run(async () => {
      if (what.kind === 'one') {
        await call('devices.signOut', { accountId, sessionId: what.device.sessionId, ...(await proof()) });
        setStatus(`Signed out ${what.device.deviceName}.`);
      } else {
        const { signedOut } = await call('devices.signOutOthers', { accountId, ...(await proof()) });
        setStatus(signedOut === 1 ? 'Signed out 1 other device.' : `Signed out ${signedOut} other devices.`);
      }
      setAsking(null);
      load();
    });

  const others = devices?.filter((device) => !device.current).length ?? 0;
  return (
    <>
      <h3 id="devices-title">Signed-in devices</h3>
      {devices === null && !loadError && <p role="status">Loading your devices…</p>}
      <Alert>{loadError}</Alert>
      {devices && (
        <ul className="device-list" aria-labelledby="devices-title">
          {devices.map((device) => (
            <li key={device.sessionId}>
              <div>
                <span className="device-name">{device.deviceName}</span>
                {device.current && <span className="badge">This device</span>}
                <div className="hint">
                  {platformNames[device.platform]}, signed in {formatDate(device.createdAt)}, last active {formatDate(device.lastUsedAt)}
                </div>
              </div>
              {!device.current && (
                <button type="button" aria-label={`Sign out ${device.deviceName}, signed in ${formatDate(device.createdAt)}`} onClick={() => (setStatus(''), setAsking({ kind: 'one', device }))}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {asking && (
        <ConfirmSignOut
          accountId={accountId}
          question={
            asking.kind === 'one'
              ? `Sign out ${asking.device.deviceName}? It will need your Secret Key and password to sign in again.`
              : `Sign out ${others === 1 ? 'the other device' : `all ${others} other devices`}? Each will need your Secret Key and password to sign in again.`
          }
          confirm={asking.kind === 'one' ? 'Sign out device' : 'Sign out all other devices'}
          busy={action.busy}
          error={action.error}
          onConfirm={(proof) => void signOut(asking, proof)}
          onCancel={() => setAsking(null)}
        />
      )}
      {status && (
        <p role="status" className="status">
          {status}
        </p>
      )}
      {!asking && <Alert>{action.error}</Alert>}
      {others > 0 && !asking && (
        <button type="button" onClick={() => (setStatus(''), setAsking({ kind: 'others' }))}>
          Sign out all other devices
        </button>
      )}
    </>
  );
}

/** The question, the password (and second factor) and the button, together; the question takes focus so it is read first. */
function ConfirmSignOut(props: { accountId: string; question: ReactNode; confirm: string; busy: boolean; error: string; onConfirm: (proof: () => Promise<Proof>) => void; onCancel: () => void }) {
  const stepUp = useStepUp(props.accountId);
  const id = useId();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onConfirm(stepUp.proof);
  };
  return (
    <div role="group" aria-labelledby={id} className="confirm">
      <p id={id} tabIndex={-1} ref={ref}>
        {props.question}
      </p>
      <form onSubmit={submit}>
        {stepUp.fields}
        <Alert>{props.error}</Alert>
        <div className="button-row">
          <button type="submit" className="danger" disabled={props.busy}>
            {props.confirm}
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
