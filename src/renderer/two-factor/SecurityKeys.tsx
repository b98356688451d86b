/**
 * Security keys: the list in Sign-In & Recovery, adding one (password, a name, then the key),
 * removing one (password), and using one as the second factor. The WebAuthn ceremony runs
 * here with @simplewebauthn/browser: the main process hands over the server's options and
 * takes the key's answer back; neither holds anything secret.
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { formatDate } from '../recovery/SetupRecoveryCode';
import { Alert, DoneStep, Field, FormFooter, StepHeading, useAction } from '../ui/forms';

export type SecurityKey = ResponseOf<'securityKeys.list'>['keys'][number];
type AuthenticationOptions = ResponseOf<'securityKeys.beginCheck'>['options'];
type AuthenticationAnswer = RequestOf<'securityKeys.finishCheck'>['response'];

/**
 * Chromium lets only secure web origins (https, or http://localhost) ask for a security key.
 * The browser host's https://app.latchkey.invalid is one; the Electron host's latchkey://app
 * is not, even registered as a secure scheme (docs/security-design.md, "Security keys").
 */
export function securityKeysReachable(): boolean {
  return window.location.protocol === 'https:' && browserSupportsWebAuthn();
}

export const unreachableHere = 'This Latchkey window can’t reach security keys: the system lets only secure web pages use them.';

/** What went wrong in the ceremony, in words; `hasCode`: the authenticator app is the other way in. */
function ceremonyMessage(failure: unknown, hasCode: boolean): string {
  const name = failure instanceof Error ? failure.name : '';
  const orCode = hasCode ? ', or enter a code from your authenticator app below' : '';
  if (name === 'InvalidStateError') return 'That security key is already registered for this account. Use another key.';
  if (name === 'SecurityError') return `${unreachableHere}${hasCode ? ' Enter a code from your authenticator app instead.' : ''}`;
  if (name === 'NotAllowedError' || name === 'AbortError') return `No security key answered: it was cancelled or timed out, or the key is not one registered for this account. Connect your key and try again${orCode}.`;
  return `The security key could not be used. Try again${orCode}.`;
}

/**
 * Runs a ceremony with the key, saying "touch your key" meanwhile. A failure becomes the
 * form's error, in words, and answers null.
 */
function useKeyCeremony(setError: (message: string) => void, hasCode: boolean) {
  const [waiting, setWaiting] = useState(false);
  async function withKey<T>(ceremony: () => Promise<T>): Promise<T | null> {
    setWaiting(true);
    try {
      return await ceremony();
    } catch (failure) {
      setError(ceremonyMessage(failure, hasCode));
      return null;
    } finally {
      setWaiting(false);
    }
  }
  return { withKey, touchNow: waiting && <p role="status">Touch your security key now.</p> };
}

/** The list of keys under Two-step verification, with Remove for each and Add (or why it can't be added here). */
export function SecurityKeyList({ accountId, onAdd, onRemove }: { accountId: string; onAdd: () => void; onRemove: (key: SecurityKey) => void }) {
  const [keys, setKeys] = useState<SecurityKey[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const load = useCallback(() => void call('securityKeys.list', { accountId }).then((answer) => (setKeys(answer.keys), setLoadError('')), (failure: unknown) => setLoadError(messageOf(failure))), [accountId]);
  useEffect(load, [load]);
  return (
    <>
      <h4 id="security-keys-title">Security keys</h4>
      <p>A security key (such as a YubiKey) is a small device you plug in or hold near your computer and touch. Register more than one, so that losing a key does not lock you out.</p>
      {keys === null && !loadError && <p role="status">Loading your security keys…</p>}
      <Alert>{loadError}</Alert>
      {keys && keys.length === 0 && <p>No security keys yet.</p>}
      {keys && keys.length > 0 && (
        <ul className="device-list" aria-labelledby="security-keys-title">
          {keys.map((key) => (
            <li key={key.id}>
              <div>
                <span className="device-name">{key.name}</span>
                <div className="hint">
                  Added {formatDate(key.createdAt)}, {key.lastUsedAt ? `last used ${formatDate(key.lastUsedAt)}` : 'not used to sign in yet'}
                </div>
              </div>
              <button type="button" aria-label={`Remove security key ${key.name}`} onClick={() => onRemove(key)}>
                Remove…
              </button>
            </li>
          ))}
        </ul>
      )}
      {securityKeysReachable() ? (
        <button type="button" onClick={onAdd}>
          Add a security key…
        </button>
      ) : (
        <p className="notice">{unreachableHere} To add a key, use Latchkey where keys work (see the README); the authenticator app works everywhere.</p>
      )}
    </>
  );
}

export function AddSecurityKey({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [added, setAdded] = useState<SecurityKey | null>(null);
  const action = useAction();
  const { withKey, touchNow } = useKeyCeremony(action.setError, false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { options } = await call('securityKeys.beginRegistration', { accountId, password });
      const response = await withKey(() => startRegistration({ optionsJSON: options }));
      if (response) setAdded((await call('securityKeys.finishRegistration', { accountId, name, response })).key);
    });
  };
  if (added)
    return (
      <DoneStep heading="Security key added" onDone={onClose}>
        <p role="status">“{added.name}” is registered. Signing in on a new device now asks for one of your security keys (or a code from your authenticator app, if it is on). This device is already verified.</p>
        <p>Keep a second key, or the authenticator app, somewhere safe: if you lose your only key, use a device that is still signed in to remove it.</p>
      </DoneStep>
    );
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Add a security key</StepHeading>
      <p>Name the key so you can tell it from others, confirm your password, then touch the key when it blinks.</p>
      <Field label="Name for this key" required maxLength={64} pattern=".*\S.*" title="A name with at least one letter, digit or symbol" hint="Shown in your list of keys and in the email Latchkey sends you." value={name} onChange={(e) => setName(e.target.value)} />
      <Field label="Account password" type="password" autoComplete="current-password" required hint="To make sure it’s you." value={password} onChange={(e) => setPassword(e.target.value)} />
      {touchNow}
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Registering…' : 'Register key'} secondary={{ label: 'Cancel', onClick: onClose }} />
    </form>
  );
}

export function RemoveSecurityKey({ accountId, securityKey, onClose }: { accountId: string; securityKey: SecurityKey; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<ResponseOf<'twoFactor.status'> | null>(null);
  useEffect(() => void call('twoFactor.status', { accountId }).then(setStatus, () => setStatus(null)), [accountId]);
  const lastFactor = status !== null && status.securityKeys === 1 && status.totpEnabledAt === null;
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => (await call('securityKeys.remove', { accountId, password, keyId: securityKey.id }), onClose()));
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Remove “{securityKey.name}”</StepHeading>
      {status && (
        <p>
          {lastFactor
            ? 'This is your only second factor: removing it turns two-step verification off, and your password and Secret Key alone open your account on a new device.'
            : 'The key will no longer work for signing in. Your other second factors stay.'}
        </p>
      )}
      <Field label="Account password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Removing…' : 'Remove key'} secondary={{ label: 'Cancel', onClick: onClose }} />
    </form>
  );
}

/**
 * "Use security key": runs the check with `begin`'s options and hands the key's answer to
 * `finish`. Where this window can't reach a key it says so instead of offering a button that
 * cannot work, and points to the authenticator app if that is the other way (`hasCode`).
 */
export function SecurityKeyCheck({ hasCode, begin, finish, unreachable }: { hasCode: boolean; begin: () => Promise<AuthenticationOptions>; finish: (response: AuthenticationAnswer) => Promise<void>; unreachable: string }) {
  const action = useAction();
  const { withKey, touchNow } = useKeyCeremony(action.setError, hasCode);
  if (!securityKeysReachable())
    return (
      <p className="notice">
        {unreachableHere} {hasCode ? 'Enter a code from your authenticator app instead.' : unreachable}
      </p>
    );
  const use = () =>
    action.run(async () => {
      const options = await begin();
      const response = await withKey(() => startAuthentication({ optionsJSON: options }));
      if (response) await finish(response);
    });
  return (
    <>
      <p>Connect one of your security keys, choose Use security key, then touch the key.</p>
      <Alert>{action.error}</Alert>
      {touchNow}
      <div className="button-row">
        <button type="button" className="primary" disabled={action.busy} onClick={() => void use()}>
          {action.busy ? 'Waiting for your key…' : 'Use security key'}
        </button>
      </div>
    </>
  );
}

/** "Use security key" at the second-factor prompt. */
export function UseSecurityKey({ accountId, hasCode, onPassed }: { accountId: string; hasCode: boolean; onPassed: () => void }) {
  return (
    <SecurityKeyCheck
      hasCode={hasCode}
      begin={async () => (await call('securityKeys.beginCheck', { accountId })).options}
      finish={async (response) => (await call('securityKeys.finishCheck', { accountId, response }), onPassed())}
      unreachable="This account has no authenticator app: sign in with Latchkey where keys work (see the README), or remove the key from a device that is still signed in."
    />
  );
}
