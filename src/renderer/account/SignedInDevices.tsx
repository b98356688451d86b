/** The devices signed in to an account, as the server lists them, with sign-out of one or of all the others. */
import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { formatDate } from '../recovery/SetupRecoveryCode';
import { Alert, Confirm, useAction } from '../ui/forms';

type Device = ResponseOf<'devices.list'>['devices'][number];
type Asking = { kind: 'one'; device: Device } | { kind: 'others' };

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

  const signOut = (what: Asking) =>
    action.run(async () => {
      if (what.kind === 'one') {
        await call('devices.signOut', { accountId, sessionId: what.device.sessionId });
        setStatus(`Signed out ${what.device.deviceName}.`);
      } else {
        const { signedOut } = await call('devices.signOutOthers', { accountId });
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
        <Confirm
          question={
            asking.kind === 'one'
              ? `Sign out ${asking.device.deviceName}? It will need your Secret Key and password to sign in again.`
              : `Sign out ${others === 1 ? 'the other device' : `all ${others} other devices`}? Each will need your Secret Key and password to sign in again.`
          }
          confirm={asking.kind === 'one' ? 'Sign out device' : 'Sign out all other devices'}
          busy={action.busy}
          onConfirm={() => void signOut(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
      {status && (
        <p role="status" className="status">
          {status}
        </p>
      )}
      <Alert>{action.error}</Alert>
      {others > 0 && !asking && (
        <button type="button" onClick={() => (setStatus(''), setAsking({ kind: 'others' }))}>
          Sign out all other devices
        </button>
      )}
    </>
  );
}
