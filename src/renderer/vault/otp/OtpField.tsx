/**
 * A login's live one-time code in the item detail: the code, the seconds until it changes, and
 * Copy (through the secret clipboard). The main process makes each code; the secret never comes
 * here. A new code is asked for when the current one expires, or when the item's version changes.
 */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { call, messageOf } from '../../ipc/call';

type Code = ResponseOf<'vault.otp'>;

export function OtpField({ accountId, vaultId, itemId, version }: { accountId: string; vaultId: string; itemId: string; version: number }) {
  const [code, setCode] = useState<Code | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [message, setMessage] = useState('');
  const expiresAtMs = code === null ? 0 : Date.parse(code.expiresAt);
  const expired = code !== null && now >= expiresAtMs;

  useEffect(() => {
    if (code !== null && !expired) return;
    let current = true;
    call('vault.otp', { accountId, vaultId, itemId })
      .then((next) => current && (setCode(next), setNow(Date.now())))
      .catch((failure: unknown) => current && setMessage(messageOf(failure)));
    return () => {
      current = false;
    };
    // `code` is read only to tell a first fetch; `expired` and the item's identity decide.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId, vaultId, itemId, version, expired]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const copy = () =>
    void call('vault.copyOtp', { accountId, vaultId, itemId })
      .then(({ clearsAt }) => setMessage(`Copied the one-time code. The clipboard is cleared at ${new Date(clearsAt).toLocaleTimeString()}.`))
      .catch((failure: unknown) => setMessage(messageOf(failure)));

  const seconds = code === null ? 0 : Math.max(0, Math.ceil((expiresAtMs - now) / 1000));
  const shown = code === null || expired ? '' : `${code.code.slice(0, code.code.length / 2)} ${code.code.slice(code.code.length / 2)}`;
  return (
    <div className="field otp-field" role="group" aria-label="One-time password">
      <span className="label">One-time password</span>
      <div className="button-row">
        <span role="timer" className="mono otp-code" aria-label="Current one-time code">
          {shown || '… …'}
        </span>
        {code !== null && (
          <span className="hint">
            {`Changes in ${seconds} s`}
            <progress max={code.period} value={seconds} aria-label="Time left for this code" />
          </span>
        )}
        <button type="button" onClick={copy} disabled={shown === ''}>
          Copy code
        </button>
      </div>
      {message && (
        <p className="hint" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
