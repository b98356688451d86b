/**
 * What a change to how the account is reached asks for, in one step: the password and, where
 * the account has two-step verification and this device has not passed it, a code from the
 * authenticator app (or, with security keys alone, a touch of a key when the form is sent). The main process proves both to the
 * server (the step-up) before the change; see docs/security-design.md §13.0.3.
 */
import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import type { RequestOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { Field } from '../ui/forms';

type Proof = Pick<RequestOf<'devices.signOutOthers'>, 'password' | 'secondFactor'>;
interface Factors {
  authenticator: boolean;
  securityKey: boolean;
}

export function useStepUp(accountId: string, passwordLabel = 'Account password') {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [factors, setFactors] = useState<Factors>({ authenticator: false, securityKey: false });
  useEffect(() => {
    void Promise.all([call('twoFactor.status', { accountId }), call('accounts.list', {})]).then(
      ([status, { accounts }]) => {
        // The server asks for the second factor again only from a device that has not passed it.
        const needed = status.required && accounts.some((account) => account.accountId === accountId && account.needsSecondFactor);
        setFactors({ authenticator: needed && status.totpEnabledAt !== null, securityKey: needed && status.securityKeys > 0 });
      },
      // Unknown (offline): the server says what it needs when the form is sent.
      () => undefined,
    );
  }, [accountId]);

  const fields = (
    <>
      <Field label={passwordLabel} type="password" autoComplete="current-password" required hint="To make sure it’s you." value={password} onChange={(e) => setPassword(e.target.value)} />
      {factors.authenticator && (
        <Field
          label="Code from your authenticator app"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          pattern="\s*\d{6}\s*"
          hint="Your account uses two-step verification: changes to how it is reached need it too."
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      )}
      {!factors.authenticator && factors.securityKey && <p className="hint">Your account uses two-step verification: when you continue, connect and touch one of your security keys.</p>}
    </>
  );

  /** The password and the second factor, for the channel; with security keys alone, the key is asked now. */
  async function proof(): Promise<Proof> {
    if (factors.authenticator) return { password, secondFactor: { code: code.trim() } };
    if (!factors.securityKey) return { password };
    const { options } = await call('stepUp.securityKeyChallenge', { accountId });
    return { password, secondFactor: { securityKey: await startAuthentication({ optionsJSON: options }) } };
  }

  return { fields, proof, password };
}
